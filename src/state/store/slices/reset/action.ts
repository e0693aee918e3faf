/**
 * Actions across slices: forget everything the visitor chose, or restore what was saved. Each slice's
 * fresh values come from its initialState; what a reset keeps is said here.
 */
import type { BackendName } from '../../../../worker/protocol';
import type { Persisted } from '../../../persistence';
import type { SliceActions } from '../../initialState';
import { initialAdapt } from '../adapt/initialState';
import { initialRatingsState } from '../ratings/initialState';
import { initialSettingsState } from '../settings/initialState';
import { requestedBackend } from '../settings/selectors';
import { initialTeach } from '../teach/initialState';

export interface ResetAction {
  /**
   * Forget ratings, skips and settings (the model stays loaded). A backend that was forced in
   * Settings goes back to automatic: the worker restarts so it really does.
   */
  resetAll: () => void;
  hydrate: (persisted: Persisted | null, urlBackend: BackendName | null) => void;
}

export const createResetSlice: SliceActions<ResetAction> = (set, get) => ({
  resetAll: () => {
    const before = requestedBackend(get());
    set((s) => ({
      ...initialRatingsState(),
      settings: initialSettingsState().settings,
      adapt: { ...initialAdapt(), runCount: s.adapt.runCount },
      highlight: null,
      mapFocus: null,
      teach: { ...initialTeach(), hidden: s.teach.hidden, pauseMs: s.teach.pauseMs },
    }));
    // A backend in the address (?backend=) still wins, and then nothing changes.
    if (requestedBackend(get()) !== before) set((s) => ({ restartRequests: s.restartRequests + 1 }));
  },
  hydrate: (persisted, urlBackend) =>
    set((s) => ({
      rated: persisted?.ratings ?? [],
      skipped: persisted?.skipped ?? [],
      settings: persisted?.settings ?? initialSettingsState().settings,
      urlBackend,
      teach: persisted ? { ...s.teach, ...persisted.teach } : s.teach,
    })),
});
