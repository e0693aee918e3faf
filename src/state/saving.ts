/**
 * One subscription for what outlives the moment: the shareable state (ratings, skips, inner-loop
 * settings, strategy, seed, methods: sharedOf lists them) goes to the URL hash through `onShared`,
 * and the same fields plus the settings are saved for a reload (localStorage, persistence.ts).
 */
import { clearPersisted, isDefaultState, savePersisted, type Persisted } from './persistence';
import { sharedOf } from './selectors';
import type { SharedState } from './shareState';
import type { AppStore } from './store';
import type { StoreState } from './store/initialState';

/** What a reload keeps: the shared state and the settings. */
export function savedOf(s: StoreState): Omit<Persisted, 'version'> {
  const { ratings, skipped, ...teach } = sharedOf(s);
  return { ratings, skipped, settings: s.settings, teach };
}

const sharedChanged = (a: SharedState, b: SharedState): boolean =>
  (Object.keys(a) as (keyof SharedState)[]).some((k) => a[k] !== b[k]);

/** Save and share on every change of those fields; returns the unsubscribe. */
export function startSaving(
  store: AppStore,
  opts: { storage: Storage | null; onShared?: ((s: SharedState) => void) | undefined },
): () => void {
  return store.subscribe((s, prev) => {
    const shared = sharedOf(s);
    const changed = sharedChanged(shared, sharedOf(prev));
    if (changed) opts.onShared?.(shared);
    if (changed || s.settings !== prev.settings) {
      const saved = savedOf(s);
      if (isDefaultState(saved)) clearPersisted(opts.storage);
      else savePersisted(opts.storage, saved);
    }
  });
}
