/**
 * Two address parameters for testing how the app copes with faults; both are inert unless given.
 *
 *   ?timeout=S             a model file that sends nothing for S seconds fails the load (default 30);
 *                          the page's watchdog allows 4 x S without any word from the worker
 *   ?fault=selfcheck:webgl the named backend fails its numeric self-check (comma-separate several);
 *                          any `fault` parameter also installs window.__warmstartFault(kind) for
 *                          the end-to-end suite ('crash', 'lose-gpu', 'nan': see protocol.ts FAULTS)
 *
 * Pure functions of the query string.
 */
import { BACKENDS, type BackendName } from '../worker/protocol';

export interface DebugParams {
  /** Stall timeout of the model download, ms; null: the default. */
  loadTimeoutMs: number | null;
  failSelfCheck: BackendName[];
  /** Whether to install window.__warmstartFault. */
  hook: boolean;
  /** What could not be understood, for a notice. */
  problems: string[];
}

export const MAX_TIMEOUT_S = 600;

export function parseDebugParams(search: string): DebugParams {
  const q = new URLSearchParams(search);
  const out: DebugParams = { loadTimeoutMs: null, failSelfCheck: [], hook: q.has('fault'), problems: [] };
  const timeout = q.get('timeout');
  if (timeout !== null) {
    const seconds = Number(timeout);
    if (timeout !== '' && Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_TIMEOUT_S)
      out.loadTimeoutMs = Math.round(seconds * 1000);
    else out.problems.push(`timeout=${timeout} is not a number of seconds from 0 to ${MAX_TIMEOUT_S}`);
  }
  for (const token of (q.get('fault') ?? '').split(',').filter(Boolean)) {
    const m = /^selfcheck:(\w+)$/.exec(token);
    if (m && BACKENDS.includes(m[1] as BackendName)) out.failSelfCheck.push(m[1] as BackendName);
    else out.problems.push(`fault=${token} is unknown (use selfcheck:webgpu, webgl, wasm or cpu)`);
  }
  return out;
}
