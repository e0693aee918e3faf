/**
 * The store's data: every slice's state, and the fresh state composed from the slices' initial
 * states. Also the type of a slice's action creator, which reads and writes this data only (no
 * action calls another through the store), so the slices need not import the store.
 */
import { initialAdaptationState, type AdaptationState } from './slices/adapt/initialState';
import { initialArrivalsState, type ArrivalsState } from './slices/arrivals/initialState';
import { initialCatalogState, type CatalogState } from './slices/catalog/initialState';
import { initialEngineState, type EngineState } from './slices/engine/initialState';
import { initialRatingsState, type RatingsState } from './slices/ratings/initialState';
import { initialSettingsState, type SettingsState } from './slices/settings/initialState';
import { initialMetaTrainState, type MetaTrainSliceState } from './slices/metatrain/initialState';
import { initialTeachState, type TeachState } from './slices/teach/initialState';
import { initialUiState, type UiState } from './slices/ui/initialState';

export type StoreState = EngineState &
  CatalogState &
  RatingsState &
  SettingsState &
  AdaptationState &
  UiState &
  TeachState &
  ArrivalsState &
  MetaTrainSliceState;

/** A fresh state (for tests' beforeEach and the store's creation). */
export const initialState = (): StoreState => ({
  ...initialEngineState(),
  ...initialCatalogState(),
  ...initialRatingsState(),
  ...initialSettingsState(),
  ...initialAdaptationState(),
  ...initialUiState(),
  ...initialTeachState(),
  ...initialArrivalsState(),
  ...initialMetaTrainState(),
});

type Change = Partial<StoreState>;
/** A slice's actions, given the store's set and get (the store's own are assignable to these). */
export type SliceActions<A> = (
  set: (change: Change | ((s: StoreState) => Change)) => void,
  get: () => StoreState,
) => A;
