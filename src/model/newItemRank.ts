/**
 * Where a placed new movie lands in one user's catalog-wide list: the scores u . v_i + b_i of the
 * catalog (the list model's; a user bias shifts every movie alike and is left out) and the new
 * movie's rank among the listable movies the user did not rate. Plain TypeScript (no tfjs): the
 * worker's "New arrivals" audience and its tests share it.
 */
import type { NewItemState } from './newItem';

/**
 * Scores of every catalog movie for user state u (first `dim` entries used), [numItems].
 * @param vectors [numItems, width] rows whose first `dim` entries are v_i; biases [numItems].
 */
export function catalogScores(
  u: ArrayLike<number>,
  vectors: Float32Array,
  biases: Float32Array,
  width: number,
  dim: number,
): Float32Array {
  const n = biases.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = biases[i] ?? 0;
    for (let t = 0; t < dim; t++) z += (u[t] ?? 0) * (vectors[i * width + t] ?? 0);
    out[i] = z;
  }
  return out;
}

/** The new movie's score for user state u. */
export function newItemScore(u: ArrayLike<number>, item: NewItemState): number {
  let z = item.bias;
  for (let t = 0; t < item.vector.length; t++) z += (u[t] ?? 0) * (item.vector[t] ?? 0);
  return z;
}

/**
 * 1 + the number of movies that outscore `score` among those that may be listed (`listable[i]`,
 * when given), were not rated (`skip`) and are not the new movie's own catalog row (`self`).
 */
export function rankAmong(
  score: number,
  scores: Float32Array,
  skip: ReadonlySet<number>,
  self: number,
  listable: Uint8Array | null,
): number {
  let above = 0;
  for (let i = 0; i < scores.length; i++) {
    if (i === self || skip.has(i) || (listable && listable[i] !== 1)) continue;
    if ((scores[i] ?? -Infinity) > score) above++;
  }
  return above + 1;
}
