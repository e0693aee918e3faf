/**
 * What a rating means on the score scale, for placing a new movie from its first ratings: the
 * placers fit u_k . v + b to a target y(r_k) per rating, so the target must say which score a
 * rater's rating asks for. Fitted per rating level on the training pairs: y(level) is the mean score
 * u . v_i + b_i the trained model gives its training (user, movie) pairs at that level, shrunk toward
 * a straight line in r where a level is rare. Pure TypeScript.
 *
 * The targets ignore the rater (no per-user threshold): a rater's state already carries their scale
 * through u . v, and the placers see only states and ratings (NewItemEvidence).
 */
import { dotAt } from './itemLinalg';
import { RATING_LEVELS, ratingLevel } from './listEpisodes';
import type { ItemTrainingSet } from './newItem';

export interface RatingTargets {
  /** [RATING_LEVELS] the score a rating at each level (0.5, 1, ..., 5 stars) asks for. */
  levels: Float32Array;
  /** The mean score over all training pairs (the centre `adjustTargets` scales around). */
  center: number;
}

/** The target score of one rating. */
export function targetOf(t: RatingTargets, rating: number): number {
  return t.levels[ratingLevel(rating)] ?? t.center;
}

/**
 * Per-level mean scores of the training pairs, each shrunk toward the least-squares line
 * score ~ a + c * r with `shrinkage` pseudo-pairs (so an empty level gets the line's value).
 */
export function fitRatingTargets(set: ItemTrainingSet, shrinkage = 20): RatingTargets {
  const d = set.dim;
  const sums = new Float64Array(RATING_LEVELS);
  const counts = new Float64Array(RATING_LEVELS);
  let n = 0;
  let sr = 0;
  let ss = 0;
  let srr = 0;
  let srs = 0;
  for (const { item, users, ratings } of set.items) {
    const bias = set.itemBiases[item] ?? 0;
    users.forEach((u, k) => {
      const r = ratings[k] ?? 0;
      const s = dotAt(set.userStates, u * d, set.itemVectors, item * d, d) + bias;
      const level = ratingLevel(r);
      sums[level] = (sums[level] ?? 0) + s;
      counts[level] = (counts[level] ?? 0) + 1;
      n++;
      sr += r;
      ss += s;
      srr += r * r;
      srs += r * s;
    });
  }
  if (n === 0) return { levels: new Float32Array(RATING_LEVELS), center: 0 };
  const varR = srr / n - (sr / n) ** 2;
  const slope = varR > 1e-12 ? (srs / n - (sr / n) * (ss / n)) / varR : 0;
  const intercept = ss / n - slope * (sr / n);
  const levels = Float32Array.from({ length: RATING_LEVELS }, (_, l) => {
    const line = intercept + slope * ((l + 1) / 2);
    const c = counts[l] ?? 0;
    return c + shrinkage > 0 ? ((sums[l] ?? 0) + shrinkage * line) / (c + shrinkage) : line;
  });
  return { levels, center: ss / n };
}

/** Targets stretched by `scale` around their centre and moved by `shift` (tuned on validation items). */
export function adjustTargets(t: RatingTargets, scale = 1, shift = 0): RatingTargets {
  return {
    levels: Float32Array.from(t.levels, (y) => t.center + scale * (y - t.center) + shift),
    center: t.center + shift,
  };
}
