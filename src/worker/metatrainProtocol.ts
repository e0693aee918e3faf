/**
 * The messages of meta-training in the page (the training panel): types only, imported by the
 * worker and the main thread. The worker meta-trains the list model with the same src/model code as
 * `npm run train` (a meta-step is one batched computation over the meta-batch), between the
 * visitor's adaptation requests. Plain data only (numbers, strings, arrays, typed arrays).
 */
import type { MethodTraceView } from './protocol';

/**
 * The initialization being trained, where the other requests name one: `init: 'trained'` in an
 * adapt request (adaptDone's `method` is then the panel's method), and `trained: true` in a compare
 * request (compareDone's `trained` holds its run, labelled with the step; the shipped methods'
 * traces are unchanged). Without an open training the adapt is answered with an error, the
 * compare without `trained`.
 */
export const TRAINED_INIT = 'trained';
export type AdaptInit = 'shipped' | typeof TRAINED_INIT;

/** The trained initialization's run in a comparison: a MethodTraceView of method TRAINED_INIT. */
export type TrainedTraceView = Omit<MethodTraceView, 'method'> & { method: typeof TRAINED_INIT };

/** What the panel can train: three meta-learners and plain pretraining as the reference. */
export const METATRAIN_METHODS = ['maml', 'fomaml', 'reptile', 'pretrain'] as const;
export type MetaTrainMethod = (typeof METATRAIN_METHODS)[number];

/** The panel's controls (also in the URL). */
export interface MetaTrainConfig {
  method: MetaTrainMethod;
  /** Meta (outer) learning rate, Adam. */
  outerLr: number;
  /** Inner steps per episode (0 to 5; pretraining ignores it). */
  innerSteps: number;
  /** Inner learning rate. */
  innerLr: number;
  /** Users per meta-step. */
  metaBatch: number;
  /** Range of K (support size) per episode, inclusive. */
  kMin: number;
  kMax: number;
  seed: number;
}

/** The trainable state, enough to continue elsewhere (after a lost GPU) from the last good step. */
export interface MetaTrainCheckpoint {
  step: number;
  config: MetaTrainConfig;
  /** Parameter name (ListTensors key) to its values, row-major. */
  weights: Record<string, Float32Array>;
  /** The loss and validation series so far, so the curves continue. */
  losses: MetaTrainLossPoint[];
  val: MetaTrainValPoint[];
}

export interface MetaTrainLossPoint {
  step: number;
  loss: number;
}

export interface MetaTrainValPoint {
  step: number;
  /** Recall@20 on the small fixed set of meta-val users. */
  recall: number;
}

/**
 * open:      fetch the training data from `dataUrl` (progress events), then stand at step 0 with
 *            `config` (or at `checkpoint`, when continuing after a lost backend); idle.
 * play:      meta-step until paused (one step per macrotask: adaptation requests run between).
 * pause:     stop after the current step.
 * step:      exactly one meta-step, then paused.
 * reset:     back to step 0 with `config` (fresh weights from its seed); idle.
 * configure: change the controls; a method, seed or data change resets, rates and sizes apply to the
 *            next step.
 * close:     free everything (the panel closed).
 */
export type MetaTrainAction = 'open' | 'play' | 'pause' | 'step' | 'reset' | 'configure' | 'close';

export interface MetaTrainRequest {
  type: 'metatrain';
  id: number;
  action: MetaTrainAction;
  config?: MetaTrainConfig;
  /** Absolute URL of the training pack (open). */
  dataUrl?: string;
  checkpoint?: MetaTrainCheckpoint;
}

export type MetaTrainState = 'idle' | 'loading' | 'running' | 'paused' | 'error';

/** The training's state after a step, an action or an error. */
export interface MetaTrainStatusEvent {
  type: 'metatrainStatus';
  requestId: number;
  state: MetaTrainState;
  step: number;
  /** Loss of the first meta-step since the start (null before it). */
  lossFirst: number | null;
  /** Loss of the latest meta-step (null before the first). */
  lossLast: number | null;
  /** Points added since the previous status (the main thread appends them). */
  losses: MetaTrainLossPoint[];
  val: MetaTrainValPoint[];
  /** The shipped model's Recall@20 on the same meta-val users (the reference line). */
  shippedValRecall: number | null;
  /** Meta-steps per second over the last few steps (0 when not running). */
  stepsPerSecond: number;
  /** The initialization on the map (the shipped projection of u0). */
  init: [number, number] | null;
  /** The K = 0 list of the current initialization: catalog indices, best first (20). */
  k0: Int32Array | null;
  /** Why training stopped (state 'error'), in words for the visitor. */
  message?: string;
}

export interface MetaTrainLoadEvent {
  type: 'metatrainLoad';
  requestId: number;
  loaded: number;
  total: number | null;
}

export interface MetaTrainCheckpointEvent {
  type: 'metatrainCheckpoint';
  requestId: number;
  checkpoint: MetaTrainCheckpoint;
}

export type MetaTrainEvent = MetaTrainStatusEvent | MetaTrainLoadEvent | MetaTrainCheckpointEvent;
