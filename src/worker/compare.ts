/**
 * The worker's side of the compare view: run the requested methods on the same ratings (the
 * rating-gradient methods as one batched inner loop, list methods one after the other), project
 * every state onto the map, and add the "most informative next" order and the prefix top lists.
 * Never touches `self`; imports nothing from src/ui or src/state.
 */
import { biasBaseline, compareGradient, compareList, prefixTops, type MethodTrace } from '../model/compare';
import { informativeOrder } from '../model/elicitation';
import type { MethodManifest, MethodName, Projection } from '../model/format';
import { projectTrajectory } from '../model/projection';
import type { Recommender } from '../model/recommender';
import type { ShippedModel } from '../model/shipped';
import { TRAINED_INIT, type TrainedTraceView } from './metatrainProtocol';
import {
  BIAS_BASELINE,
  type ComparedMethod,
  type CompareRequest,
  type MethodTraceView,
  type Objective,
  type WorkerEvent,
} from './protocol';

const TOP = 10;
const INFORMATIVE = 60;

export async function runCompare(
  req: CompareRequest,
  model: ShippedModel,
  recommender: (name: MethodName) => Recommender,
  appMethod: MethodName,
  now: () => number,
  /** Never listed (below the floor or excluded) and, `excluded`, never offered. */
  hidden: { unlisted: ReadonlySet<number>; excluded: ArrayLike<number> } = {
    unlisted: new Set(),
    excluded: [],
  },
): Promise<Extract<WorkerEvent, { type: 'compareDone' }>> {
  const t0 = now();
  const support = { items: req.items, ratings: req.ratings };
  const steps = Math.max(1, Math.min(50, Math.round(req.steps)));
  const projection = model.manifest.projection;
  const known = new Map<ComparedMethod, MethodManifest>(model.manifest.methods.map((m) => [m.name, m]));
  const wanted = req.methods.filter((m, i) => req.methods.indexOf(m) === i);
  const ofKind = (kind: 'gradient' | 'list' | 'prototype') =>
    wanted.filter((m) => known.get(m)?.rule.kind === kind) as MethodName[];
  const project = (states: Float32Array, width: number) => projectTrajectory(projection, states, width);
  const label = (m: ComparedMethod) => known.get(m)?.label ?? m;
  const traces = new Map<ComparedMethod, MethodTraceView>();
  const add = (t: MethodTrace, kind: MethodTraceView['kind'], objective: Objective) => {
    const name = t.name as MethodName;
    const rec = recommender(name);
    traces.set(name, {
      method: name,
      label: label(name),
      kind,
      objective,
      losses: t.losses,
      trajectory: project(t.states, rec.dim + 1),
      tops: t.tops,
      diverged: t.diverged,
    });
  };
  const lr = req.lr === null ? {} : { lr: req.lr };

  const batch = await compareGradient(
    ofKind('gradient').map((name) => ({ name, rec: recommender(name) })),
    support,
    { steps, adaptBias: req.adaptBias, ...lr, topK: TOP },
  );
  for (const t of batch) add(t, 'gradient', 'rating');
  const lists = await compareList(
    ofKind('list').map((name) => ({ name, rec: recommender(name) })),
    support,
    { steps, ...lr, topK: TOP, unlisted: hidden.unlisted },
  );
  for (const t of lists)
    add(t, recommender(t.name as MethodName).stepwise ? 'gradient' : 'closed-form', 'list');
  for (const m of ofKind('prototype')) traces.set(m, await ratingPrototype(m, recommender(m)));

  const app = recommender(appMethod);
  if (wanted.includes(BIAS_BASELINE)) {
    const bias = biasTrace(model, recommender, app, support);
    if (bias) traces.set(BIAS_BASELINE, bias);
  }

  const adapted = await app.adapt(support);
  const counts = Float32Array.from(model.catalog.movies, (row) => row[4]);
  const informative = informativeOrder(
    {
      vectors: app.vectors,
      biases: app.biases,
      phi: adapted.phi,
      lr: app.params.innerLr,
      counts,
      objective: app.rule.kind === 'list' ? 'list' : 'rating',
    },
    [...req.items, ...req.skipped, ...Array.from(hidden.excluded)],
    INFORMATIVE,
  );
  return {
    type: 'compareDone',
    requestId: req.id,
    steps,
    traces: wanted.flatMap((m) => traces.get(m) ?? []),
    prefixTops: await prefixTops(app, support, TOP, hidden.unlisted),
    informative,
    ms: now() - t0,
  };

  /** The rating model's prototype: one closed-form state, its MSE on the support. */
  async function ratingPrototype(name: MethodName, rec: Recommender): Promise<MethodTraceView> {
    const { phi } = await rec.adapt(support);
    const scores = await rec.scoreCatalog(phi);
    const rated = new Set(req.items);
    const top = Int32Array.from(
      Array.from({ length: scores.length }, (_, i) => i)
        .filter((i) => !rated.has(i))
        .sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0))
        .slice(0, TOP),
    );
    const pred = rec.predictItems(phi, req.items);
    let loss = 0;
    pred.forEach((p, j) => (loss += (p - (req.ratings[j] ?? 0)) ** 2));
    return {
      method: name,
      label: label(name),
      kind: 'closed-form',
      objective: 'rating',
      losses: Float32Array.of(req.items.length ? loss / req.items.length : 0),
      trajectory: project(phi, rec.dim + 1),
      tops: top,
      diverged: false,
    };
  }

  /**
   * The bias baseline mu + b_i + b_u: beside list methods from the model's rating head (none
   * without one), beside rating methods from the pretrain method's item biases (mu included).
   * Its loss is the MSE of its stars. It has no user vector: on the map it sits at the origin.
   */
  function biasTrace(
    shipped: ShippedModel,
    rec: (name: MethodName) => Recommender,
    appRec: Recommender,
    ratings: { items: Int32Array; ratings: Float32Array },
  ): MethodTraceView | null {
    let itemBiases: Float32Array;
    let lambda: number;
    if (appRec.rule.kind === 'list') {
      const head = shipped.ratingHead;
      if (!head) return null;
      itemBiases = Float32Array.from(head.itemBias, (b) => head.mu + b);
      lambda = head.lambdaUser;
    } else {
      itemBiases = rec(known.has('pretrain') ? 'pretrain' : appMethod).biases;
      lambda = Number(shipped.manifest.hyperparameters.biasLambdaUser ?? 10);
    }
    const out = biasBaseline(itemBiases, ratings, Number.isFinite(lambda) ? lambda : 10, TOP);
    return {
      method: BIAS_BASELINE,
      label: 'Bias baseline',
      kind: 'closed-form',
      objective: 'rating',
      losses: Float32Array.of(out.loss),
      trajectory: project(new Float32Array(appRec.dim + 1), appRec.dim + 1),
      tops: out.top,
      diverged: false,
    };
  }
}

