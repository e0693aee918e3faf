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

/**
 * A matMul and a reduction against hand-computed values; returns an error text or null.
 * `failForTest` (the `?fault=selfcheck:<backend>` hook) shifts the first computed value before the
 * comparison, so the real comparison fails and the real fallback runs.
 */
export async function selfCheck(failForTest = false): Promise<string | null> {
  const out = tf.tidy(() => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([0.5, -1, 2, 0.25, -0.5, 1.5], [3, 2]);
    const c = tf.matMul(a, b); // [[3, 4], [9, 6.25]]
    return tf.concat([tf.reshape(c, [-1]), tf.reshape(tf.sum(tf.square(c)), [1])]); // sum of squares = 145.0625
  });
  const got = Array.from(await out.data());
  out.dispose();
  if (failForTest) got[0] = (got[0] ?? 0) + 1;
  const want = [3, 4, 9, 6.25, 145.0625];
  const bad = want.some((w, i) => !(Math.abs((got[i] ?? NaN) - w) <= 1e-3 * Math.max(1, Math.abs(w))));
  return bad
    ? `its numeric self-check computed [${got.map((x) => x.toFixed(3)).join(', ')}], expected [${want.join(', ')}]${failForTest ? ' (failure injected by ?fault=selfcheck)' : ''}`
    : null;
}

export interface ChooseOptions {
  /** Backends not to try (lost earlier in this session). */
  exclude?: readonly BackendName[];
  /** Test hook: these backends fail their self-check. */
  failSelfCheck?: readonly BackendName[];
}

/**
 * Initialize the first backend that works. A forced backend that fails falls back to the others
 * (the report says why), so a stale setting never leaves the visitor without a working app.
 */
export async function chooseBackend(
  forced: BackendName | null,
  wasmUrls: WasmUrls | null,
  opts: ChooseOptions = {},
): Promise<ChosenBackend> {
  const excluded = new Set(opts.exclude ?? []);
  const order: BackendName[] = (
    forced ? [forced, ...BACKENDS.filter((b) => b !== forced)] : [...BACKENDS]
  ).filter((b) => !excluded.has(b));
  const skipped: ChosenBackend['skipped'] = [];
  for (const name of order) {
    let reason: string | null;
    try {
      reason = await prepare(name, wasmUrls);
      if (reason === null) {
        const flags = setRegisteredFlags();
        const ok = await tf.setBackend(name);
        if (!ok || tf.getBackend() !== name) reason = `${name} failed to initialize`;
        else reason = await selfCheck(opts.failSelfCheck?.includes(name) ?? false);
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

/** What the worker knows about its backend's GPU after start-up. */
export interface BackendWatch {
  /** Why the GPU is gone, or null; checks synchronously where the API allows (WebGL). */
  lost(): string | null;
  /**
   * Test hook ('lose-gpu'): lose the GPU for real (WebGPU: GPUDevice.destroy(); WebGL:
   * WEBGL_lose_context.loseContext()), so the browser's own lost signal reaches onLost. wasm and
   * cpu have no GPU: the loss is reported directly.
   */
  lose(): void;
}

interface WebGpuDevice {
  lost?: Promise<{ reason?: string; message?: string }>;
  destroy?: () => void;
}

/**
 * Watch the active backend's GPU: calls onLost once if the WebGPU device is lost (driver reset,
 * GPU process crash) or the WebGL context is lost. tfjs carries on silently on a lost WebGL context
 * (reads return zeros), so the handler also asks lost() after every adaptation.
 */
export function watchBackend(onLost: (message: string) => void): BackendWatch {
  const name = tf.getBackend();
  let gone: string | null = null;
  const report = (message: string) => {
    if (gone !== null) return;
    gone = message;
    onLost(message);
  };
  if (name === 'webgpu') {
    const device = (tf.backend() as unknown as { device?: WebGpuDevice }).device;
    let injected = false;
    // 'destroyed' is also what a deliberate teardown reports: only the test hook's destroy counts.
    void device?.lost?.then((info) => {
      if (info.reason !== 'destroyed' || injected)
        report(
          `the WebGPU device was lost (${info.message || info.reason || 'no reason given'}${injected ? '; injected by the test hook' : ''})`,
        );
    });
    return {
      lost: () => gone,
      lose: () => {
        injected = true;
        if (device?.destroy) device.destroy();
        else report('the WebGPU device was lost (simulated: this device cannot be destroyed)');
      },
    };
  }
  if (name === 'webgl') {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
    const canvas = gl?.canvas as (OffscreenCanvas | HTMLCanvasElement) | undefined;
    canvas?.addEventListener('webglcontextlost', () => report('the WebGL context was lost'));
    return {
      lost: () => {
        if (gone === null && gl?.isContextLost()) report('the WebGL context was lost');
        return gone;
      },
      lose: () => {
        const ext = gl?.getExtension('WEBGL_lose_context');
        if (ext) ext.loseContext();
        else report('the WebGL context was lost (simulated: WEBGL_lose_context is not available)');
      },
    };
  }
  return {
    lost: () => gone,
    lose: () => report(`the ${name} backend failed (simulated by the test hook: it has no GPU to lose)`),
  };
}
