/** Derived from the engine slice. */
import type { EngineState } from './initialState';

export const isReady = (s: EngineState) => s.engine.status === 'ready';
