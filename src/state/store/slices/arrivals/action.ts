/**
 * The "New arrivals" slice's actions: open and close the panel, pick a movie, set K (clamped to the
 * ratings shipped once they are known), and the worker's answers (stale ones dropped).
 */
import type { ArrivalDone } from '../../../../worker/arrivalsProtocol';
import type { SliceActions } from '../../initialState';
import { initialArrivals, type ArrivalsState } from './initialState';

/** The most ratings the file ships per movie (arrivalsFormat.ts's ARRIVAL_MAX_RATINGS). */
export const MAX_ARRIVAL_K = 20;

export interface ArrivalsAction {
  /** Open the panel, optionally at a movie and K (the address's `arrival=` and `ak=`). */
  openArrivals: (at?: { index?: number; k?: number }) => void;
  closeArrivals: () => void;
  /** Show another movie, from K = 0. */
  pickArrival: (index: number) => void;
  setArrivalK: (k: number) => void;
  /** One more of its ratings (up to the number shipped). */
  addArrivalRating: () => void;
  arrivalStarted: (id: number) => void;
  arrivalFinished: (e: ArrivalDone) => void;
  /** arrivals.json is missing or damaged, or the request failed: the panel says why. */
  arrivalFailed: (id: number, message: string) => void;
}

type Arrivals = ArrivalsState['arrivals'];

const whole = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.floor(x) || 0));

/** The most K can be: what the shown movie ships, or MAX_ARRIVAL_K before the first answer. */
const maxK = (a: Arrivals) => a.result?.movies[a.index]?.ratings ?? MAX_ARRIVAL_K;

export const createArrivalsSlice: SliceActions<ArrivalsAction> = (set) => {
  const patch = (fn: (a: Arrivals) => Partial<Arrivals>) =>
    set((s) => ({ arrivals: { ...s.arrivals, ...fn(s.arrivals) } }));
  return {
    openArrivals: (at = {}) =>
      patch((a) => ({
        open: true,
        index: at.index === undefined ? a.index : whole(at.index, 0, 1000),
        k: at.k === undefined ? a.k : whole(at.k, 0, MAX_ARRIVAL_K),
      })),
    closeArrivals: () => patch(() => ({ open: false })),
    pickArrival: (index) =>
      patch((a) => ({ index: whole(index, 0, (a.result?.movies.length ?? 1000) - 1), k: 0 })),
    setArrivalK: (k) => patch((a) => ({ k: whole(k, 0, maxK(a)) })),
    addArrivalRating: () => patch((a) => ({ k: Math.min(maxK(a), a.k + 1) })),
    arrivalStarted: (id) => patch(() => ({ requestId: id, status: 'running' })),
    arrivalFinished: (e) =>
      patch((a) =>
        e.requestId !== a.requestId
          ? {}
          : {
              status: 'ready',
              result: e,
              message: null,
              index: e.index,
              k: Math.min(a.k, e.movies[e.index]?.ratings ?? 0),
            },
      ),
    arrivalFailed: (id, message) =>
      patch((a) =>
        id !== a.requestId ? {} : { ...initialArrivals(), open: a.open, status: 'error', message },
      ),
  };
};
