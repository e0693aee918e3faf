/**
 * Adaptation, the adapt request's run: the inner loop and the catalog's scores in one readback,
 * the repair of a run that went to NaN (keep the last good state), the top-N with its "because you
 * rated" reasons, and the `adaptDone` result that carries the run's steps (losses and trajectory).
 * handler.ts schedules runs (one at a time, a newer one supersedes); this runs one. Never touches
 * `self`.
 */
import { STATE_LIMIT } from '../model/compare';
import type { MethodName, Projection } from '../model/format';
import { hideUnlistable } from '../model/listFloor';
import { projectTrajectory } from '../model/projection';
import { explainList, type Reason } from '../model/reasons';
import { topN, type Recommender } from '../model/recommender';
import type { AdaptRequest, InjectRequest, Recommendation } from './protocol';
import type { HandlerDeps, Session } from './session';

const DEFAULT_TOP_N = 20;

/** One scheduled run: the request, the method it runs and when to stop. */
export interface AdaptRun {
  req: AdaptRequest;
  rec: Recommender;
  name: MethodName;
  projection: Projection;
  /** Inner steps (0: one state, the start). */
  steps: number;
  /** When the request arrived (the result's `ms`). */
  t0: number;
  /** A newer adapt superseded this one: stop and post `cancelled`. */
  cancelled: () => boolean;
  /** The test hook's one-shot faults ('nan' and 'lose-gpu' fire here). */
  armed: Set<InjectRequest['fault']>;
}

/** Run one adaptation and post its result (`adaptDone`, `cancelled` or an error). */
export async function runAdaptation(
  run: AdaptRun,
  session: Session,
  post: HandlerDeps['post'],
  now: () => number,
): Promise<void> {
  const { req, rec, name, projection, steps, t0, cancelled } = run;
  const support = { items: req.items, ratings: req.ratings };
  const poison = req.items.length > 0 && run.armed.delete('nan');
  const lr = poison ? Infinity : req.lr;
  // The steps and the scores come back in one readback, checked for bad numbers before they are posted.
  const pending = rec.adaptAndScore(support, () => {}, {
    steps,
    ...(lr === undefined ? {} : { lr }),
    cancelled,
  });
  // The work is on the device and its readback pending: the test hook loses the GPU now.
  if (run.armed.delete('lose-gpu')) session.watch?.lose();
  let out: Awaited<typeof pending>;
  try {
    out = await pending;
  } catch (e) {
    if (await backendGone(session, true)) {
      post({ type: 'cancelled', requestId: req.id });
      return;
    }
    throw e;
  }
  // A lost GPU returns zeros or garbage without an error: the result cannot be trusted.
  if (!out || cancelled() || (await backendGone(session))) {
    post({ type: 'cancelled', requestId: req.id });
    return;
  }
  const { adaptation: result } = out;
  let { scores } = out;
  const width = rec.dim + 1;
  let states = result.trajectory ?? rec.params.userInit;
  let losses = Float32Array.from(result.losses);
  let phi = result.phi;
  const fault = firstBadStep(losses, states, width, scores);
  if (fault) {
    // Keep the last good state of this run (the initialization at worst) and score it again.
    const kept = Math.max(0, fault.step - 1);
    states = states.slice(0, (kept + 1) * width);
    phi = states.slice(kept * width);
    // The run's first state is already bad (a rating that is not a number reaches a list
    // method's encoder or its rating head's b_u): the initialization is the last good state.
    if (!allFinite(phi) && kept === 0) states = phi = rec.params.userInit.slice();
    if (!allFinite(phi)) {
      post({
        type: 'error',
        requestId: req.id,
        kind: 'internal',
        message:
          'The model produced numbers it cannot compute with (not-a-number) even before adapting; the model files may be damaged.',
      });
      return;
    }
    losses = losses.slice(0, kept + 1).filter(Number.isFinite);
    scores = await rec.scoreCatalog(phi);
    if (cancelled()) {
      post({ type: 'cancelled', requestId: req.id });
      return;
    }
    // Items whose score is still not finite are never recommended.
    scores = scores.map((v) => (Number.isFinite(v) ? v : -Infinity));
  }
  // Only movies above the rating-count floor and not excluded are listed.
  const listed = hideUnlistable(scores.slice(), session.listable);
  const top = topN(listed, req.topN ?? DEFAULT_TOP_N, req.items).filter((i) =>
    Number.isFinite(listed[i] ?? NaN),
  );
  // After a numeric fault the kept state is not the end of the run's arithmetic: no reasons.
  const why = fault ? top.map(() => []) : reasonsOf(rec, support, states, width, top, lr);
  // The order is the method's scores; the stars are its predicted ratings (a list method's
  // rating head), when it has any.
  const stars = predictsStars(rec);
  const topStars = rec.predictItems(phi, top);
  const recommendations: Recommendation[] = top.map((index, j) => {
    const predicted = topStars[j] ?? NaN;
    return {
      index,
      score: scores[index] ?? 0,
      predicted: stars && Number.isFinite(predicted) ? predicted : null,
      because: (why[j] ?? []).filter((r) => r.kind === 'liked').map((r) => r.index),
      reasons: why[j] ?? [],
    };
  });
  // The visitor's own state, for the "New arrivals" panel (an adapt with other settings is a lesson).
  if (name === session.appMethod && req.lr === undefined && req.steps === undefined)
    session.visitor = { phi: phi.slice(), rated: req.items.slice() };
  const trajectory = projectTrajectory(projection, states, width);
  const predictedRated = stars
    ? rec.predictItems(phi, req.items).map((v) => (Number.isFinite(v) ? v : 0))
    : null;
  post(
    {
      type: 'adaptDone',
      requestId: req.id,
      method: name,
      losses,
      trajectory,
      recommendations,
      predictedRated,
      ms: now() - t0,
      ...(fault
        ? { numeric: { step: fault.step, kept: Math.max(0, fault.step - 1), what: fault.what } }
        : {}),
    },
    [losses.buffer, trajectory.buffer, ...(predictedRated ? [predictedRated.buffer] : [])],
  );
}

