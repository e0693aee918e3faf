/**
 * The bench worker: the app's own handler (src/worker/handler.ts) and backend choice, driven with
 * adapt requests and instrumented from outside: tf.profile for kernels, a counter on tensor reads
 * for readbacks, tf.memory for growth. No adaptation math here: the handler runs the app's code.
 */
import * as tf from '@tensorflow/tfjs';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { chooseBackend, type WasmUrls } from '../../src/worker/backend';
import { createHandler } from '../../src/worker/handler';
import type { BackendName, WorkerEvent } from '../../src/worker/protocol';
import type { MetaTrainAction, MetaTrainConfig } from '../../src/worker/metatrainProtocol';
import type {
  AskResult,
  BenchCommand,
  BenchReply,
  CaseResult,
  InitResult,
  MemoryResult,
  MetaTrainBenchResult,
} from './protocol';

const wasmUrls: WasmUrls = {
  'tfjs-backend-wasm.wasm': new URL(wasmPlain, self.location.href).href,
  'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, self.location.href).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreaded, self.location.href).href,
};

// Count every read of tensor data (data(), dataSync(); array() goes through data()).
let reads = 0;
const proto = tf.Tensor.prototype as unknown as {
  data: (...a: unknown[]) => unknown;
  dataSync: (...a: unknown[]) => unknown;
};
const origData = proto.data;
const origDataSync = proto.dataSync;
proto.data = function (this: unknown, ...a: unknown[]) {
  reads++;
  return origData.apply(this, a);
};
proto.dataSync = function (this: unknown, ...a: unknown[]) {
  reads++;
  return origDataSync.apply(this, a);
};

const events: WorkerEvent[] = [];
const handler = createHandler({
  post: (e) => events.push(e),
  fetch: (url) => fetch(url),
  chooseBackend: (forced) => chooseBackend(forced, wasmUrls),
});

let nextId = 1;
let ratingCounts: Float32Array = new Float32Array(0);

/** The k most-rated movies with a fixed mix of ratings (same support on every backend). */
function support(k: number): { items: Int32Array; ratings: Float32Array } {
  const order = Array.from(ratingCounts.keys()).sort(
    (a, b) => (ratingCounts[b] ?? 0) - (ratingCounts[a] ?? 0),
  );
  const items = Int32Array.from(order.slice(0, k));
  const pattern = [4, 2.5, 5, 3, 1.5, 4.5, 2, 3.5, 1, 5];
  const ratings = Float32Array.from(items, (_, j) => pattern[j % pattern.length] ?? 3);
  return { items, ratings };
}

async function adaptOnce(k: number, steps: number): Promise<WorkerEvent[]> {
  const s = support(k);
  const id = nextId++;
  events.length = 0;
  await handler.handle({ type: 'adapt', id, items: s.items, ratings: s.ratings, steps });
  const err = events.find((e) => e.type === 'error');
  if (err && err.type === 'error') throw new Error(err.message);
  if (!events.some((e) => e.type === 'adaptDone')) throw new Error('adaptation did not finish');
  return events.slice();
}

/** The inner steps an adaptation's result carries (its trajectory is phi_0 .. phi_steps). */
function stepsCarried(posted: WorkerEvent[]): number {
  const done = posted.find((e) => e.type === 'adaptDone');
  return done?.type === 'adaptDone' ? Math.max(0, done.trajectory.length / 2 - 1) : 0;
}

/** One `ask` on the k-movie support: the next four movies to offer, as the app asks for them. */
async function askOnce(k: number, strategy: string): Promise<void> {
  const s = support(k);
  events.length = 0;
  await handler.handle({
    type: 'ask',
    id: nextId++,
    items: s.items,
    ratings: s.ratings,
    skipped: new Int32Array(0),
    strategy,
    seed: 1,
    count: 4,
  });
  const err = events.find((e) => e.type === 'error');
  if (err && err.type === 'error') throw new Error(err.message);
  if (!events.some((e) => e.type === 'offers')) throw new Error(`ask (${strategy}) did not answer`);
}

/** The latest training status's step (statuses are throttled while playing; exact after a pause). */
function trainingStep(): number {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === 'metatrainStatus') {
      if (e.state === 'error') throw new Error(e.message ?? 'training stopped');
      return e.step;
    }
  }
  return 0;
}

async function metatrain(
  action: MetaTrainAction,
  config: MetaTrainConfig,
  dataUrl?: string,
): Promise<number> {
  await handler.handle({ type: 'metatrain', id: nextId++, action, config, ...(dataUrl ? { dataUrl } : {}) });
  return trainingStep();
}

/** Plays `n` meta-steps (at least), pauses; returns the meta-steps taken. */
async function playFor(n: number, config: MetaTrainConfig): Promise<number> {
  events.length = 0;
  const s0 = await metatrain('pause', config);
  await metatrain('play', config);
  while (trainingStep() < s0 + n) await new Promise((r) => setTimeout(r, 20));
  return (await metatrain('pause', config)) - s0;
}

