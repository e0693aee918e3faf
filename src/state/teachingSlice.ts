/**
 * The teaching and demo slice: inner-loop settings, the compared methods, the elicitation strategy
 * and its seed, the playhead of the compare view (Play / Step / Reset), the latest comparison from
 * the worker, hidden panels and a playing persona. Plain data; the bridge sends compare requests.
 */
import type { StateCreator } from 'zustand';
import type { WorkerEvent } from '../worker/protocol';
import {
  COMPARE_METHODS,
  type CompareMethod,
  DEFAULT_STRATEGY,
  defaultInner,
  type Hideable,
  type InnerSettings,
  type SharedState,
  type Strategy,
} from './shareState';

export type CompareResult = Extract<WorkerEvent, { type: 'compareDone' }>;
export type OffersResult = Extract<WorkerEvent, { type: 'offers' }>;

export interface TeachState {
  teach: {
    inner: InnerSettings;
    methods: CompareMethod[];
    strategy: Strategy;
    seed: number;
    /** The inner step shown in the compare view (0 .. steps). */
    playhead: number;
    playing: boolean;
    /** The newest compare request; older results are dropped. */
    compareId: number | null;
    compareStatus: 'idle' | 'running' | 'done' | 'error';
    result: CompareResult | null;
    /** The newest ask request (an adaptive strategy's next movies); older answers are dropped. */
    askId: number | null;
    /** The worker's next movies for an adaptive strategy (src/methods/interview.ts), next first. */
    offers: { strategy: string; items: Int32Array } | null;
    hidden: Hideable[];
    /** A persona being played: its id and how many of its ratings are in. */
    preset: { id: string; done: number; total: number } | null;
    /** Pause between a persona's ratings, ms (`pause=` in the URL). */
    pauseMs: number;
    /** The guided tour's open step, 1-based (`tour=N` in the URL); null: closed. */
    tourStep: number | null;
  };
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

export const initialTeach = (): TeachState['teach'] => ({
  inner: defaultInner(),
  methods: [...COMPARE_METHODS],
  strategy: DEFAULT_STRATEGY,
  seed: 1,
  playhead: 0,
  playing: false,
  compareId: null,
  compareStatus: 'idle',
  result: null,
  askId: null,
  offers: null,
  hidden: [],
  preset: null,
  pauseMs: 1500,
  tourStep: null,
});

type WithRatings = TeachState & {
  rated: SharedState['ratings'];
  skipped: number[];
  /** Cleared when a link or file replaces the ratings: Undo would put back a change to other ratings. */
  lastAction: unknown;
};

export const createTeachSlice: StateCreator<WithRatings, [], [], TeachState> = (set) => {
  const patch = (fn: (t: TeachState['teach']) => Partial<TeachState['teach']>) =>
    set((s) => ({ teach: { ...s.teach, ...fn(s.teach) } }));
  return {
    teach: initialTeach(),
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