/**
 * Whether the backend's GPU is gone. After a failed run (`failed`), give a lost WebGPU device a
 * moment: its lost promise resolves shortly after its work starts failing.
 */
async function backendGone(session: Session, failed = false): Promise<boolean> {
  const watch = session.watch;
  if (!watch) return false;
  if (watch.lost() === null && failed) await new Promise((r) => setTimeout(r, 200));
  return watch.lost() !== null;
}

function allFinite(xs: ArrayLike<number>): boolean {
  for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i] ?? NaN)) return false;
  return true;
}

/**
 * The first inner step whose state or loss went bad: NaN, an infinity, or a state entry beyond
 * STATE_LIMIT (the same line the compare view draws). Step s is phi_s and the loss before step s;
 * the final catalog scores belong to the last step. null when every number is usable.
 */
export function firstBadStep(
  losses: Float32Array,
  states: Float32Array,
  width: number,
  scores: Float32Array,
): { step: number; what: 'not-a-number' | 'infinite' | 'exploding' } | null {
  const count = Math.floor(states.length / width);
  const classify = (x: number) =>
    Number.isNaN(x)
      ? 'not-a-number'
      : !Number.isFinite(x)
        ? 'infinite'
        : Math.abs(x) > STATE_LIMIT
          ? 'exploding'
          : null;
  for (let s = 0; s < count; s++) {
    for (let t = 0; t < width; t++) {
      const what = classify(states[s * width + t] ?? NaN);
      if (what) return { step: s, what };
    }
    const loss = losses[s];
    if (loss !== undefined && !Number.isFinite(loss))
      return { step: s, what: Number.isNaN(loss) ? 'not-a-number' : 'infinite' };
  }
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i] ?? NaN;
    if (!Number.isFinite(v))
      return { step: Math.max(1, count), what: Number.isNaN(v) ? 'not-a-number' : 'infinite' };
  }
  return null;
}

/** Whether a method's predictItems gives stars (a list method needs the model's rating head). */
function predictsStars(rec: Recommender): boolean {
  return rec.rule.kind !== 'list' || rec.ratingHead !== null;
}

/**
 * Why each listed movie is there: the rated movies that raised its score most (src/model/reasons.ts),
 * from the states the adaptation read back. [] for every movie when the method is not a list
 * method or the ratings gave no usable push (e.g. a run that went to NaN).
 */
function reasonsOf(
  rec: Recommender,
  support: { items: Int32Array; ratings: Float32Array },
  states: Float32Array,
  width: number,
  top: number[],
  lr: number | undefined,
): Reason[][] {
  const model = rec.attributionModel(lr);
  if (!model || support.items.length === 0 || states.length < width) return top.map(() => []);
  return explainList(model, support, states, width, top);
}
