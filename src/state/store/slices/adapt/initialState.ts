/** The adaptation slice's state: the current run as it streams in, finished runs, and the list. */
import type { Recommendation } from '../../../../worker/protocol';

/** Finished runs kept for the charts. */
export const MAX_RUNS = 8;

export interface AdaptRun {
  requestId: number;
  k: number;
  losses: number[];
  /** Map positions x0, y0, x1, y1, ... */
  trajectory: number[];
}

export type AdaptStatus = 'idle' | 'adapting' | 'done' | 'error';

export interface AdaptationState {
  adapt: {
    status: AdaptStatus;
    /** The only request whose events are applied; anything else is stale. */
    requestId: number | null;
    method: string;
    steps: number;
    k: number;
    /** Current run: loss before each step (set from the result, which carries every step). */
    liveLosses: number[];
    /** Current run: x, y after each step (the start point is model.startXY). */
    liveTrail: number[];
    /** Finished runs, oldest first, at most MAX_RUNS. */
    runs: AdaptRun[];
    recommendations: Recommendation[];
    /**
     * The list before the last change of ratings (catalog indices, best first): what the list's
     * change marks compare with. Null before the first change.
     */
    previousTop: number[] | null;
    /** The ratings the shown list was adapted to ("index:rating,..."): a re-run on the same ratings keeps previousTop. */
    supportKey: string;
    /** Rated movies with the adapted model's predicted stars (empty when the method predicts none). */
    fit: { index: number; predicted: number; actual: number }[];
    last: { lossFirst: number; lossLast: number; steps: number; ms: number } | null;
    /** Adaptations finished since the page loaded. */
    runCount: number;
    error: string | null;
  };
}

export const initialAdapt = (): AdaptationState['adapt'] => ({
  status: 'idle',
  requestId: null,
  method: '',
  steps: 0,
  k: 0,
  liveLosses: [],
  liveTrail: [],
  runs: [],
  recommendations: [],
  previousTop: null,
  supportKey: '',
  fit: [],
  last: null,
  runCount: 0,
  error: null,
});

export const initialAdaptationState = (): AdaptationState => ({ adapt: initialAdapt() });
