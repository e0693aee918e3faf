/**
 * The "New arrivals" file (public/model/arrivals.json, format in src/model/arrivalsFormat.ts): a
 * handful of held-out test movies (split.json's newItems), each with its first ratings in time
 * order and the user state of each rater: the shipped default method adapted to all the rater's
 * ratings with every new movie removed, as the item evaluation and the warm-up's training see
 * raters (src/train/itemRaters.ts). Written by `npm run train` after the warm-up and by `npm run
 * arrivals` from a shipped model. Pure: the scripts read and write the files.
 */
import type { NewItemSplit } from '../data/itemSplit';
import type { MovieLensData, Rating } from '../data/types';
import {
  ARRIVAL_MAX_RATINGS,
  ARRIVALS_FORMAT_VERSION,
  round4,
  type ArrivalMovie,
  type ArrivalsFile,
} from '../model/arrivalsFormat';
import type { Recommender } from '../model/recommender';

/** How many movies the panel offers by default. */
export const DEFAULT_ARRIVALS = 10;

export interface ArrivalsInput {
  rec: Recommender;
  data: MovieLensData;
  /**
   * The held-out new movies (split.json's newItems): the arrivals are test movies, and no rater's
   * state sees any new movie. null (a model without an item split): the movies released last,
   * PROVISIONAL, since the model trained on them.
   */
  newItems: NewItemSplit | null;
  count?: number;
  createdAt?: string;
}

const byTime = (a: Rating, b: Rating) => a.timestamp - b.timestamp || a.userId - b.userId;

/**
 * The arrival movies: the held-out ones with at least ARRIVAL_MAX_RATINGS ratings, the ones
 * released last first (ties: the later first rating), `count` of them. Without a held-out list the
 * whole catalog is the pool (the release-date split of issue 17's evaluation).
 */
export function chooseArrivals(data: MovieLensData, heldOut: number[] | null, count: number): number[] {
  const ratings = new Map<number, Rating[]>();
  for (const r of data.ratings) {
    const list = ratings.get(r.movieId) ?? [];
    list.push(r);
    ratings.set(r.movieId, list);
  }
  const pool = heldOut ? new Set(heldOut) : null;
  const year = new Map(data.movies.map((m) => [m.movieId, m.year ?? 0]));
  const first = (id: number) => Math.min(...(ratings.get(id) ?? []).map((r) => r.timestamp));
  return [...ratings.keys()]
    .filter((id) => (!pool || pool.has(id)) && (ratings.get(id)?.length ?? 0) >= ARRIVAL_MAX_RATINGS)
    .sort((a, b) => (year.get(b) ?? 0) - (year.get(a) ?? 0) || first(b) - first(a) || a - b)
    .slice(0, count);
}

/** Build arrivals.json's content (rater states adapted with the app method `rec`). */
export async function buildArrivals(input: ArrivalsInput): Promise<ArrivalsFile> {
  const { rec, data } = input;
  const count = input.count ?? DEFAULT_ARRIVALS;
  const chosen = chooseArrivals(data, input.newItems?.test ?? null, count);
  const index = new Map(data.movies.map((m, i) => [m.movieId, i]));
  // A rater's state never sees a new movie: neither the arrival nor any other.
  const hidden = new Set(input.newItems ? [...input.newItems.val, ...input.newItems.test] : chosen);
  const byUser = new Map<number, Rating[]>();
  for (const r of data.ratings) {
    if (hidden.has(r.movieId) || !index.has(r.movieId)) continue;
    const list = byUser.get(r.userId) ?? [];
    list.push(r);
    byUser.set(r.userId, list);
  }
  const states = new Map<number, number[]>();
  const stateOf = async (userId: number): Promise<number[]> => {
    const known = states.get(userId);
    if (known) return known;
    const own = (byUser.get(userId) ?? []).sort(byTime);
    const { phi } = await rec.adapt({
      items: Int32Array.from(own, (r) => index.get(r.movieId) ?? 0),
      ratings: Float32Array.from(own, (r) => r.rating),
    });
    const u = Array.from(phi.subarray(0, rec.dim), round4);
    states.set(userId, u);
    return u;
  };
  const movies: ArrivalMovie[] = [];
  for (const movieId of chosen) {
    const i = index.get(movieId);
    const movie = i === undefined ? undefined : data.movies[i];
    if (i === undefined || !movie) continue;
    const first = data.ratings.filter((r) => r.movieId === movieId).sort(byTime);
    const taken = first.slice(0, ARRIVAL_MAX_RATINGS);
    const raters: number[][] = [];
    for (const r of taken) raters.push(await stateOf(r.userId));
    const title = movie.year === null ? movie.title : `${movie.title} (${movie.year})`;
    movies.push({ index: i, movieId, title, ratings: taken.map((r) => r.rating), raters });
  }
  return {
    formatVersion: ARRIVALS_FORMAT_VERSION,
    createdAt: input.createdAt ?? new Date().toISOString(),
    dim: rec.dim,
    source: input.newItems
      ? 'the held-out test movies of the item split (split.json "newItems"), released last first'
      : 'PROVISIONAL: the movies released last with at least 20 ratings (no item split recorded yet; not held out of training)',
    movies,
  };
}
