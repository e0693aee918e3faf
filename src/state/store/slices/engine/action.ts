/** The engine slice's actions: what the bridge reports of the worker's loading, and restart requests. */
import type { BackendName, WorkerEvent } from '../../../../worker/protocol';
import type { SliceActions } from '../../initialState';
import { initialEngine, type LoadPhase, type RecoverableError } from './initialState';

export interface EngineAction {
  engineLoading: (initId: number) => void;
  engineProgress: (phase: LoadPhase, loaded: number, total: number) => void;
  engineReady: (e: Extract<WorkerEvent, { type: 'ready' }>) => void;
  engineFatal: (message: string, hint: string) => void;
  engineRecoverable: (error: RecoverableError | null) => void;
  /**
   * The visitor's restart of the worker (Retry, the banner, Settings): every backend may be tried
   * again. A choice also becomes the backend setting, and a backend in the address stops winning.
   */
  restartEngine: (choice?: BackendName | 'auto') => void;
}

export const createEngineSlice: SliceActions<EngineAction> = (set) => ({
  engineLoading: (initId) => set({ engine: { ...initialEngine(), initId } }),
  engineProgress: (phase, loaded, total) => set((s) => ({ engine: { ...s.engine, phase, loaded, total } })),
  engineReady: (e) =>
    set((s) => ({
      engine: { ...s.engine, status: 'ready', backend: e.backend, recoverable: null },
      catalog: e.catalog,
      model: e.model,
      candidates: e.candidates,
      movieIndex: new Map(Array.from(e.catalog.movieIds, (id, i) => [id, i])),
      excluded: new Set(e.excluded),
    })),
  engineFatal: (message, hint) =>
    set((s) => ({ engine: { ...s.engine, status: 'error', fatal: { message, hint } } })),
  engineRecoverable: (recoverable) => set((s) => ({ engine: { ...s.engine, recoverable } })),
  restartEngine: (choice) =>
    set((s) => ({
      ...(choice ? { urlBackend: null, settings: { ...s.settings, backend: choice } } : {}),
      restartRequests: s.restartRequests + 1,
    })),
});
