/**
 * The meta-training panel's actions: open and close, the controls, the buttons (recorded as the
 * latest command for the bridge to send), and the worker's status and download events. A status
 * appends the points it carries; one whose step went back (a reset, a new seed or method) starts the
 * curves over from the points it carries. Curves are decimated to MAX_POINTS.
 */
import type {
  MetaTrainConfig,
  MetaTrainLoadEvent,
  MetaTrainStatusEvent,
} from '../../../../worker/metatrainProtocol';
import type { SliceActions } from '../../initialState';
import {
  initialMetaTrain,
  MAX_POINTS,
  type MetaTrainCommand,
  type MetaTrainSliceState,
} from './initialState';

type MT = MetaTrainSliceState['metatrain'];

export interface MetaTrainSliceAction {
  openMetaTrain: (config?: MetaTrainConfig) => void;
  closeMetaTrain: () => void;
  setMetaTrainConfig: (patch: Partial<MetaTrainConfig>) => void;
  metaTrainCommand: (action: MetaTrainCommand['action']) => void;
  metaTrainStatus: (e: MetaTrainStatusEvent) => void;
  metaTrainLoad: (e: MetaTrainLoadEvent) => void;
  /** The visitor's "Adapt my ratings from this initialization". */
  adaptFromTrained: () => void;
}

/** Every other point dropped until at most `max` remain; the last point always kept. */
export function decimate<P>(points: P[], max = MAX_POINTS): P[] {
  let out = points;
  while (out.length > max) {
    const last = out[out.length - 1] as P;
    out = out.filter((_, i) => i % 2 === 0);
    if (out[out.length - 1] !== last) out[out.length - 1] = last;
  }
  return out;
}

/**
 * The stored curve after a status at `step` carrying `add`: the old points before the first new one
 * and not past `step` (a reset, a restored checkpoint or a diverged step sends its curve again from
 * where it starts over), then the new ones, decimated.
 */
function merge<P extends { step: number }>(old: P[], add: readonly P[], step: number): P[] {
  const from = add[0]?.step ?? Infinity;
  const kept = old.filter((p) => p.step < from && p.step <= step);
  if (add.length === 0 && kept.length === old.length) return old;
  return decimate([...kept, ...add]);
}

/** A finite number or null: nothing NaN or infinite is stored for the screen. */
const finiteOrNull = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);

export const createMetaTrainSlice: SliceActions<MetaTrainSliceAction> = (set) => {
  const patch = (fn: (m: MT) => Partial<MT>) =>
    set((s) => ({ metatrain: { ...s.metatrain, ...fn(s.metatrain) } }));
  return {
    // Opening starts the training data's download: loading until the worker's first status.
    openMetaTrain: (config) =>
      patch((m) => ({
        open: true,
        ...(m.open ? {} : { state: 'loading' as const, load: { loaded: 0, total: null } }),
        ...(config ? { config } : {}),
      })),
    closeMetaTrain: () => set((s) => ({ metatrain: { ...initialMetaTrain(), config: s.metatrain.config } })),
    setMetaTrainConfig: (p) => patch((m) => ({ config: { ...m.config, ...p } })),
    metaTrainCommand: (action) => patch((m) => ({ command: { seq: (m.command?.seq ?? 0) + 1, action } })),
    metaTrainLoad: (e) => patch(() => ({ state: 'loading', load: { loaded: e.loaded, total: e.total } })),
    adaptFromTrained: () => patch((m) => ({ adaptRequests: m.adaptRequests + 1, trainedCompare: true })),
    metaTrainStatus: (e) =>
      patch((m) => {
        const losses = e.losses.filter((p) => Number.isFinite(p.loss));
        const val = e.val.filter((p) => Number.isFinite(p.recall));
        return {
          state: e.state,
          step: e.step,
          lossFirst: finiteOrNull(e.lossFirst),
          lossLast: finiteOrNull(e.lossLast),
          losses: merge(m.losses, losses, e.step),
          val: merge(m.val, val, e.step),
          shippedValRecall: finiteOrNull(e.shippedValRecall),
          stepsPerSecond: Number.isFinite(e.stepsPerSecond) ? e.stepsPerSecond : 0,
          init: e.init && e.init.every(Number.isFinite) ? e.init : m.init,
          k0: e.k0 ? Array.from(e.k0) : m.k0,
          load: e.state === 'loading' ? m.load : null,
          message: e.state === 'error' ? (e.message ?? 'Training stopped.') : null,
        };
      }),
  };
};
