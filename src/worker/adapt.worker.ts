/**
 * The module worker's entry: wires the handler to `self`. Thin on purpose; the logic is in
 * handler.ts (testable without a worker). TensorFlow.js is loaded here and nowhere on the main thread.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { memory } from '@tensorflow/tfjs';
import { chooseBackend, watchBackend, type WasmUrls } from './backend';
import { createHandler } from './handler';
import { digestWeights } from '../model/panelTrainer';
import type { MetaTrainAction, MetaTrainCheckpoint, MetaTrainRequest } from './metatrainProtocol';
import type { WorkerEvent, WorkerRequest } from './protocol';

// Absolute URLs on our own origin: the wasm backend would otherwise fetch its binaries from a CDN.
const wasmUrls: WasmUrls = {
  'tfjs-backend-wasm.wasm': new URL(wasmPlain, self.location.href).href,
  'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, self.location.href).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreaded, self.location.href).href,
};

/** The latest training checkpoint, for the end-to-end suite's hook below. */
let lastCheckpoint: MetaTrainCheckpoint | null = null;
const post = (event: WorkerEvent, transfer: Transferable[] = []) => {
  if (event.type === 'metatrainCheckpoint') lastCheckpoint = event.checkpoint;
  self.postMessage(event, { transfer });
};

const handler = createHandler({
  post,
  fetch: (url, init) => fetch(url, init),
  chooseBackend: (forced, opts) => chooseBackend(forced, wasmUrls, opts),
  watchBackend,
});

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  // The test hook's crash: an uncaught error in the message handler, as a real bug would throw.
  if (e.data.type === 'inject' && e.data.fault === 'crash')
    throw new Error('the worker crashed (injected by the test hook)');
  void handler.handle(e.data);
};

// For the end-to-end suite (e2e/storm.spec.ts): the worker's live tensor count, read with
// Playwright's worker.evaluate, so a leak under a storm of requests shows. The page cannot reach it.
(self as unknown as { warmstartMemory: () => { numTensors: number; numBytes: number } }).warmstartMemory =
  () => {
    const { numTensors, numBytes } = memory();
    return { numTensors, numBytes };
  };

// For the end-to-end suite (e2e/metatrain-equality.spec.ts): drive the training panel's requests in
// this worker and read the digest of the latest checkpoint (posted after every Pause), to compare
// with the same steps in Node. Like warmstartMemory, reachable only through Playwright's
// worker.evaluate, never by the page.
let hookId = 1_000_000_000;
(self as unknown as { warmstartMetatrain: unknown }).warmstartMetatrain = async (
  action: MetaTrainAction,
  extra: Partial<MetaTrainRequest> = {},
) => {
  await handler.handle({ type: 'metatrain', id: ++hookId, action, ...extra });
  return lastCheckpoint ? { step: lastCheckpoint.step, digest: digestWeights(lastCheckpoint.weights) } : null;
};
