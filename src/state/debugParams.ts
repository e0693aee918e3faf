/**
 * Two address parameters for testing how the app copes with faults; both are inert unless given.
 *
 *   ?timeout=S             a model file that sends nothing for S seconds fails the load (default 30);
 *                          the page's watchdog allows 4 x S without any word from the worker
 *   ?fault=selfcheck:webgl the named backend fails its numeric self-check (comma-separate several);
 *                          any `fault` parameter also installs window.__warmstartFault(kind) for
 *                          the end-to-end suite ('crash', 'lose-gpu', 'nan': see protocol.ts FAULTS)
 *
 * Both are declared, parsed and checked in url/params.ts. Pure functions of the query string.
 */
import type { BackendName } from '../worker/protocol';
import { readSwitch } from './url/kinds';
import { SWITCHES } from './url/params';

export interface DebugParams {
  /** Stall timeout of the model download, ms; null: the default. */
  loadTimeoutMs: number | null;
  failSelfCheck: BackendName[];
  /** Whether to install window.__warmstartFault. */
  hook: boolean;
  /** What could not be understood: the notices to show. */
  problems: string[];
}

export { MAX_TIMEOUT_S } from './url/params';

export function parseDebugParams(search: string): DebugParams {
  const timeout = readSwitch(SWITCHES.timeout, search, '');
  const fault = readSwitch(SWITCHES.fault, search, '');
  return {
    loadTimeoutMs: timeout.value,
    failSelfCheck: fault.value.failSelfCheck,
    hook: fault.value.hook,
    problems: [...timeout.problems, ...fault.problems],
  };
}
