/**
 * The "New arrivals" messages (issue 17): types only, imported by protocol.ts (which adds them to
 * its unions), the worker and the main thread. The worker places one held-out movie of
 * arrivals.json from its features and its first K ratings, projects its path onto the map and
 * says whom it would now be shown to. Plain data only.
 */

/** A persona as the worker needs it: catalog indices and ratings (resolved on the main thread). */
export interface AudienceMember {
  id: string;
  name: string;
  items: Int32Array;
  ratings: Float32Array;
}

/**
 * Place arrival `index` of arrivals.json with its first `k` ratings (0: its features alone). A newer
 * arrival request supersedes an older one. The visitor is the latest adaptation's state.
 */
export interface ArrivalRequest {
  type: 'arrival';
  id: number;
  /** Absolute URL of arrivals.json (resolved on the main thread from BASE_URL). */
  url: string;
  /**
   * Absolute URL of the meta-learned warm-up (itemWarmup.json). A model without one places movies
   * with a provisional stand-in, and the answer's `placer` says so.
   */
  warmupUrl: string;
  /** Which movie of the file (0-based). */
  index: number;
  /** How many of its first ratings to use, 0 to the number shipped (clamped). */
  k: number;
  /** The personas to rank it for (each adapted once per worker and cached by id). */
  audience: AudienceMember[];
}

/** One persona's view of the new movie. */
export interface AudienceRank {
  id: string;
  name: string;
  /** Its rank in that persona's catalog-wide list (1 = first), among movies the persona did not rate. */
  rank: number;
  /** rank <= 20. */
  inTop: boolean;
}

/** The arrivals of the file, for the picker. */
export interface ArrivalSummary {
  index: number;
  movieId: number;
  title: string;
  /** How many ratings are shipped (the K control's maximum). */
  ratings: number;
}

export interface ArrivalDone {
  type: 'arrivalDone';
  requestId: number;
  movies: ArrivalSummary[];
  /** Which movie and with how many ratings (k clamped to what is shipped). */
  index: number;
  k: number;
  /** The placer's name (NewItemPlacer.name). */
  placer: string;
  /** Map positions of its states, [states * 2]: the K = 0 placement, then one per inner step. */
  path: Float32Array;
  /** The inner loss on its K ratings at each state (empty for K = 0). */
  losses: Float32Array;
  /** Its first k ratings, in time order. */
  ratings: Float32Array;
  audience: AudienceRank[];
  /**
   * The visitor (the latest adaptation's state, the start before any): the new movie's rank in their
   * list (1 = first, among listable movies they did not rate) and whether it is in their top 20.
   */
  visitor: { rank: number; inTop: boolean };
}

/** arrivals.json is missing or damaged: the panel is disabled with this message. */
export interface ArrivalsUnavailable {
  type: 'arrivalsUnavailable';
  requestId: number;
  message: string;
}

export type ArrivalEvent = ArrivalDone | ArrivalsUnavailable;
