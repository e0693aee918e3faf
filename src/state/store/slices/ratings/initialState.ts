/** The ratings slice's state: the visitor's ratings and skips, and the last change (what Undo puts back). */
import type { RatedMovie } from '../../../persistence';

/** The visitor's last change to their ratings, and what it replaced: what Undo puts back. */
export interface RatingAction {
  /** Increases with every action (a new message even when the same movie is rated twice). */
  id: number;
  kind: 'rate' | 'skip' | 'remove';
  movieId: number;
  /** The new rating ('rate'). */
  rating: number | null;
  before: { rating: number | null; skipped: boolean };
}

/** An import of ratings from a file: Undo puts back the ratings and skips as they were before. */
export interface ImportAction {
  id: number;
  kind: 'import';
  mode: 'merge' | 'replace';
  /** Ratings the file brought. */
  count: number;
  before: { rated: RatedMovie[]; skipped: number[] };
}

export interface RatingsState {
  /** In the order they were first rated. */
  rated: RatedMovie[];
  skipped: number[];
  /** The last rating, skip, removal or import (null once undone or after a reset). */
  lastAction: RatingAction | ImportAction | null;
}

export const initialRatingsState = (): RatingsState => ({ rated: [], skipped: [], lastAction: null });
