/**
 * Gathering and scattering parameter rows for a batch, in plain TypeScript. The tensors of a
 * training step are built from these gathered rows; their gradients are summed back per row here.
 */
import type { TaskBatch } from '../data/types';
import type { ModelParams } from './params';

/** A task batch with support and query side by side: N = S + Q positions per task. */
export interface GatheredBatch {
  numTasks: number;
  numPos: number;
  supportSize: number;
  /** Catalog indices [T * N] (support positions first, then query). */
  items: Int32Array;
  ratings: Float32Array;
  supportMask: Float32Array;
  queryMask: Float32Array;
  /** Id-embedding row of each position, -1 when none (or padding) [T * N]. */
  idRows: Int32Array;
  /** Gathered id embeddings [T * N * dim] (zeros for no id). */
  embRows: Float32Array;
  /** Gathered id biases [T * N]. */
  biasRows: Float32Array;
  /** Content features [T * N * F]. */
  content: Float32Array;
}

export function gatherBatch(p: ModelParams, features: Float32Array, batch: TaskBatch): GatheredBatch {
  const { numTasks: t, supportSize: s, querySize: q } = batch;
  const n = s + q;
  const d = p.dim;
  const f = p.numFeatures;
  const items = new Int32Array(t * n);
  const ratings = new Float32Array(t * n);
  const supportMask = new Float32Array(t * n);
  const queryMask = new Float32Array(t * n);
  for (let task = 0; task < t; task++) {
    for (let j = 0; j < s; j++) {
      const src = task * s + j;
      const dst = task * n + j;
      items[dst] = batch.supportItems[src] ?? 0;
      ratings[dst] = batch.supportRatings[src] ?? 0;
      supportMask[dst] = batch.supportMask[src] ?? 0;
    }
    for (let j = 0; j < q; j++) {
      const src = task * q + j;
      const dst = task * n + s + j;
      items[dst] = batch.queryItems[src] ?? 0;
      ratings[dst] = batch.queryRatings[src] ?? 0;
      queryMask[dst] = batch.queryMask[src] ?? 0;
    }
  }
  const idRows = new Int32Array(t * n);
  const embRows = new Float32Array(t * n * d);
  const biasRows = new Float32Array(t * n);
  const content = new Float32Array(t * n * f);
  for (let k = 0; k < t * n; k++) {
    const real = (supportMask[k] ?? 0) + (queryMask[k] ?? 0) > 0;
    const item = items[k] ?? 0;
    const row = real ? (p.itemIdRow[item] ?? -1) : -1;
    idRows[k] = row;
    if (!real) continue;
    if (row >= 0) {
      embRows.set(p.itemEmbedding.subarray(row * d, row * d + d), k * d);
      biasRows[k] = p.itemIdBias[row] ?? 0;
    }
    content.set(features.subarray(item * f, item * f + f), k * f);
  }
  return {
    numTasks: t,
    numPos: n,
    supportSize: s,
    items,
    ratings,
    supportMask,
    queryMask,
    idRows,
    embRows,
    biasRows,
    content,
  };
}

/**
 * Sum per-position gradients into per-row gradients. Returns the touched rows (ascending) and
 * their gradients [rows.length, width]; positions with row -1 are dropped.
 */
export function scatterRows(
  idRows: Int32Array,
  grad: ArrayLike<number>,
  width: number,
): { rows: Int32Array; grads: Float32Array } {
  const slot = new Map<number, number>();
  for (const row of idRows) if (row >= 0 && !slot.has(row)) slot.set(row, 0);
  const rows = Int32Array.from([...slot.keys()].sort((a, b) => a - b));
  rows.forEach((row, i) => slot.set(row, i));
  const grads = new Float32Array(rows.length * width);
  for (let k = 0; k < idRows.length; k++) {
    const row = idRows[k] ?? -1;
    if (row < 0) continue;
    const base = (slot.get(row) ?? 0) * width;
    for (let j = 0; j < width; j++) grads[base + j]! += grad[k * width + j] ?? 0;
  }
  return { rows, grads };
}
