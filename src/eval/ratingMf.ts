/**
 * The classic explicit-rating matrix factorization, as a baseline for the meta-learned models:
 * r ≈ mu + b_i + b_u + p_u . q_i fitted on meta-train ratings by alternating least squares, and a
 * new user folded in by ridge regression on the frozen item factors (`mfFoldIn`, the same solve the
 * fit makes for every training user). Pure TypeScript on typed arrays (no tfjs, no node:*). Its
 * settings are chosen on meta-val by tuneRatingMf (ratingMfTuning.ts).
 *
 * The fit has two stages. First the bias model (`fitBiasBaseline`) gives mu and b_i, which stay
 * fixed. Then ALS fits the rest to what they leave, with the user bias as an always-1 extra column
 * of the user side: a user solve regresses r - mu - b_i on [q_i, 1] for (p_u, b_u), an item solve
 * regresses r - mu - b_i - b_u on p_u for q_i. Both are exact minimizers of one objective,
 *
 *   sum over ratings (r - mu - b_i - b_u - p_u . q_i)^2 + lambda (sum_u |p_u|^2 + b_u^2 + sum_i |q_i|^2),
 *
 * so it never increases from one half-step to the next.
 *
 * Why not fit b_i jointly with the factors: a new user starts at p_u = 0, b_u = 0, and a joint fit
 * lets the factors carry part of each item's mean (through the mean training user vector), which
 * that start then loses. On ml-latest-small (split seed 42, dim 32, lambda 10, fold-in lambda 3; 100
 * meta-test users, seeds 1 and 2, 10 query ratings) the joint fit's RMSE was 0.988 / 0.936 / 0.909 /
 * 0.889 at K = 0 / 5 / 10 / 20, worse than the bias model itself at K <= 10 (0.971 / 0.928 / 0.906 /
 * 0.895); fitted on the bias model's b_i it is 0.971 / 0.924 / 0.899 / 0.882, and K = 0 is the bias
 * model's mu + b_i exactly.
 */
import { createRng } from '../data/rng';
import type { RatedItems, UserHistory } from '../data/types';
import { fitBiasBaseline, mfFoldIn, predictMf, solveSymmetric, type BiasOptions } from './baselines';
import type { EvalMethod } from './evaluate';
import { dot } from './linalg';

export interface RatingMfOptions {
  /** Latent dimension of p_u and q_i. */
  dim: number;
  /** Ridge weight on p_u, b_u and q_i (users and items alike); > 0. */
  lambda: number;
  /** ALS sweeps; each solves every item, then every user. */
  iterations: number;
  /** Seeds the initial user factors: the same seed gives the same model. */
  seed: number;
  /** The first stage's bias model (default: fitBiasBaseline's defaults); only mu and b_i are kept. */
  bias?: BiasOptions;
}

/** The fit's state after one sweep (over the training ratings, predictions not clipped). */
export interface AlsIteration {
  /** The regularized squared error above, which ALS never increases. */
  objective: number;
  /** Root mean squared training error, in stars. */
  rmse: number;
}

export interface RatingMf {
  dim: number;
  /** The ridge weight the factors were fitted with. */
  lambda: number;
  /** Mean meta-train rating. */
  mu: number;
  /** q_i, row-major [numItems, dim]; 0 for items without meta-train ratings. */
  itemVectors: Float32Array;
  /** b_i of the bias model, [numItems]; 0 for items without meta-train ratings. */
  itemBias: Float32Array;
  /** p_u of the training users, row-major [numUsers, dim], user u = histories[u]. */
  userVectors: Float32Array;
  /** b_u of the training users, [numUsers]. */
  userBias: Float32Array;
  /** One entry per sweep, in order. */
  trace: AlsIteration[];
}

/** Ratings grouped by row (a user's items, or an item's users): entries start[r] .. start[r + 1]. */
interface Grouped {
  start: Int32Array;
  /** The other side's index of each entry. */
  other: Int32Array;
  rating: Float32Array;
}

function groupByUser(histories: readonly UserHistory[], numItems: number): Grouped {
  const start = new Int32Array(histories.length + 1);
  histories.forEach((h, u) => {
    if (h.items.length !== h.ratings.length)
      throw new Error(`fitRatingMf: user ${h.userId} has mismatched items and ratings`);
    for (const item of h.items)
      if (!(item >= 0 && item < numItems))
        throw new Error(`fitRatingMf: user ${h.userId} rated item ${item}, outside [0, ${numItems})`);
    start[u + 1] = (start[u] as number) + h.items.length;
  });
  const other = new Int32Array(start[histories.length] as number);
  const rating = new Float32Array(other.length);
  histories.forEach((h, u) => {
    other.set(h.items, start[u] as number);
    rating.set(h.ratings, start[u] as number);
  });
  return { start, other, rating };
}

