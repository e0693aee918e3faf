/** The catalog slice: what the loaded model offers (set by engineReady; no actions of its own). */
import type { CatalogColumns, ModelInfo } from '../../../../worker/protocol';

export interface CatalogState {
  catalog: CatalogColumns | null;
  model: ModelInfo | null;
  /** Onboarding order (catalog indices). */
  candidates: Int32Array;
  /** movieId -> catalog index. */
  movieIndex: Map<number, number>;
  /** Catalog indices the deployer excluded (exclude.json): never offered or found by search. */
  excluded: ReadonlySet<number>;
}

export const initialCatalogState = (): CatalogState => ({
  catalog: null,
  model: null,
  candidates: new Int32Array(0),
  movieIndex: new Map(),
  excluded: new Set<number>(),
});
