/**
 * The teaching slice's actions: inner-loop settings, methods, strategy and seed, the compare view's
 * playhead, the worker's comparisons and offers (stale ones dropped), and a shared state applied.
 */
import type { SliceActions } from '../../initialState';
import {
  COMPARE_METHODS,
  type CompareMethod,
  defaultInner,
  type Hideable,
  type InnerSettings,
  type SharedState,
  type Strategy,
} from '../../../shareState';
import type { CompareResult, OffersResult, TeachState } from './initialState';

export interface TeachAction {
  setInner: (patch: Partial<InnerSettings>) => void;
  restoreDefaults: () => void;
  toggleMethod: (method: CompareMethod) => void;
  setStrategy: (strategy: Strategy) => void;
  setSeed: (seed: number) => void;
  setPlayhead: (step: number) => void;
  setPlaying: (playing: boolean) => void;
  compareStarted: (id: number) => void;
  compareFinished: (e: CompareResult) => void;
  compareFailed: (id: number) => void;
  askStarted: (id: number) => void;
  offersFinished: (e: OffersResult) => void;
  setHidden: (hidden: Hideable[]) => void;
  setPreset: (preset: TeachState['teach']['preset']) => void;
  setTourStep: (step: number | null) => void;
  /** Replace ratings and settings with a shared state (URL or imported file). */
  applyShared: (s: SharedState) => void;
}

export const createTeachSlice: SliceActions<TeachAction> = (set) => {
  const patch = (fn: (t: TeachState['teach']) => Partial<TeachState['teach']>) =>
    set((s) => ({ teach: { ...s.teach, ...fn(s.teach) } }));
  return {
    setInner: (p) => patch((t) => ({ inner: { ...t.inner, ...p } })),
    restoreDefaults: () => patch(() => ({ inner: defaultInner() })),
    toggleMethod: (m) =>
      patch((t) => ({
        methods: COMPARE_METHODS.filter((x) => (x === m ? !t.methods.includes(m) : t.methods.includes(x))),
      })),
    setStrategy: (strategy) => patch(() => ({ strategy })),
    setSeed: (seed) => patch(() => ({ seed })),
    setPlayhead: (playhead) => patch(() => ({ playhead })),
    setPlaying: (playing) => patch(() => ({ playing })),
    compareStarted: (id) => patch(() => ({ compareId: id, compareStatus: 'running' })),
    askStarted: (id) => patch(() => ({ askId: id })),
    offersFinished: (e) =>
      patch((t) => (t.askId !== e.requestId ? {} : { offers: { strategy: e.strategy, items: e.items } })),
    compareFinished: (e) =>
      patch((t) =>
        t.compareId !== e.requestId
          ? {}
          : {
              compareStatus: 'done',
              result: e,
              // A new comparison lands at its end unless the teacher is stepping through it.
              playhead: t.playing ? Math.min(t.playhead, e.steps) : e.steps,
            },
      ),
    compareFailed: (id) => patch((t) => (t.compareId !== id ? {} : { compareStatus: 'error' })),
    setHidden: (hidden) => patch(() => ({ hidden })),
    setPreset: (preset) => patch(() => ({ preset })),
    setTourStep: (tourStep) => patch(() => ({ tourStep })),
    applyShared: (s) =>
      set((st) => ({
        rated: s.ratings,
        skipped: s.skipped,
        lastAction: null,
        teach: {
          ...st.teach,
          inner: s.inner,
          strategy: s.strategy,
          seed: s.seed,
          methods: s.methods,
          playing: false,
        },
      })),
  };
};