/** The same ratings grouped by item, each item's users in ascending order. */
function transpose(byUser: Grouped, numItems: number): Grouped {
  const start = new Int32Array(numItems + 1);
  for (const item of byUser.other) start[item + 1] = (start[item + 1] as number) + 1;
  for (let i = 0; i < numItems; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const fill = start.slice(0, numItems);
  const other = new Int32Array(byUser.other.length);
  const rating = new Float32Array(other.length);
  for (let u = 0; u + 1 < byUser.start.length; u++)
    for (let p = byUser.start[u] as number; p < (byUser.start[u + 1] as number); p++) {
      const item = byUser.other[p] as number;
      const at = fill[item] as number;
      other[at] = u;
      rating[at] = byUser.rating[p] as number;
      fill[item] = at + 1;
    }
  return { start, other, rating };
}

/** One side's factors: vectors [rows, dim] and biases [rows]. */
interface Side {
  vectors: Float64Array;
  bias: Float64Array;
}

/**
 * One half-sweep: for every row r, the ridge solution w = (X^T X + lambda I)^-1 X^T y of r's
 * vector (and, when `fitBias`, its bias) given the other side's fixed factors, where X holds one
 * feature row x = [v_other, 1] per rating (x = v_other when the row's bias is fixed) and
 * y = rating - mu - b_other (- b_own when fixed). A row with m >= the number of unknowns n solves the
 * n x n normal equations; a row with fewer (most items: the catalog's long tail) solves the m x m
 * dual w = X^T (X X^T + lambda I)^-1 y instead, the same solution at a fraction of the cost. A row
 * without ratings gets a zero vector (and bias): the ridge solution of an empty system.
 *
 * Both Gram matrices are built from dot products of contiguous rows (X^T for the normal equations,
 * X for the dual).
 */
function solveSide(
  rows: Grouped,
  other: Side,
  own: Side,
  fitBias: boolean,
  mu: number,
  dim: number,
  lambda: number,
): void {
  const n = fitBias ? dim + 1 : dim;
  let maxM = 0;
  for (let r = 0; r + 1 < rows.start.length; r++)
    maxM = Math.max(maxM, (rows.start[r + 1] as number) - (rows.start[r] as number));
  /** The row's features, X [m, n] for the dual or X^T [n, m] for the normal equations. */
  const g = new Float64Array(n * maxM);
  const y = new Float64Array(maxM);
  const a = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  for (let r = 0; r + 1 < rows.start.length; r++) {
    const from = rows.start[r] as number;
    const m = (rows.start[r + 1] as number) - from;
    if (m === 0) {
      own.vectors.fill(0, r * dim, (r + 1) * dim);
      if (fitBias) own.bias[r] = 0;
      continue;
    }
    const offset = mu + (fitBias ? 0 : (own.bias[r] as number));
    for (let p = 0; p < m; p++) {
      const o = rows.other[from + p] as number;
      y[p] = (rows.rating[from + p] as number) - offset - (other.bias[o] as number);
    }
    let w: Float64Array;
    if (m < n) {
      for (let p = 0; p < m; p++) {
        const o = rows.other[from + p] as number;
        g.set(other.vectors.subarray(o * dim, (o + 1) * dim), p * n);
        if (fitBias) g[p * n + dim] = 1;
      }
      const k = new Float64Array(m * m);
      for (let p = 0; p < m; p++)
        for (let q = 0; q <= p; q++) {
          const s = dot(g, p * n, g, q * n, n);
          k[p * m + q] = s;
          k[q * m + p] = s;
        }
      for (let p = 0; p < m; p++) k[p * m + p] = (k[p * m + p] as number) + lambda;
      const alpha = solveSymmetric(k, y.subarray(0, m), m);
      w = new Float64Array(n);
      for (let p = 0; p < m; p++) {
        const ap = alpha[p] as number;
        for (let d = 0; d < n; d++) w[d] = (w[d] as number) + ap * (g[p * n + d] as number);
      }
    } else {
      for (let p = 0; p < m; p++) {
        const o = rows.other[from + p] as number;
        for (let d = 0; d < dim; d++) g[d * m + p] = other.vectors[o * dim + d] as number;
        if (fitBias) g[dim * m + p] = 1;
      }
      for (let i = 0; i < n; i++) {
        rhs[i] = dot(g, i * m, y, 0, m);
        for (let j = 0; j <= i; j++) {
          const s = dot(g, i * m, g, j * m, m);
          a[i * n + j] = s;
          a[j * n + i] = s;
        }
        a[i * n + i] = (a[i * n + i] as number) + lambda;
      }
      w = solveSymmetric(a, rhs, n);
    }
    own.vectors.set(w.subarray(0, dim), r * dim);
    if (fitBias) own.bias[r] = w[dim] as number;
  }
}

function sumOfSquares(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v * v;
  return s;
}

/**
 * Fits r ≈ mu + b_i + b_u + p_u . q_i on training histories: mu and b_i from the bias model, then
 * ALS on the rest (see the module comment). User factors start as N(0, 0.1^2) from
 * `createRng(seed)`, user biases and item factors at 0; each sweep solves every item given the
 * users, then every user given the items, so the returned (p_u, b_u) are exactly what `mfFoldIn`
 * gives for that user's history with the returned items (up to float32 storage). Items no training
 * user rated keep q_i = 0 and b_i = 0.
 *
 * Cost per sweep: about (dim + 1)^2 / 2 multiply-adds per rating per side plus one small Cholesky
 * per user and per rated item; about 2 s for dim 32 and 10 sweeps on ml-latest-small's meta-train.
 * A lambda above the residual's largest singular value makes every factor 0 (the bias model).
 *
 * @param histories training users; user u of the model is histories[u]
 * @throws Error when dim or iterations is not a positive integer, lambda is not positive, or an item
 *   index is outside [0, numItems).
 */
export function fitRatingMf(
  histories: readonly UserHistory[],
  numItems: number,
  opts: RatingMfOptions,
): RatingMf {
  const { dim, lambda, iterations, seed } = opts;
  if (!Number.isInteger(dim) || dim < 1)
    throw new Error(`fitRatingMf: dim = ${dim}; expected an integer >= 1`);
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new Error(`fitRatingMf: iterations = ${iterations}; expected an integer >= 1`);
  if (!(lambda > 0)) throw new Error(`fitRatingMf: lambda = ${lambda}; expected a positive number`);
  const byUser = groupByUser(histories, numItems);
  const byItem = transpose(byUser, numItems);
  const numUsers = histories.length;
  const numRatings = byUser.rating.length;
  const ratingUser = new Int32Array(numRatings);
  for (let u = 0; u < numUsers; u++) ratingUser.fill(u, byUser.start[u], byUser.start[u + 1]);
  const biasModel = fitBiasBaseline(
    { items: byUser.other, users: ratingUser, ratings: byUser.rating, numItems, numUsers },
    opts.bias,
  );
  const { mu } = biasModel;

  const rng = createRng(seed);
  const users: Side = {
    vectors: Float64Array.from({ length: numUsers * dim }, () => 0.1 * rng.normal()),
    bias: new Float64Array(numUsers),
  };
  const items: Side = {
    vectors: new Float64Array(numItems * dim),
    bias: Float64Array.from(biasModel.itemBias),
  };

  const trace: AlsIteration[] = [];
  for (let it = 0; it < iterations; it++) {
    solveSide(byItem, users, items, false, mu, dim, lambda);
    solveSide(byUser, items, users, true, mu, dim, lambda);
    let sse = 0;
    for (let u = 0; u < numUsers; u++)
      for (let p = byUser.start[u] as number; p < (byUser.start[u + 1] as number); p++) {
        const i = byUser.other[p] as number;
        const e =
          (byUser.rating[p] as number) -
          mu -
          (users.bias[u] as number) -
          (items.bias[i] as number) -
          dot(users.vectors, u * dim, items.vectors, i * dim, dim);
        sse += e * e;
      }
    const penalty = sumOfSquares(users.vectors) + sumOfSquares(users.bias) + sumOfSquares(items.vectors);
    trace.push({ objective: sse + lambda * penalty, rmse: numRatings > 0 ? Math.sqrt(sse / numRatings) : 0 });
  }
  return {
    dim,
    lambda,
    mu,
    itemVectors: Float32Array.from(items.vectors),
    itemBias: Float32Array.from(items.bias),
    userVectors: Float32Array.from(users.vectors),
    userBias: Float32Array.from(users.bias),
    trace,
  };
}

/**
 * The fitted MF as a rating method: adapt solves the new user's (p_u, b_u) by ridge regression with
 * weight `lambda` on the support items' [q_i, 1] (`mfFoldIn`; K = 0 gives p_u = 0, b_u = 0, i.e.
 * mu + b_i). `predict` and `scoreCatalog` give predicted stars clipped to [0.5, 5], so the top-N
 * list is "highest predicted rating", the classic rating model's list.
 */
export function mfFoldInMethod(model: RatingMf, lambda: number): EvalMethod {
  const { itemVectors, dim, itemBias, mu } = model;
  const all = Int32Array.from({ length: itemBias.length }, (_, i) => i);
  return {
    name: 'mf-foldin',
    label: 'MF fold-in (ALS, ridge on the item factors)',
    kind: 'rating',
    adapt(support: RatedItems) {
      const user = mfFoldIn(itemVectors, dim, itemBias, mu, support, lambda);
      let catalog: Float32Array | null = null;
      return {
        predict: (items) => predictMf(itemVectors, dim, itemBias, mu, user, items),
        scoreCatalog: () => (catalog ??= predictMf(itemVectors, dim, itemBias, mu, user, all)),
      };
    },
  };
}
