/**
 * The sentences the visitor reads about the engine: loading failures and what to try, recoveries
 * and backend fallbacks, numeric trouble in an adaptation. One place, so the wording stays
 * consistent and the bridge and supervisor only decide when to say them.
 */
import type { BackendName, ErrorKind } from '../worker/protocol';
import { backendLabel } from './selectors';
import type { LoadPhase } from './store/slices/engine/initialState';

const PHASE_WORDS: Record<LoadPhase, string> = {
  download: 'downloading the model',
  backend: 'starting TensorFlow.js',
  parse: 'reading the model',
  warmup: 'warming up',
};

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A backend this browser simply does not offer (chooseBackend's reasons), not one that failed. */
export const isUnavailable = (reason: string): boolean =>
  /no WebGPU|no adapter|failed to initialize/.test(reason);

/** The notice when the worker started on another backend than the first (see isUnavailable for when). */
export const passedOverNotice = (backend: BackendName, passedOver: { name: BackendName; reason: string }[]) =>
  `The app runs on ${backendLabel(backend)}: ${passedOver
    .map((x) => `${backendLabel(x.name)} was passed over (${x.reason})`)
    .join('; ')}.`;

export function fatalMessage(kind: ErrorKind, message: string): string {
  return kind === 'backend' ? `No compute backend could start in this browser. ${message}` : message;
}

/** What to try, by kind of failure. */
export function fatalHint(kind: ErrorKind): string {
  switch (kind) {
    case 'network':
      return 'Check your connection and try again. If you run this site, make sure the model/ folder was deployed next to index.html.';
    case 'model':
      return 'Try again: a download may have been cut short. If it keeps happening, the model files on this site are damaged or from another version of the app: whoever runs the site needs to rebuild them with `npm run train` and deploy them again.';
    case 'backend':
      return 'Try again, or try another browser: the app needs WebGPU, WebGL, WebAssembly or plain JavaScript to compute.';
    default:
      return 'Try again. If it keeps happening, choose another compute backend in Settings.';
  }
}

/** The watchdog's fatal error while loading: nothing came for `limitMs` during `phase`. */
export const stalledLoad = (limitMs: number, phase: LoadPhase) => ({
  message: `Loading stopped: nothing happened for ${Math.round(limitMs / 1000)} s while ${PHASE_WORDS[phase]}.`,
  hint: 'Try again. If it keeps happening, choose another compute backend in Settings (WebAssembly works in every modern browser).',
});

/** Why the watchdog restarted a worker that was busy (the crash message). */
export const silentFor = (limitMs: number) => `it did not answer for ${Math.round(limitMs / 1000)} s`;

/** The banner's message when the automatic restarts are used up. */
export const gaveUp = (message: string, failures: number) =>
  `${capitalize(message)}. It has failed ${failures} times within a minute, so it is not restarted automatically.`;

/** The adaptation's error when the worker stopped for good. */
export const STOPPED = 'the recommender stopped';

/** What is said while the worker restarts, and once it is ready on `now` (its backend). */
export function recoveryNotices(
  kind: 'crash' | 'device-lost',
  message: string,
  lost: BackendName | null,
): { now: string; after: (now: BackendName) => string } {
  if (kind === 'device-lost' && lost)
    return {
      now: `${capitalize(message)}. Moving to the next backend; your ratings are kept.`,
      after: (now) =>
        `${capitalize(message)}, so the app moved from ${backendLabel(lost)} to ${backendLabel(now)}. Your ratings are kept and the recommendations were computed again.`,
    };
  return {
    now: `The recommender stopped unexpectedly (${message}). Restarting it; your ratings are kept.`,
    after: (now) =>
      `The recommender stopped unexpectedly (${message}) and was restarted on ${backendLabel(now)}. Your ratings are kept and the recommendations were computed again.`,
  };
}

/** A result with a number that cannot be drawn: the adaptation's error and the page's notice. */
export const NOT_FINITE = {
  error: 'the adaptation produced numbers that cannot be shown',
  notice:
    'The last adaptation produced numbers the app cannot show (not-a-number), so the previous recommendations stay on screen.',
};

/** The worker repaired a run that went wrong at `step` and kept the state after step `kept`. */
export function numericRepair(numeric: { step: number; kept: number; what: string }): string {
  const { step, kept, what } = numeric;
  const wrong =
    what === 'exploding'
      ? 'the user state grew out of all proportion'
      : what === 'infinite'
        ? 'a value became infinite'
        : 'a value became not-a-number';
  return `The adaptation went wrong at inner step ${step} (${wrong}), so the app kept the last good state (${kept === 0 ? 'the starting point, before any step' : `after step ${kept}`}); the recommendations come from it.`;
}
