/**
 * From a trained list model to what the item cold-start side needs (issue 17): every user's state
 * (the model's method adapted to all their ratings, every new movie removed), the catalog as the
 * model scores it, and the training set the new-item placers are fitted on. Runs the model through
 * Recommender (TensorFlow.js, any backend); the rest of the item side is plain TypeScript.
 */
import type { MovieLensData } from '../data/types';
import {
  createRaterLists,
  itemRatingsByTime,
  poolHistories,
  poolUserIds,
  type CatalogSide,
  type RaterPool,
} from '../eval/itemColdStartProtocol';
import type { CandidateScores } from '../eval/itemColdStartMetrics';
import type { ItemTrainingSet } from '../model/newItem';
import type { Recommender } from '../model/recommender';

/**
 * The catalog as the recommender scores it: [N * d] vectors and [N] biases. A user's ranking by
 * [v_i, 1] . phi + b_i equals the ranking by u . v_i + b_i (the user bias shifts every movie alike,
 * and the rating rules' squash is monotone), so u alone places a user.
 */
export function catalogSide(rec: Recommender, features: Float32Array, numFeatures: number): CatalogSide {
  const d = rec.dim;
  const n = rec.numItems;
  const vectors = new Float32Array(n * d);
  for (let i = 0; i < n; i++) vectors.set(rec.vectors.subarray(i * (d + 1), i * (d + 1) + d), i * d);
  return { dim: d, numFeatures, vectors, biases: rec.biases.slice(), features };
}

/**
 * Every user of `data` adapted by `rec` to their ratings with the new movies removed (a user who
 * rated only new movies gets the K = 0 state). One adaptation per user, sequential.
 */
export async function raterPool(
  rec: Recommender,
  data: MovieLensData,
  newMovieIds: readonly number[],
  onProgress?: (done: number, total: number) => void,
): Promise<RaterPool> {
  const d = rec.dim;
  const userIds = poolUserIds(data);
  const histories = poolHistories(data, userIds, newMovieIds);
  const states = new Float32Array(userIds.length * d);
  for (let p = 0; p < userIds.length; p++) {
    const h = histories[p] as RaterPool['histories'][number];
    const { phi } = await rec.adapt({ items: h.items, ratings: h.ratings });
    states.set(phi.subarray(0, d), p * d);
    onProgress?.(p + 1, userIds.length);
  }
  return { dim: d, userIds, states, histories };
}

/**
 * The placers' training set: every catalog movie that meta-train users rated (never a new movie),
 * with those raters in time order; every pool user's state and top-20 threshold (the 20th best
 * score among the movies they did not rate, new movies left out; -Infinity for a list shorter than
 * 20).
 */
export function itemTrainingSet(
  data: MovieLensData,
  trainUserIds: readonly number[],
  pool: RaterPool,
  catalog: CatalogSide,
  newItems: ReadonlySet<number>,
  lists: (user: number) => CandidateScores = createRaterLists(pool, catalog, newItems),
): ItemTrainingSet {
  const trainUsers = new Set(trainUserIds);
  const newMovieIds = new Set([...newItems].map((i) => data.movies[i]?.movieId));
  const kept = {
    ...data,
    ratings: data.ratings.filter((r) => trainUsers.has(r.userId) && !newMovieIds.has(r.movieId)),
  };
  const rated = [...new Set(kept.ratings.map((r) => r.movieId))].sort((a, b) => a - b);
  return {
    dim: pool.dim,
    numFeatures: catalog.numFeatures,
    features: catalog.features,
    itemVectors: catalog.vectors,
    itemBiases: catalog.biases,
    userStates: pool.states,
    top20Threshold: Float32Array.from(pool.userIds, (_, p) => lists(p)[19] ?? -Infinity),
    items: itemRatingsByTime(kept, rated, pool.userIds).map(({ item, users, ratings }) => ({
      item,
      users,
      ratings,
    })),
  };
}
