/** The ratings slice's actions: rate, skip, remove, import and undo. */
import type { RatedMovie } from '../../../persistence';
import type { SliceActions } from '../../initialState';
import type { RatingAction, RatingsState } from './initialState';

export interface RatingsAction {
  rate: (movieId: number, rating: number) => void;
  unrate: (movieId: number) => void;
  skip: (movieId: number) => void;
  /** Offer a skipped movie again. */
  unskip: (movieId: number) => void;
  /**
   * Ratings from a file, oldest first. 'replace': they become the ratings. 'merge': a movie rated
   * already takes the file's rating in place, new ones are added after. Imported movies are no
   * longer skipped. One action: Undo puts everything back.
   */
  importRatings: (ratings: RatedMovie[], mode: 'merge' | 'replace') => void;
  /** Put back what the last action changed. */
  undo: () => void;
  /** Forget ratings and skips only (a persona starts from cold). */
  resetRatings: () => void;
}

let actionId = 0;
const beforeOf = (s: RatingsState, movieId: number): RatingAction['before'] => ({
  rating: s.rated.find((r) => r.movieId === movieId)?.rating ?? null,
  skipped: s.skipped.includes(movieId),
});

/** A movie's rating set (or removed, null) in place: a changed rating keeps its position. */
function withRating(rated: RatedMovie[], movieId: number, rating: number | null): RatedMovie[] {
  const at = rated.findIndex((r) => r.movieId === movieId);
  if (rating === null) return rated.filter((r) => r.movieId !== movieId);
  return at >= 0
    ? rated.map((r, i) => (i === at ? { movieId, rating } : r))
    : [...rated, { movieId, rating }];
}

/** 'replace': the file's ratings; 'merge': ratings kept in place with the file's value, new ones after. */
function imported(
  rated: RatedMovie[],
  incoming: Map<number, number>,
  mode: 'merge' | 'replace',
): RatedMovie[] {
  if (mode === 'replace') return [...incoming].map(([movieId, rating]) => ({ movieId, rating }));
  const kept = rated.map((r) => {
    const rating = incoming.get(r.movieId);
    return rating === undefined ? r : { movieId: r.movieId, rating };
  });
  const had = new Set(rated.map((r) => r.movieId));
  return [
    ...kept,
    ...[...incoming].filter(([id]) => !had.has(id)).map(([movieId, rating]) => ({ movieId, rating })),
  ];
}

export const createRatingsSlice: SliceActions<RatingsAction> = (set) => ({
  rate: (movieId, rating) =>
    set((s) => ({
      rated: withRating(s.rated, movieId, rating),
      skipped: s.skipped.filter((id) => id !== movieId),
      lastAction: { id: ++actionId, kind: 'rate', movieId, rating, before: beforeOf(s, movieId) },
    })),
  unrate: (movieId) =>
    set((s) => ({
      rated: withRating(s.rated, movieId, null),
      lastAction: { id: ++actionId, kind: 'remove', movieId, rating: null, before: beforeOf(s, movieId) },
    })),
  skip: (movieId) =>
    set((s) =>
      s.skipped.includes(movieId)
        ? {}
        : {
            skipped: [...s.skipped, movieId],
            lastAction: { id: ++actionId, kind: 'skip', movieId, rating: null, before: beforeOf(s, movieId) },
          },
    ),
  unskip: (movieId) => set((s) => ({ skipped: s.skipped.filter((id) => id !== movieId) })),
  importRatings: (ratings, mode) =>
    set((s) => {
      const incoming = new Map(ratings.map((r) => [r.movieId, r.rating]));
      return {
        rated: imported(s.rated, incoming, mode),
        skipped: s.skipped.filter((id) => !incoming.has(id)),
        lastAction: {
          id: ++actionId,
          kind: 'import',
          mode,
          count: incoming.size,
          before: { rated: s.rated, skipped: s.skipped },
        },
      };
    }),
  undo: () =>
    set((s) => {
      const a = s.lastAction;
      if (!a) return {};
      if (a.kind === 'import') return { rated: a.before.rated, skipped: a.before.skipped, lastAction: null };
      const skipped = s.skipped.filter((id) => id !== a.movieId);
      return {
        rated: withRating(s.rated, a.movieId, a.before.rating),
        skipped: a.before.skipped ? [...skipped, a.movieId] : skipped,
        lastAction: null,
      };
    }),
  resetRatings: () => set({ rated: [], skipped: [], lastAction: null }),
});
