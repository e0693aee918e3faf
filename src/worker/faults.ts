/** The test hook's faults, part of the worker's messages (protocol.ts re-exports them). */

/**
 * Faults the end-to-end suite injects mid-session (through `window.__warmstartFault`, installed
 * only when the address has a `fault` parameter). Each one fires once and takes the real recovery
 * path: 'crash' throws out of the worker's message handler, 'lose-gpu' loses the GPU during the
 * next adaptation (WebGPU: GPUDevice.destroy(); WebGL: WEBGL_lose_context; wasm and cpu have no
 * GPU, so the loss is reported as if it had happened), 'nan' runs the next adaptation with an
 * infinite learning rate.
 */
export const FAULTS = ['crash', 'lose-gpu', 'nan'] as const;
export type Fault = (typeof FAULTS)[number];

export interface InjectRequest {
  type: 'inject';
  id: number;
  fault: Fault;
}
