/**
 * The teaching and demo slice's state: inner-loop settings, the compared methods, the elicitation
 * strategy and its seed, the playhead of the compare view (Play / Step / Reset), the latest
 * comparison from the worker, hidden panels and a playing persona. Plain data; the bridge sends
 * compare requests.
 */
import type { WorkerEvent } from '../../../../worker/protocol';
import {
  COMPARE_METHODS,
  type CompareMethod,
  DEFAULT_STRATEGY,
  defaultInner,
  type Hideable,
  type InnerSettings,
  type Strategy,
} from '../../../shareState';

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

export const initialTeachState = (): TeachState => ({ teach: initialTeach() });
