/**
 * Which worker requests a store change calls for: the bridge's subscription asks this, then sends
 * them. Pure: the state before and after.
 */
import type { AppState } from './store';

export interface Triggers {
  adapt: boolean;
  ask: boolean;
  compare: boolean;
  neighbours: boolean;
  arrival: boolean;
}

export function triggersOf(s: AppState, prev: AppState): Triggers {
  const t = s.teach;
  const p = prev.teach;
  const m = s.metatrain;
  const trainedAsked =
    m.adaptRequests !== prev.metatrain.adaptRequests || m.trainedCompare !== prev.metatrain.trainedCompare;
  const a = s.arrivals;
  const b = prev.arrivals;
  return {
    adapt: s.rated !== prev.rated,
    ask:
      s.rated !== prev.rated || s.skipped !== prev.skipped || t.strategy !== p.strategy || t.seed !== p.seed,
    compare: t.inner !== p.inner || t.methods !== p.methods || trainedAsked,
    neighbours: s.mapFocus !== prev.mapFocus && s.mapFocus?.index !== prev.mapFocus?.index,
    // The visitor's rank follows their adaptation; the movie's place follows the panel's controls.
    arrival:
      a.open && (!b.open || a.index !== b.index || a.k !== b.k || s.adapt.runCount !== prev.adapt.runCount),
  };
}
