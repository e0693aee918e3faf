/**
 * Picking the TensorFlow.js backend inside the worker: WebGPU, then WebGL, then WASM, then CPU;
 * the first that initializes and computes a tiny known result correctly wins. Runs in the worker
 * only (imports tfjs); never touches `self`, so the handler's test can replace it.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKENDS, type BackendName, type BackendReport } from './protocol';

/** The wasm binaries, served from our own origin (Vite emits them as assets). */
export interface WasmUrls {
  'tfjs-backend-wasm.wasm': string;
  'tfjs-backend-wasm-simd.wasm': string;
  'tfjs-backend-wasm-threaded-simd.wasm': string;
}

export type ChosenBackend = Pick<BackendReport, 'name' | 'skipped' | 'forced' | 'flags'>;

/**
 * Flags that keep small tensors on the GPU. tfjs runs ops on the CPU when their inputs are small
 * and already on the CPU (a cheap shortcut for big models, but it would move our whole inner loop,
 * whose tensors are tiny, off the GPU): threshold 0 and no CPU forwarding turn that off.
 */
const GPU_FLAGS: Record<string, number | boolean> = {
  WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD: 0,
  WEBGL_CPU_FORWARD: false,
};

function setRegisteredFlags(): Record<string, number | boolean> {
  const set: Record<string, number | boolean> = {};
  const registry = (tf.env() as unknown as { flagRegistry: Record<string, unknown> }).flagRegistry;
  for (const [name, value] of Object.entries(GPU_FLAGS)) {
    if (registry[name] === undefined) continue;
    tf.env().set(name, value);
    set[name] = value;
  }
  return set;
}

async function prepare(name: BackendName, wasmUrls: WasmUrls | null): Promise<string | null> {
  if (name === 'webgpu') {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) return 'this browser has no WebGPU';
    const adapter = await gpu.requestAdapter().catch(() => null);
    if (!adapter) return 'WebGPU is present but no adapter is available';
    // The webgpu backend registers itself on import only when navigator.gpu exists.
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!tf.findBackendFactory('webgpu')) return 'the WebGPU backend did not register';
  }
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (wasmUrls) wasm.setWasmPaths(wasmUrls as unknown as Record<string, string>);
  }
  return null;
}

/** A matMul and a reduction against hand-computed values; returns an error text or null. */
export async function selfCheck(): Promise<string | null> {
  const out = tf.tidy(() => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([0.5, -1, 2, 0.25, -0.5, 1.5], [3, 2]);
    const c = tf.matMul(a, b); // [[3, 4], [9, 6.25]]
    return tf.concat([tf.reshape(c, [-1]), tf.reshape(tf.sum(tf.square(c)), [1])]); // sum of squares = 145.0625
  });
  const got = Array.from(await out.data());
  out.dispose();
  const want = [3, 4, 9, 6.25, 145.0625];
  const bad = want.some((w, i) => !(Math.abs((got[i] ?? NaN) - w) <= 1e-3 * Math.max(1, Math.abs(w))));
  return bad
    ? `self-check computed [${got.map((x) => x.toFixed(3)).join(', ')}], expected [${want.join(', ')}]`
    : null;
}

/**
 * Initialize the first backend that works. A forced backend that fails falls back to the others
 * (the report says why), so a stale setting never leaves the visitor without a working app.
 */
export async function chooseBackend(
  forced: BackendName | null,
  wasmUrls: WasmUrls | null,
): Promise<ChosenBackend> {
  const order: BackendName[] = forced ? [forced, ...BACKENDS.filter((b) => b !== forced)] : [...BACKENDS];
  const skipped: ChosenBackend['skipped'] = [];
  for (const name of order) {
    let reason: string | null;
    try {
      reason = await prepare(name, wasmUrls);
      if (reason === null) {
        const flags = setRegisteredFlags();
        const ok = await tf.setBackend(name);
        if (!ok || tf.getBackend() !== name) reason = `${name} failed to initialize`;
        else reason = await selfCheck();
        if (reason === null) return { name, skipped, forced: forced === name, flags };
      }
    } catch (e) {
      reason = `${name} failed: ${(e as Error).message}`;
    }
    skipped.push({ name, reason });
  }
  throw new Error(
    `No TensorFlow.js backend works here: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}

/** Whether a tensor's data lives on the GPU (not in a CPU array) on the active backend. */
function onGpu(t: tf.Tensor): boolean {
  const backend = tf.backend() as unknown as {
    tensorMap?: { get(id: object): { resource?: unknown; values?: unknown } | undefined };
    texData?: { get(id: object): { texture?: unknown; values?: unknown } | undefined };
  };
  if (backend.tensorMap) return backend.tensorMap.get(t.dataId)?.resource != null;
  if (backend.texData) return backend.texData.get(t.dataId)?.texture != null;
  return false;
}

/**
 * Run the inner step's kinds of op (matMul, softplus, sub, mul, square, sum, div) on tiny tensors
 * and count how many outputs stayed on the GPU. With tfjs's defaults these tiny ops would run on
 * the CPU; with GPU_FLAGS set every one must be on the GPU. null on CPU backends.
 */
export function gpuResidency(): { onGpu: number; total: number } | null {
  const name = tf.getBackend();
  if (name !== 'webgpu' && name !== 'webgl') return null;
  return tf.tidy(() => {
    const u = tf.tensor2d([0.1, -0.2, 0.3], [1, 3]);
    const v = tf.tensor2d([1, 0.5, -0.5, 1, 0.25, 2], [3, 2]);
    const z = tf.matMul(u, v);
    const s = tf.softplus(z);
    const r = tf.sub(s, tf.scalar(1));
    const g = tf.mul(r, tf.scalar(2));
    const q = tf.square(g);
    const l = tf.sum(q);
    const d = tf.div(l, tf.scalar(3));
    const outs = [z, s, r, g, q, l, d];
    return { onGpu: outs.filter(onGpu).length, total: outs.length };
  });
}

/** Calls back once if the WebGPU device is lost (driver reset, GPU process crash). */
export function watchDeviceLost(onLost: (message: string) => void): void {
  if (tf.getBackend() !== 'webgpu') return;
  const device = (
    tf.backend() as unknown as { device?: { lost?: Promise<{ reason?: string; message?: string }> } }
  ).device;
  void device?.lost?.then((info) => {
    if (info.reason !== 'destroyed') onLost(info.message || 'the GPU device was lost');
  });
}
