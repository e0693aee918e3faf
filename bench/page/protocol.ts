/** Messages between the bench page and its worker (bench only; the app's protocol is src/worker/protocol.ts). */
import type { MetaTrainConfig } from '../../src/worker/metatrainProtocol';
import type { BackendReport } from '../../src/worker/protocol';

export type BenchCommand =
  | { cmd: 'init'; backend: string | null; modelBase: string }
  | { cmd: 'case'; k: number; steps: number; reps: number }
  | { cmd: 'memory'; adaptations: number }
  | { cmd: 'ask'; k: number; strategy: string; reps: number }
  | { cmd: 'metatrain'; dataUrl: string; config: MetaTrainConfig; timedSteps: number; memorySteps: number };

/** The training panel's meta-steps on one backend, through the app's handler (open, play, pause). */
export interface MetaTrainBenchResult {
  config: MetaTrainConfig;
  /** open: the pack's download, decoding, the shipped reference and step 0's validation, ms. */
  openMs: number;
  /** The first meta-step (Step; new shapes compile new GPU programs), ms. */
  firstStepMs: number;
  /** Meta-steps per second while playing (a timed window of `timedSteps`, after the first). */
  stepsPerSecond: number;
  timedSteps: number;
  /**
   * Per meta-step while playing, averaged over a window: kernels (tf.profile) and tensor reads
   * (the step's loss, the throttled status, the validation every 10 steps and the checkpoint).
   */
  kernelsPerStep: number;
  readbacksPerStep: number;
  /** tf.memory() after the first window and after `steps` more meta-steps. */
  memory: {
    steps: number;
    before: { numTensors: number; numBytes: number };
    after: { numTensors: number; numBytes: number };
  };
}

export interface InitResult {
  backend: BackendReport;
  initMs: number;
}

export interface CaseResult {
  k: number;
  steps: number;
  /** The first adaptation of this shape (new shapes compile new GPU programs). */
  firstMs: number;
  /** Whole adaptations (inner loop, catalog rescoring, top-20, events), ms. */
  times: number[];
  /** Kernels dispatched by one adaptation (tf.profile). */
  kernels: number;
  /** Kernel names and counts of that adaptation. */
  kernelNames: Record<string, number>;
  /** Tensor reads (data()/dataSync()) by one adaptation: GPU-to-CPU readbacks on GPU backends. */
  readbacks: number;
  /** Inner steps carried by one adaptation's result (read back at once; nothing is streamed). */
  streamedSteps: number;
}

export interface MemoryResult {
  adaptations: number;
  before: { numTensors: number; numBytes: number };
  after: { numTensors: number; numBytes: number };
}

export type BenchReply = { ok: true; value: unknown } | { ok: false; error: string };

/** Choosing the next movies to offer (the worker's `ask`), timed like an adaptation. */
export interface AskResult {
  k: number;
  strategy: string;
  /** The first ask of this strategy (caches, new shapes). */
  firstMs: number;
  /** Whole asks (the state, the strategy's scores, the offers posted), ms. */
  times: number[];
  /** Kernels dispatched by one ask (tf.profile). */
  kernels: number;
  /** Tensor reads by one ask. */
  readbacks: number;
}
