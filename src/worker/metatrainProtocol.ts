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
 * play:      meta-step until paused (one step per macrotask: adaptation requests run between). No
 *            status until the first step is done; then at most 10 a second.
 * pause:     stop after the current step (status 'paused' and a checkpoint).
 * step:      exactly one meta-step, then paused.
 * reset:     back to step 0 with `config` (fresh weights from its seed); idle.
 * configure: change the controls; a method or seed change resets, rates, sizes and inner steps apply
 *            to the next step. A configure after a divergence error clears it (state 'paused').
 * close:     free everything (the panel closed).
 *
 * What the worker does, for the main thread (src/worker/metatrain.ts):
 * - The status answering open, reset, a method/seed change and a divergence carries the WHOLE
 *   series from step 0 (losses, val); every other status only the points since the previous one.
 * - Divergence (a non-finite loss, weights or recall, or a loss above 10 x the first): state
 *   'error', `message` in words, `step` back at the last good checkpoint M (<= the step before),
 *   weights restored there, series cut to steps <= M. Play or Step continues from M.
 * - A checkpoint event comes every 10 steps and after every pause; keep the latest and send it
 *   with the next `open` after a restart (the open's `config` applies when it has the checkpoint's
 *   method and seed; otherwise the checkpoint's config does).
 * - A lost GPU during training: the usual `error` event of kind 'device-lost' (no status); the
 *   page restarts the worker on the next backend and reopens from the checkpoint.
 * - Bad controls (outside src/model/panelTrainer.ts PANEL_LIMITS: inner steps 0-5, meta-batch
 *   1-256, K 0-50 with kMin <= kMax, meta learning rate up to 1000, inner rate 0-100, integer
 *   seed) are answered with state 'error' and a sentence; nothing changes.
 * - The pack is public/metatrain/pack.bin (`${BASE_URL}metatrain/pack.bin`), its attribution also
 *   in public/metatrain/attribution.json; never cached by the service worker.
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
  /**
   * Mean loss of the first 10 meta-steps since the start (of all of them while fewer; null before
   * the first): one meta-batch's loss alone is too noisy to say whether training lowered it.
   */
  lossFirst: number | null;
  /** Mean loss of the latest 10 meta-steps (as lossFirst; after one step the two are equal). */
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
