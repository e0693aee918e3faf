/** The engine slice's state: the worker's loading progress, its backend, and what went wrong. */
import type { BackendReport } from '../../../../worker/protocol';

export type EngineStatus = 'loading' | 'ready' | 'error';
export type LoadPhase = 'download' | 'backend' | 'parse' | 'warmup';

export interface RecoverableError {
  kind: 'crash' | 'device-lost' | 'backend';
  message: string;
}

/** Why the app could not start, in plain words, and what the visitor can try. */
export interface FatalError {
  message: string;
  hint: string;
}

export interface EngineState {
  engine: {
    status: EngineStatus;
    phase: LoadPhase;
    loaded: number;
    total: number;
    backend: BackendReport | null;
    /** The app could not start (e.g. a broken model file): shown instead of the app, with Retry. */
    fatal: FatalError | null;
    /** The worker kept failing and is no longer restarted by itself: the visitor restarts it. */
    recoverable: RecoverableError | null;
    initId: number | null;
  };
  /**
   * How many times a restart of the worker was asked for (Retry, the banner, Settings, a reset that
   * changed the backend). The supervisor (src/state/supervisor.ts) restarts the worker on each one.
   */
  restartRequests: number;
}

export const initialEngine = (): EngineState['engine'] => ({
  status: 'loading',
  phase: 'download',
  loaded: 0,
  total: 0,
  backend: null,
  fatal: null,
  recoverable: null,
  initId: null,
});

export const initialEngineState = (): EngineState => ({ engine: initialEngine(), restartRequests: 0 });
