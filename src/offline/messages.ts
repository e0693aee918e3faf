/**
 * The messages between the page (register.ts) and the service worker (sw.ts): types only.
 */

/** Page -> service worker. */
export type OfflineMessage = { type: 'check-model' } | { type: 'forget' };

/**
 * Service worker -> page, and what the page shows (html[data-offline], Settings): 'saved', the app
 * and the model version `cache` are saved for offline use (`replaced`: the version it replaced, or
 * null); 'error', the model could not be saved (the app shell may still be); 'forgotten', every
 * saved copy was deleted and the service worker unregistered.
 */
export type OfflineStatus =
  | { state: 'saved'; cache: string; replaced: string | null }
  | { state: 'error'; message: string }
  | { state: 'forgotten' };
