/** The adaptation slice's actions: a request sent, its result (with its steps) or failure (stale ones ignored). */
import type { WorkerEvent } from '../../../../worker/protocol';
import type { SliceActions } from '../../initialState';
import { MAX_RUNS, type AdaptationState, type AdaptRun } from './initialState';

type AdaptDone = Extract<WorkerEvent, { type: 'adaptDone' }>;

export interface AdaptationAction {
  adaptStarted: (requestId: number, k: number) => void;
  adaptBegan: (e: Extract<WorkerEvent, { type: 'adaptStart' }>) => void;
  adaptFinished: (e: AdaptDone, items: Int32Array, ratings: Float32Array) => void;
  adaptFailed: (requestId: number, message: string) => void;
}

/** The state after a finished run: its losses and trail, the new list and what it replaced. */
function finished(
  a: AdaptationState['adapt'],
  e: AdaptDone,
  items: Int32Array,
  ratings: Float32Array,
): AdaptationState['adapt'] {
  const losses = Array.from(e.losses);
  const supportKey = Array.from(items, (index, j) => `${index}:${ratings[j] ?? ''}`).join(',');
  // Nothing to compare with before the first list (a new page, or Reset everything emptied it).
  const previousTop =
    supportKey === a.supportKey || a.runCount === 0 || a.recommendations.length === 0
      ? a.previousTop
      : a.recommendations.map((r) => r.index);
  const run: AdaptRun = {
    requestId: e.requestId,
    k: items.length,
    losses,
    trajectory: Array.from(e.trajectory),
  };
  return {
    ...a,
    status: 'done',
    method: e.method,
    liveLosses: losses,
    liveTrail: run.trajectory.slice(2),
    runs: [...a.runs, run].slice(-MAX_RUNS),
    recommendations: e.recommendations,
    previousTop,
    supportKey,
    fit: e.predictedRated
      ? Array.from(items, (index, j) => ({
          index,
          predicted: e.predictedRated?.[j] ?? NaN,
          actual: ratings[j] ?? NaN,
        }))
      : [],
    last: {
      lossFirst: losses[0] ?? NaN,
      lossLast: losses[losses.length - 1] ?? NaN,
      steps: Math.max(0, losses.length - 1),
      ms: e.ms,
    },
    runCount: a.runCount + 1,
  };
}

export const createAdaptationSlice: SliceActions<AdaptationAction> = (set) => ({
  adaptStarted: (requestId, k) =>
    set((s) => ({
      adapt: { ...s.adapt, status: 'adapting', requestId, k, liveLosses: [], liveTrail: [], error: null },
    })),
  adaptBegan: (e) =>
    set((s) =>
      s.adapt.requestId !== e.requestId ||
      // Usually nothing new (same method and steps, k set when the request left): no re-render.
      (s.adapt.method === e.method && s.adapt.steps === e.steps && s.adapt.k === e.k)
        ? {}
        : { adapt: { ...s.adapt, method: e.method, steps: e.steps, k: e.k } },
    ),
  adaptFinished: (e, items, ratings) =>
    set((s) => (s.adapt.requestId !== e.requestId ? {} : { adapt: finished(s.adapt, e, items, ratings) })),
  adaptFailed: (requestId, message) =>
    set((s) =>
      s.adapt.requestId !== requestId ? {} : { adapt: { ...s.adapt, status: 'error', error: message } },
    ),
});
