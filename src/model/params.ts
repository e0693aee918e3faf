/**
 * The model's parameters as plain typed arrays: what training updates, what is exported, and what
 * the browser loads. Pure TypeScript; tensors are made from these at the edges.
 *
 * Model (one space for users and items, so both can be drawn on one map):
 *   item vector   v_i = E[id(i)] + c_i W_c                         [dim]
 *   item bias     b_i = mu + e[id(i)] + c_i . w_b                  scalar
 *   user state    phi = (u, b_u)                                   [dim + 1]
 *   score         z   = v_i . u + b_i + b_u = [v_i, 1] . phi + b_i
 *   rating        r   = 0.5 + softplus(z - 0.5) - softplus(z - 5)  in (0.5, 5), ~z inside the range
 * id(i) exists only for items with enough training ratings; other items rely on content features c_i.
 * Only phi adapts per user (the inner loop); everything else is shared and meta-learned.
 */
import { createRng } from '../data/rng';

export interface ModelParams {
  /** Embedding dimension d. */
  dim: number;
  /** Number of content features F. */
  numFeatures: number;
  /** Per catalog item: its row in itemEmbedding, or -1 when the item has too few ratings for an id. */
  itemIdRow: Int32Array;
  /** Id embeddings, [numIdRows, dim]. */
  itemEmbedding: Float32Array;
  /** Id biases, [numIdRows]. */
  itemIdBias: Float32Array;
  /** Content projection W_c, [numFeatures, dim]. */
  contentWeights: Float32Array;
  /** Content bias weights w_b, [numFeatures]. */
  contentBias: Float32Array;
  /** Global offset mu, [1]. */
  globalBias: Float32Array;
  /** Meta-learned initial user state phi_0 = (u_0, b_u0), [dim + 1]. */
  userInit: Float32Array;
  /** Inner-loop learning rate per user-state entry, [dim + 1] (learned by Meta-SGD, constant otherwise). */
  innerLr: Float32Array;
  /**
   * List models only (listCore.ts): how a support counts as evidence. A list model's user state is
   * u (the first dim entries of userInit; the last is unused by its scores) and its scores rank the
   * whole catalog; globalBias is 0.
   */
  list?: ListParams;
}

export interface ListParams {
  /** Evidence weight a(r) of each rating level 0.5, 1, ..., 5: [10]. */
  levelWeights: Float32Array;
  /** kappa: the evidence of K ratings is divided by K + kappa, [1]. */
  shrink: Float32Array;
  /** Set encoder W, [dim, dim] (identity-scaled for the prototype, unused without an encoder pass). */
  encoder: Float32Array;
}

/** Names of the dense (non-row) parameter arrays, in export order. */
export const DENSE_PARAMS = ['contentWeights', 'contentBias', 'globalBias', 'userInit', 'innerLr'] as const;
export type DenseParamName = (typeof DENSE_PARAMS)[number];

export interface InitOptions {
  dim: number;
  numFeatures: number;
  itemIdRow: Int32Array;
  numIdRows: number;
  seed: number;
  /** Initial global offset (the training mean rating). */
  mu: number;
  /** Initial inner learning rate, the same for every user-state entry. */
  innerLr: number;
  /** Scale of the random initialization. */
  initScale?: number;
}

/** Fresh parameters: small seeded normal weights, zero biases, mu at the training mean. */
export function initParams(opts: InitOptions): ModelParams {
  const rng = createRng(opts.seed);
  const scale = opts.initScale ?? 0.1;
  const normal = (n: number, s: number): Float32Array => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = rng.normal() * s;
    return a;
  };
  const userInit = normal(opts.dim + 1, scale);
  userInit[opts.dim] = 0;
  return {
    dim: opts.dim,
    numFeatures: opts.numFeatures,
    itemIdRow: opts.itemIdRow,
    itemEmbedding: normal(opts.numIdRows * opts.dim, scale),
    itemIdBias: new Float32Array(opts.numIdRows),
    contentWeights: normal(opts.numFeatures * opts.dim, scale),
    contentBias: new Float32Array(opts.numFeatures),
    globalBias: Float32Array.of(opts.mu),
    userInit,
    innerLr: new Float32Array(opts.dim + 1).fill(opts.innerLr),
  };
}

export function cloneParams(p: ModelParams): ModelParams {
  return {
    ...p,
    itemIdRow: p.itemIdRow.slice(),
    itemEmbedding: p.itemEmbedding.slice(),
    itemIdBias: p.itemIdBias.slice(),
    contentWeights: p.contentWeights.slice(),
    contentBias: p.contentBias.slice(),
    globalBias: p.globalBias.slice(),
    userInit: p.userInit.slice(),
    innerLr: p.innerLr.slice(),
    ...(p.list
      ? {
          list: {
            levelWeights: p.list.levelWeights.slice(),
            shrink: p.list.shrink.slice(),
            encoder: p.list.encoder.slice(),
          },
        }
      : {}),
  };
}

/** Number of id rows in the embedding table. */
export function numIdRows(p: ModelParams): number {
  return p.itemIdBias.length;
}

/**
 * Which catalog items get an id embedding: those with at least minCount training ratings.
 * Returns the row of each item (-1 for none) and the number of rows.
 */
export function assignIdRows(
  counts: ArrayLike<number>,
  minCount: number,
): { itemIdRow: Int32Array; numIdRows: number } {
  const itemIdRow = new Int32Array(counts.length).fill(-1);
  let rows = 0;
  for (let i = 0; i < counts.length; i++) if ((counts[i] ?? 0) >= minCount) itemIdRow[i] = rows++;
  return { itemIdRow, numIdRows: rows };
}

/**
 * Item vectors and biases for a list of catalog items, computed in plain TypeScript:
 * returns [n, dim + 1] rows [v_i, 1] and [n] biases b_i (mu included). Used for the catalog matrix
 * the browser scores against, for projections, and as a reference in tests.
 */
export function itemVectors(
  p: ModelParams,
  features: Float32Array,
  items: ArrayLike<number>,
): { vectors: Float32Array; biases: Float32Array } {
  const d = p.dim;
  const f = p.numFeatures;
  const n = items.length;
  const vectors = new Float32Array(n * (d + 1));
  const biases = new Float32Array(n);
  const mu = p.globalBias[0] ?? 0;
  for (let k = 0; k < n; k++) {
    const item = items[k] ?? 0;
    const row = p.itemIdRow[item] ?? -1;
    const out = k * (d + 1);
    let b = mu;
    for (let j = 0; j < f; j++) {
      const c = features[item * f + j] ?? 0;
      if (c === 0) continue;
      b += c * (p.contentBias[j] ?? 0);
      for (let t = 0; t < d; t++) vectors[out + t]! += c * (p.contentWeights[j * d + t] ?? 0);
    }
    if (row >= 0) {
      b += p.itemIdBias[row] ?? 0;
      for (let t = 0; t < d; t++) vectors[out + t]! += p.itemEmbedding[row * d + t] ?? 0;
    }
    vectors[out + d] = 1;
    biases[k] = b;
  }
  return { vectors, biases };
}
