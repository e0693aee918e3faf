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
import type { WorkerEvent, WorkerRequest } from './protocol';

// Absolute URLs on our own origin: the wasm backend would otherwise fetch its binaries from a CDN.
const wasmUrls: WasmUrls = {
  'tfjs-backend-wasm.wasm': new URL(wasmPlain, self.location.href).href,
  'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, self.location.href).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreaded, self.location.href).href,
};

const post = (event: WorkerEvent, transfer: Transferable[] = []) => self.postMessage(event, { transfer });

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
