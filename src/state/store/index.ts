/**
 * The app's one zustand store, made of slices (one folder each under slices/: its initialState,
 * action and selectors): engine (worker and model loading), catalog, ratings, settings, adaptation,
 * ui, teach and metatrain (the meta-training panel), plus reset across them. Plain data and actions only: the worker is reached through
 * the bridge and restarted by the supervisor. Never imports TensorFlow.js.
 */
import { create, type StateCreator } from 'zustand';
import { initialState, type StoreState } from './initialState';
import { createAdaptationSlice, type AdaptationAction } from './slices/adapt/action';
import { createArrivalsSlice, type ArrivalsAction } from './slices/arrivals/action';
import { createEngineSlice, type EngineAction } from './slices/engine/action';
import { createMetaTrainSlice, type MetaTrainSliceAction } from './slices/metatrain/action';
import { createRatingsSlice, type RatingsAction } from './slices/ratings/action';
import { createResetSlice, type ResetAction } from './slices/reset/action';
import { createSettingsSlice, type SettingsAction } from './slices/settings/action';
import { createTeachSlice, type TeachAction } from './slices/teach/action';
import { createUiSlice, type UiAction } from './slices/ui/action';

export type { StoreState } from './initialState';
export type { AdaptRun, AdaptStatus } from './slices/adapt/initialState';
export { MAX_RUNS } from './slices/adapt/initialState';
export type { EngineStatus, FatalError, LoadPhase, RecoverableError } from './slices/engine/initialState';
export type { ImportAction, RatingAction } from './slices/ratings/initialState';
export type { CompareResult, OffersResult } from './slices/teach/initialState';
export type { ArrivalStatus } from './slices/arrivals/initialState';
export type { Notice } from './slices/ui/initialState';
export type { MetaTrainCommand } from './slices/metatrain/initialState';

export type AppState = StoreState &
  EngineAction &
  RatingsAction &
  SettingsAction &
  AdaptationAction &
  UiAction &
  TeachAction &
  ArrivalsAction &
  MetaTrainSliceAction &
  ResetAction;

const createAll: StateCreator<AppState> = (set, get) => ({
  ...initialState(),
  ...createEngineSlice(set, get),
  ...createRatingsSlice(set, get),
  ...createSettingsSlice(set, get),
  ...createAdaptationSlice(set, get),
  ...createUiSlice(set, get),
  ...createTeachSlice(set, get),
  ...createArrivalsSlice(set, get),
  ...createMetaTrainSlice(set, get),
  ...createResetSlice(set, get),
});

export const useAppStore = create<AppState>()(createAll);
export type AppStore = typeof useAppStore;

/** A fresh state (for tests' beforeEach): every slice's initial state, composed. */
export const getInitialState = (): StoreState => initialState();
