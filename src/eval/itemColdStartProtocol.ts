/**
 * The item cold-start protocol (issue 17): what a held-out new movie has shown a method (its first
 * K ratings in time order, each with its rater's state) and whom it is judged on (every other rater
 * of it). Pure TypeScript: the raters' states come in as plain arrays from the trained model (see
 * src/train/itemRaters.ts); nothing here touches TensorFlow.js.
 */
import { buildHistories, movieIndex } from '../data/movielens';
import type { MovieLensData } from '../data/types';
import type { NewItemEvidence, NewItemState } from '../model/newItem';
import { candidateScores, type CandidateScores } from './itemColdStartMetrics';

/** Every user as the item evaluation sees them: a state from the trained model and their ratings. */
export interface RaterPool {
  dim: number;
  /** [U] ascending; a pool index is a position here. */
  userIds: Int32Array;
  /** [U * d] each user's state u (the shipped default method adapted to the user's ratings, new movies removed). */
  states: Float32Array;
  /** Each user's ratings of catalog movies (catalog indices), every new movie removed. */
  histories: { items: Int32Array; ratings: Float32Array }[];
}

/** The catalog as the trained model scores it: user u scores movie i as u . v_i + b_i. */
export interface CatalogSide {
  dim: number;
  numFeatures: number;
  /** [N * d] item vectors v_i (a new movie's own row is the model's content vector: it has no id). */
  vectors: Float32Array;
  /** [N] item biases b_i. */
  biases: Float32Array;
  /** [N * F] content features. */
  features: Float32Array;
}

/** One new movie's raters (pool indices) and their ratings, in the order they came (by timestamp). */
export interface NewItemRatings {
  /** Catalog index. */
  item: number;
  movieId: number;
  users: Int32Array;
  ratings: Float32Array;
}

/** What a method is shown of a new movie at support size K. */
export interface ItemSupport {
  item: number;
  k: number;
  /** The content features, the first K raters' states and their ratings. */
  evidence: NewItemEvidence;
  /** [K] the first K raters (pool indices): item-kNN reads their other ratings. */
  raters: Int32Array;
}

/** A way to place a new movie; null when it cannot at this K (item-kNN with no rating). */
export interface ItemEvalMethod {
  name: string;
  label: string;
  place(support: ItemSupport): NewItemState | null;
}

/** The support of a new movie at K: its first K ratings with their raters' states. */
export function itemSupport(
  movie: NewItemRatings,
  k: number,
  pool: RaterPool,
  catalog: CatalogSide,
): ItemSupport {
  const { dim: d } = pool;
  const f = catalog.numFeatures;
  const raters = movie.users.slice(0, k);
  const raterStates = new Float32Array(k * d);
  raters.forEach((u, j) => raterStates.set(pool.states.subarray(u * d, (u + 1) * d), j * d));
  return {
    item: movie.item,
    k,
    raters,
    evidence: {
      features: catalog.features.slice(movie.item * f, (movie.item + 1) * f),
      raterStates,
      ratings: movie.ratings.slice(0, k),
    },
  };
}

/**
 * Each user's list, computed the first time it is asked for: the catalog scores u . v_i + b_i of
 * the movies the user has not rated, every new movie left out (the other new arrivals are not
 * competitors a rater's list is judged against; each new movie is ranked among the established
 * catalog), sorted descending.
 */
export function createRaterLists(
  pool: RaterPool,
  catalog: CatalogSide,
  newItems: ReadonlySet<number>,
): (user: number) => CandidateScores {
  const cache = new Map<number, CandidateScores>();
  const d = pool.dim;
  const n = catalog.biases.length;
  return (user) => {
    let found = cache.get(user);
    if (found === undefined) {
      const u = pool.states.subarray(user * d, (user + 1) * d);
      const scores = new Float32Array(n);
      for (let i = 0; i < n; i++)
        scores[i] = scoreOf(u, catalog.vectors.subarray(i * d, (i + 1) * d), catalog.biases[i] as number);
      const exclude = new Set(newItems);
      for (const i of pool.histories[user]?.items ?? []) exclude.add(i);
      found = candidateScores(scores, exclude);
      cache.set(user, found);
    }
    return found;
  };
}

/** u . v + b. */
export function scoreOf(u: ArrayLike<number>, v: ArrayLike<number>, b: number): number {
  let z = b;
  for (let t = 0; t < u.length; t++) z += (u[t] as number) * (v[t] as number);
  return z;
}

/** Every user id of the data, ascending: the pool's index space. */
export function poolUserIds(data: MovieLensData): Int32Array {
  return Int32Array.from(new Set(data.ratings.map((r) => r.userId))).sort();
}

/**
 * Each pool user's ratings with every new movie removed (empty for a user who rated only new
 * movies), in pool order.
 */
export function poolHistories(
  data: MovieLensData,
  userIds: Int32Array,
  newMovieIds: Iterable<number>,
): RaterPool['histories'] {
  const drop = new Set(newMovieIds);
  const kept = { ...data, ratings: data.ratings.filter((r) => !drop.has(r.movieId)) };
  const byUser = new Map(buildHistories(kept).map((h) => [h.userId, h]));
  return Array.from(userIds, (id) => {
    const h = byUser.get(id);
    return h
      ? { items: h.items, ratings: h.ratings }
      : { items: new Int32Array(0), ratings: new Float32Array(0) };
  });
}

/**
 * The ratings of each movie (a new movie's for the evaluation, a training movie's for the placers),
 * in the order they came: by timestamp, equal timestamps by userId. Movies in `movieIds` order;
 * raters as pool indices (a rater missing from the pool is an error).
 */
export function itemRatingsByTime(
  data: MovieLensData,
  movieIds: readonly number[],
  userIds: Int32Array,
): NewItemRatings[] {
  const index = movieIndex(data.movies);
  const poolIndex = new Map(Array.from(userIds, (id, p) => [id, p]));
  const wanted = new Set(movieIds);
  const byMovie = new Map<number, { user: number; userId: number; rating: number; t: number }[]>();
  for (const r of data.ratings) {
    if (!wanted.has(r.movieId)) continue;
    const user = poolIndex.get(r.userId);
    if (user === undefined) throw new Error(`itemRatingsByTime: user ${r.userId} is not in the rater pool`);
    const list = byMovie.get(r.movieId) ?? [];
    list.push({ user, userId: r.userId, rating: r.rating, t: r.timestamp });
    byMovie.set(r.movieId, list);
  }
  return movieIds.map((movieId) => {
    const item = index.get(movieId);
    if (item === undefined) throw new Error(`itemRatingsByTime: movie ${movieId} is not in the catalog`);
    const list = (byMovie.get(movieId) ?? []).sort((a, b) => a.t - b.t || a.userId - b.userId);
    return {
      item,
      movieId,
      users: Int32Array.from(list, (x) => x.user),
      ratings: Float32Array.from(list, (x) => x.rating),
    };
  });
}
