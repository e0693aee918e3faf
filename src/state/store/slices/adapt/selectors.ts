/** Derived from the adaptation slice (and the catalog's model it ran). */
import type { MethodInfo } from '../../../../worker/protocol';
import type { CatalogState } from '../catalog/initialState';
import type { AdaptationState } from './initialState';

export const isAdapting = (s: AdaptationState) => s.adapt.status === 'adapting';

/** The shipped method of the latest adaptation (the app's method before the first one). */
export const adaptMethodOf = (s: AdaptationState & CatalogState): MethodInfo | null =>
  s.model?.methods.find((m) => m.name === (s.adapt.method || s.model?.appMethod)) ?? null;
