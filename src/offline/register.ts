/**
 * The page's side of the offline copy: registers the service worker (sw.ts; built apps only, never
 * under `vite dev`), asks it to save the model once the page's own model has loaded (so a switch to a
 * new version never races the load in progress), and keeps what it answered for Settings and for
 * tests (html[data-offline], data-offline-model, data-offline-message). Runs on the main thread; imports types only.
 */
import type { OfflineMessage, OfflineStatus } from './messages';

/**
 * 'off': not in this build (dev server) or blocked; 'unsupported': no service workers here (an
 * insecure origin, an old browser); 'saving': the service worker is installing or saving the model;
 * the rest as OfflineStatus.
 */
export type OfflineState = 'off' | 'unsupported' | 'saving' | OfflineStatus['state'];

export interface OfflineView {
  state: OfflineState;
  /** The saved model version's cache name ('saved'). */
  model?: string;
  /** Why the model could not be saved ('error'). */
  message?: string;
}

let view: OfflineView = { state: 'off' };
const listeners = new Set<() => void>();

function set(next: OfflineView): void {
  view = next;
  const root = document.documentElement;
  root.dataset.offline = next.state;
  if (next.model) root.dataset.offlineModel = next.model;
  else delete root.dataset.offlineModel;
  if (next.message) root.dataset.offlineMessage = next.message;
  else delete root.dataset.offlineMessage;
  for (const fn of listeners) fn();
}

function post(msg: OfflineMessage): void {
  void navigator.serviceWorker.ready.then((reg) => reg.active?.postMessage(msg));
}

export const offlineCopy = {
  get: (): OfflineView => view,
  subscribe(fn: () => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
  /**
   * Register the service worker at `url` (sw.js beside index.html). `enabled` false (the dev
   * server, whose modules are not files a service worker could save) leaves everything as it is.
   */
  start(url: string, enabled: boolean): void {
    if (!enabled) return set({ state: 'off' });
    if (!('serviceWorker' in navigator)) return set({ state: 'unsupported' });
    set({ state: 'saving' });
    navigator.serviceWorker.addEventListener('message', (e: MessageEvent<OfflineStatus>) => {
      const s = e.data;
      if (s?.state === 'saved') set({ state: 'saved', model: s.cache });
      else if (s?.state === 'error') set({ state: 'error', message: s.message });
      else if (s?.state === 'forgotten') set({ state: 'forgotten' });
    });
    navigator.serviceWorker.register(url).then(
      // Playwright's serviceWorkers: 'block' resolves with nothing (as would a blocking extension).
      (reg) => (reg ? undefined : set({ state: 'off' })),
      (e: unknown) => set({ state: 'error', message: `The offline copy could not start: ${String(e)}` }),
    );
  },
  /** The page's model has loaded: save that version (or a newer one) for offline use. */
  checkModel(): void {
    if (view.state === 'off' || view.state === 'unsupported' || view.state === 'forgotten') return;
    set({ ...view, state: 'saving' });
    post({ type: 'check-model' });
  },
  /** Delete every saved copy and unregister (Settings, "Forget offline copy"). */
  forget(): void {
    if (view.state === 'off' || view.state === 'unsupported') return;
    post({ type: 'forget' });
  },
};