async function benchMetatrain(
  msg: Extract<BenchCommand, { cmd: 'metatrain' }>,
): Promise<MetaTrainBenchResult> {
  const { config } = msg;
  let t0 = performance.now();
  await metatrain('open', config, msg.dataUrl);
  const openMs = performance.now() - t0;
  t0 = performance.now();
  await metatrain('step', config);
  const firstStepMs = performance.now() - t0;
  const reads0 = reads;
  t0 = performance.now();
  const timed = await playFor(msg.timedSteps, config);
  const stepsPerSecond = (timed * 1000) / (performance.now() - t0);
  const readbacksPerStep = (reads - reads0) / timed;
  let profiled = 0;
  const profile = await tf.profile(async () => {
    profiled = await playFor(Math.min(10, msg.timedSteps), config);
  });
  const m0 = tf.memory();
  const ran = await playFor(msg.memorySteps, config);
  const m1 = tf.memory();
  await metatrain('close', config);
  return {
    config,
    openMs,
    firstStepMs,
    stepsPerSecond,
    timedSteps: timed,
    kernelsPerStep: profile.kernels.length / profiled,
    readbacksPerStep,
    memory: {
      steps: ran,
      before: { numTensors: m0.numTensors, numBytes: m0.numBytes },
      after: { numTensors: m1.numTensors, numBytes: m1.numBytes },
    },
  };
}

async function run(msg: BenchCommand): Promise<unknown> {
  switch (msg.cmd) {
    case 'metatrain':
      return benchMetatrain(msg);
    case 'init': {
      const t0 = performance.now();
      events.length = 0;
      await handler.handle({
        type: 'init',
        id: nextId++,
        urls: { modelBase: msg.modelBase },
        backend: msg.backend as BackendName | null,
      });
      const ready = events.find((e) => e.type === 'ready');
      if (!ready || ready.type !== 'ready') {
        const err = events.find((e) => e.type === 'error');
        throw new Error(err && err.type === 'error' ? err.message : 'no ready event');
      }
      ratingCounts = ready.catalog.ratingCounts;
      return { backend: ready.backend, initMs: performance.now() - t0 } satisfies InitResult;
    }
    case 'case': {
      let t0 = performance.now();
      await adaptOnce(msg.k, msg.steps);
      const firstMs = performance.now() - t0;
      const times: number[] = [];
      for (let r = 0; r < msg.reps; r++) {
        t0 = performance.now();
        await adaptOnce(msg.k, msg.steps);
        times.push(performance.now() - t0);
      }
      // Readbacks from an unprofiled run: tf.profile itself reads every kernel's output back on
      // backends without a GPU timer (WebGL on SwiftShader).
      const before = reads;
      const posted = await adaptOnce(msg.k, msg.steps);
      const readbacks = reads - before;
      const profile = await tf.profile(async () => {
        await adaptOnce(msg.k, msg.steps);
      });
      const kernelNames: Record<string, number> = {};
      for (const kernel of profile.kernels) kernelNames[kernel.name] = (kernelNames[kernel.name] ?? 0) + 1;
      return {
        k: msg.k,
        steps: msg.steps,
        firstMs,
        times,
        kernels: profile.kernels.length,
        kernelNames,
        readbacks,
        streamedSteps: stepsCarried(posted),
      } satisfies CaseResult;
    }
    case 'ask': {
      let t0 = performance.now();
      await askOnce(msg.k, msg.strategy);
      const firstMs = performance.now() - t0;
      const times: number[] = [];
      for (let r = 0; r < msg.reps; r++) {
        t0 = performance.now();
        await askOnce(msg.k, msg.strategy);
        times.push(performance.now() - t0);
      }
      const before = reads;
      await askOnce(msg.k, msg.strategy);
      const readbacks = reads - before;
      const profile = await tf.profile(async () => {
        await askOnce(msg.k, msg.strategy);
      });
      return {
        k: msg.k,
        strategy: msg.strategy,
        firstMs,
        times,
        kernels: profile.kernels.length,
        readbacks,
      } satisfies AskResult;
    }
    case 'memory': {
      await adaptOnce(5, 5);
      const m0 = tf.memory();
      const before = { numTensors: m0.numTensors, numBytes: m0.numBytes };
      const shapes = [
        [1, 5],
        [5, 5],
        [20, 20],
        [12, 3],
      ] as const;
      for (let i = 0; i < msg.adaptations; i++) {
        const [k, steps] = shapes[i % shapes.length] ?? [5, 5];
        await adaptOnce(k, steps);
      }
      const m1 = tf.memory();
      return {
        adaptations: msg.adaptations,
        before,
        after: { numTensors: m1.numTensors, numBytes: m1.numBytes },
      } satisfies MemoryResult;
    }
  }
}

self.onmessage = (e: MessageEvent<BenchCommand>) => {
  run(e.data).then(
    (value) => self.postMessage({ ok: true, value } satisfies BenchReply),
    (err: unknown) =>
      self.postMessage({ ok: false, error: (err as Error).message || String(err) } satisfies BenchReply),
  );
};
