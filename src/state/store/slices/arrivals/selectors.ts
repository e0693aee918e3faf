/** What the "New arrivals" panel and the visitor's list read of the slice (plain functions). */
import type { ArrivalsState } from './initialState';

type S = ArrivalsState;

/** The shown answer, when it is for the movie and K on screen (a stale one while the next runs). */
export const arrivalResult = (s: S) => s.arrivals.result;

/** The movie's current map position: the last state of its path, or null before any answer. */
export function arrivalPosition(s: S): [number, number] | null {
  const path = s.arrivals.result?.path;
  if (!path || path.length < 2) return null;
  return [path[path.length - 2] ?? 0, path[path.length - 1] ?? 0];
}

/** How many personas would see it in their top 20. */
export const arrivalAudienceCount = (s: S): number =>
  s.arrivals.result?.audience.filter((a) => a.inTop).length ?? 0;

/**
 * The new movie as a card of the visitor's own list: its title and rank, when the panel is open and
 * it beats their 20th movie; else null.
 */
export function arrivalInVisitorList(s: S): { title: string; rank: number; movieId: number } | null {
  const r = s.arrivals.result;
  if (!s.arrivals.open || !r || !r.visitor.inTop) return null;
  const movie = r.movies[r.index];
  return movie ? { title: movie.title, rank: r.visitor.rank, movieId: movie.movieId } : null;
}
