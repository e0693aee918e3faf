/**
 * The worker's side of the compare view: run the requested methods on the same ratings (the
 * gradient methods as one batched inner loop), project every state onto the map, and add the
 * "most informative next" order and the prefix top lists. Never touches `self`; imports nothing
 * from src/ui or src/state.
 */
import { biasBaseline, compareGradient, prefixTops, type MethodTrace } from '../model/compare';
import { informativeOrder } from '../model/elicitation';
import type { MethodName } from '../model/format';
import { projectUser } from '../model/projection';
import type { Recommender } from '../model/recommender';
import type { ShippedModel } from '../model/shipped';
import { BIAS_BASELINE, type CompareRequest, type MethodTraceView, type WorkerEvent } from './protocol';

const TOP = 10;
const INFORMATIVE = 60;

export async function runCompare(
  req: CompareRequest,
  model: ShippedModel,
  recommender: (name: MethodName) => Recommender,
  appMethod: MethodName,
  now: () => number,
): Promise<Extract<WorkerEvent, { type: 'compareDone' }>> {
  const t0 = now();
  const support = { items: req.items, ratings: req.ratings };
  const steps = Math.max(1, Math.min(50, Math.round(req.steps)));
  const projection = model.manifest.projection;
  const known = new Map(model.manifest.methods.map((m) => [m.name as string, m]));
  const wanted = req.methods.filter((m, i) => req.methods.indexOf(m) === i);
  const gradient = wanted.filter((m) => known.get(m)?.rule.kind === 'gradient') as MethodName[];
  const project = (states: Float32Array, width: number): Float32Array => {
    const count = Math.floor(states.length / width);
    const out = new Float32Array(count * 2);
    for (let s = 0; s < count; s++) {
      const [x, y] = projectUser(projection, states.subarray(s * width, (s + 1) * width));
      out[2 * s] = Number.isFinite(x) ? x : 0;
      out[2 * s + 1] = Number.isFinite(y) ? y : 0;
    }
    return out;
  };
  const label = (m: string) => known.get(m)?.label ?? m;

  const traces = new Map<string, MethodTraceView>();
  const batch = await compareGradient(
    gradient.map((name) => ({ name, rec: recommender(name) })),
    support,
    { steps, adaptBias: req.adaptBias, ...(req.lr === null ? {} : { lr: req.lr }), topK: TOP },
  );
  batch.forEach((t: MethodTrace) => {
    const rec = recommender(t.name as MethodName);
    const width = rec.dim + 1;
    const last = t.states.subarray(t.states.length - width);
    const top = t.tops.subarray(t.tops.length - TOP);
    traces.set(t.name, {
      method: t.name,
      label: label(t.name),
      kind: 'gradient',
      losses: t.losses,
      trajectory: project(t.states, width),
      tops: t.tops,
      topPredicted: rec.predictItems(last, top),
      diverged: t.diverged,
    });
  });

  for (const m of wanted) {
    if (known.get(m)?.rule.kind === 'prototype') {
      const rec = recommender(m as MethodName);
      const { phi } = await rec.adapt(support);
      const scores = await rec.scoreCatalog(phi);
      const rated = new Set(req.items);
      const order: number[] = [];
      const idx = Array.from({ length: scores.length }, (_, i) => i)
        .filter((i) => !rated.has(i))
        .sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
      order.push(...idx.slice(0, TOP));
      const pred = rec.predictItems(phi, req.items);
      let loss = 0;
      pred.forEach((p, j) => (loss += (p - (req.ratings[j] ?? 0)) ** 2));
      const top = Int32Array.from(order);
      traces.set(m, {
        method: m,
        label: label(m),
        kind: 'closed-form',
        losses: Float32Array.of(req.items.length ? loss / req.items.length : 0),
        trajectory: project(phi, rec.dim + 1),
        tops: top,
        topPredicted: rec.predictItems(phi, top),
        diverged: false,
      });
    } else if (m === BIAS_BASELINE) {
      // b_i from the pretrain method's item biases (mu included): no extra shipped array needed.
      const rec = recommender(known.has('pretrain') ? ('pretrain' as MethodName) : appMethod);
      const lambda = Number(model.manifest.hyperparameters.biasLambdaUser ?? 10);
      const out = biasBaseline(rec.biases, support, Number.isFinite(lambda) ? lambda : 10, TOP);
      // The baseline has no user vector: on the map it sits at the origin of the user space.
      traces.set(m, {
        method: m,
        label: 'Bias baseline',
        kind: 'closed-form',
        losses: Float32Array.of(out.loss),
        trajectory: project(new Float32Array(rec.dim + 1), rec.dim + 1),
        tops: out.top,
        topPredicted: Float32Array.from(out.top, (i) => out.predict(i)),
        diverged: false,
      });
    }
  }

  const app = recommender(appMethod);
  const adapted = await app.adapt(support);
  const counts = Float32Array.from(model.catalog.movies, (row) => row[4]);
  const informative = informativeOrder(
    { vectors: app.vectors, biases: app.biases, phi: adapted.phi, lr: app.params.innerLr, counts },
    [...req.items, ...req.skipped],
    INFORMATIVE,
  );
  return {
    type: 'compareDone',
    requestId: req.id,
    steps,
    traces: wanted.flatMap((m) => traces.get(m) ?? []),
    prefixTops: await prefixTops(app, support, TOP),
    informative,
    ms: now() - t0,
  };
}

/** The typed arrays of a compareDone event, to transfer instead of copy. */
export function compareTransfer(e: Extract<WorkerEvent, { type: 'compareDone' }>): Transferable[] {
  const out: Transferable[] = [e.prefixTops.buffer, e.informative.buffer];
  for (const t of e.traces)
    out.push(t.losses.buffer, t.trajectory.buffer, t.tops.buffer, t.topPredicted.buffer);
  return [...new Set(out)];
}