/**
 * The initialization the training panel trains, adapted on a compare request's ratings like the
 * list methods (compareDone's `trained`), labelled with its step.
 */
export async function trainedTrace(
  req: CompareRequest,
  t: { rec: Recommender; step: number },
  projection: Projection,
  unlisted: ReadonlySet<number>,
): Promise<TrainedTraceView> {
  const support = { items: req.items, ratings: req.ratings };
  const steps = Math.max(1, Math.min(50, Math.round(req.steps)));
  const opts = { steps, ...(req.lr === null ? {} : { lr: req.lr }), topK: TOP, unlisted };
  const [run] = await compareList([{ name: TRAINED_INIT, rec: t.rec }], support, opts);
  const r = run as MethodTrace;
  return {
    method: TRAINED_INIT,
    label: `Trained here (step ${t.step})`,
    kind: t.rec.stepwise ? 'gradient' : 'closed-form',
    objective: 'list',
    losses: r.losses,
    trajectory: projectTrajectory(projection, r.states, t.rec.dim + 1),
    tops: r.tops,
    diverged: r.diverged,
  };
}

/** The typed arrays of a compareDone event, to transfer instead of copy. */
export function compareTransfer(e: Extract<WorkerEvent, { type: 'compareDone' }>): Transferable[] {
  const out: Transferable[] = [e.prefixTops.buffer, e.informative.buffer];
  for (const t of [...e.traces, ...(e.trained ? [e.trained] : [])])
    out.push(t.losses.buffer, t.trajectory.buffer, t.tops.buffer);
  return [...new Set(out)];
}
