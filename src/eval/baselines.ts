/**
 * Non-meta-learned baselines the evaluation compares against: global mean, item mean, the classic
 * mu + b_i + b_u bias model, popularity, and a matrix-factorization fold-in for a new user.
 * Pure TypeScript on typed arrays (no tfjs): every fit here is closed-form or a few sweeps.
 *
 * A new (cold-start) user is never in the training ratings: the user-level parts (b_u, the user
 * vector) are fitted from that user's support set alone, by `biasFoldIn` and `mfFoldIn`.
 */
import type { RatedItems } from '../data/types';

/** Training ratings as parallel arrays, one entry per rating. */
export interface TrainRatings {
  /** Catalog index of each rating, in [0, numItems). */
  items: Int32Array;
  /** Dense user index of each rating, in [0, numUsers). */
  users: Int32Array;
  /** 0.5 to 5. */
  ratings: Float32Array;
  numItems: number;
  numUsers: number;
}

/** Lowest and highest rating on the MovieLens scale: predictions are clipped to it. */
export const MIN_RATING = 0.5;
export const MAX_RATING = 5;

function clipRating(r: number): number {
  return Math.min(MAX_RATING, Math.max(MIN_RATING, r));
}

function checkTrain(train: TrainRatings): void {
  const n = train.ratings.length;
  if (train.items.length !== n || train.users.length !== n) {
    throw new Error('TrainRatings: items, users and ratings must have the same length');
  }
}

function checkRated(support: RatedItems): void {
  if (support.items.length !== support.ratings.length) {
    throw new Error('RatedItems: items and ratings must have the same length');
  }
}

export interface GlobalMeanModel {
  /** Mean of all training ratings (0 when there are none). */
  mu: number;
}

/** The mean training rating: predicts the same value for every user and item. */
export function fitGlobalMean(train: TrainRatings): GlobalMeanModel {
  checkTrain(train);
  let sum = 0;
  for (const r of train.ratings) sum += r;
  return { mu: train.ratings.length > 0 ? sum / train.ratings.length : 0 };
}

export interface ItemMeanModel {
  mu: number;
  /** Shrunk mean rating per item, [numItems]. */
  itemMean: Float32Array;
  /** Pseudo-count of global-mean ratings each item mean is shrunk with. */
  shrinkage: number;
}

/**
 * Per-item mean rating, shrunk toward the global mean: (sum_r + shrinkage * mu) / (n_i + shrinkage).
 * The default shrinkage of 2 pseudo-ratings keeps an item rated once at 5 stars from outranking
 * well-established favourites, while barely moving items with dozens of ratings. Items with no
 * ratings get the global mean.
 */
export function fitItemMean(train: TrainRatings, opts: { shrinkage?: number } = {}): ItemMeanModel {
  const shrinkage = opts.shrinkage ?? 2;
  const { mu } = fitGlobalMean(train);
  const sum = new Float64Array(train.numItems);
  const count = new Float64Array(train.numItems);
  for (let j = 0; j < train.ratings.length; j++) {
    const i = train.items[j] as number;
    sum[i] = (sum[i] as number) + (train.ratings[j] as number);
    count[i] = (count[i] as number) + 1;
  }
  const itemMean = new Float32Array(train.numItems);
  for (let i = 0; i < train.numItems; i++) {
    const n = count[i] as number;
    itemMean[i] = n + shrinkage > 0 ? ((sum[i] as number) + shrinkage * mu) / (n + shrinkage) : mu;
  }
  return { mu, itemMean, shrinkage };
}

export interface BiasModel {
  mu: number;
  /** b_i per item, [numItems]; 0 for items without training ratings. */
  itemBias: Float32Array;
  /** b_u of the training users, [numUsers] (dense user index); new users use `biasFoldIn`. */
  userBias: Float32Array;
  /** Regularizer for a user's bias, reused when folding in a new user. */
  lambdaUser: number;
}

export interface BiasOptions {
  lambdaItem?: number;
  lambdaUser?: number;
  iterations?: number;
}

/**
 * The baseline predictor r ≈ mu + b_i + b_u, fitted by regularized alternating least squares:
 * mu is the global mean, then each sweep sets b_i = sum_u(r - mu - b_u) / (lambdaItem + n_i) and
 * b_u = sum_i(r - mu - b_i) / (lambdaUser + n_u). Each update is the exact minimizer given the
 * other, so the regularized squared error never increases.
 */
export function fitBiasBaseline(train: TrainRatings, opts: BiasOptions = {}): BiasModel {
  const lambdaItem = opts.lambdaItem ?? 10;
  const lambdaUser = opts.lambdaUser ?? 5;
  const iterations = opts.iterations ?? 10;
  const { mu } = fitGlobalMean(train);
  const { items, users, ratings } = train;
  const itemBias = new Float64Array(train.numItems);
  const userBias = new Float64Array(train.numUsers);
  const itemCount = new Float64Array(train.numItems);
  const userCount = new Float64Array(train.numUsers);
  for (let j = 0; j < ratings.length; j++) {
    const i = items[j] as number;
    const u = users[j] as number;
    itemCount[i] = (itemCount[i] as number) + 1;
    userCount[u] = (userCount[u] as number) + 1;
  }
  const itemSum = new Float64Array(train.numItems);
  const userSum = new Float64Array(train.numUsers);
  for (let it = 0; it < iterations; it++) {
    itemSum.fill(0);
    for (let j = 0; j < ratings.length; j++) {
      const i = items[j] as number;
      itemSum[i] =
        (itemSum[i] as number) + (ratings[j] as number) - mu - (userBias[users[j] as number] as number);
    }
    for (let i = 0; i < train.numItems; i++) {
      itemBias[i] = (itemSum[i] as number) / (lambdaItem + (itemCount[i] as number));
    }
    userSum.fill(0);
    for (let j = 0; j < ratings.length; j++) {
      const u = users[j] as number;
      userSum[u] =
        (userSum[u] as number) + (ratings[j] as number) - mu - (itemBias[items[j] as number] as number);
    }
    for (let u = 0; u < train.numUsers; u++) {
      userBias[u] = (userSum[u] as number) / (lambdaUser + (userCount[u] as number));
    }
  }
  return { mu, itemBias: Float32Array.from(itemBias), userBias: Float32Array.from(userBias), lambdaUser };
}

/**
 * b_u for a NEW user from their support ratings: sum(r - mu - b_i) / (lambdaUser + K), the same
 * update the fit uses for training users. 0 when K = 0.
 */
export function biasFoldIn(
  model: Pick<BiasModel, 'mu' | 'itemBias' | 'lambdaUser'>,
  support: RatedItems,
): number {
  checkRated(support);
  const k = support.items.length;
  if (k === 0) return 0;
  let sum = 0;
  for (let j = 0; j < k; j++) {
    sum += (support.ratings[j] as number) - model.mu - (model.itemBias[support.items[j] as number] as number);
  }
  return sum / (model.lambdaUser + k);
}

/** mu + b_i + b_u for each item, clipped to the rating scale [0.5, 5]. */
export function predictBias(
  model: Pick<BiasModel, 'mu' | 'itemBias'>,
  userBias: number,
  items: Int32Array,
): Float32Array {
  const out = new Float32Array(items.length);
  for (let j = 0; j < items.length; j++) {
    out[j] = clipRating(model.mu + (model.itemBias[items[j] as number] as number) + userBias);
  }
  return out;
}

/**
 * Number of training ratings per item, [numItems]. A ranking score only (not a rating): it
 * recommends the same blockbusters to everyone, which is the bar a personalized model must clear.
 */
export function fitPopularity(train: TrainRatings): Float32Array {
  checkTrain(train);
  const counts = new Float32Array(train.numItems);
  for (const i of train.items) counts[i] = (counts[i] as number) + 1;
  return counts;
}

/**
 * Solves A x = b for a symmetric positive-definite n x n matrix A (row-major) by Cholesky
 * factorization, in float64. Inputs are not modified. Throws when A is not positive definite
 * (e.g. a ridge system with lambda = 0 and fewer ratings than unknowns).
 */
export function solveSymmetric(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  if (a.length !== n * n || b.length !== n) throw new Error(`solveSymmetric: expected ${n}x${n} and ${n}`);
  // Lower-triangular L with A = L L^T, stored row-major.
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] as number;
      for (let p = 0; p < j; p++) s -= (l[i * n + p] as number) * (l[j * n + p] as number);
      if (i === j) {
        if (!(s > 0)) throw new Error('solveSymmetric: matrix is not positive definite');
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / (l[j * n + j] as number);
      }
    }
  }
  // Forward substitution L y = b, then back substitution L^T x = y.
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let p = 0; p < i; p++) s -= (l[i * n + p] as number) * (y[p] as number);
    y[i] = s / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let p = i + 1; p < n; p++) s -= (l[p * n + i] as number) * (x[p] as number);
    x[i] = s / (l[i * n + i] as number);
  }
  return x;
}

/** A folded-in user: a latent vector [dim] and a scalar bias. */
export interface MfUser {
  userVector: Float32Array;
  userBias: number;
}

/**
 * Fits a NEW user's vector u [dim] and bias b_u against frozen item factors by ridge regression of
 * the residuals (r - mu - b_i) on the features [v_i, 1] over the support: minimizes
 * sum (r - mu - b_i - b_u - u . v_i)^2 + lambda (|u|^2 + b_u^2), solved exactly from the
 * (dim + 1) x (dim + 1) normal equations. K = 0 gives zeros (the prior).
 *
 * @param itemVectors item factors, row-major [numItems, dim]
 * @param itemBias b_i, [numItems]
 */
export function mfFoldIn(
  itemVectors: Float32Array,
  dim: number,
  itemBias: Float32Array,
  mu: number,
  support: RatedItems,
  lambda: number,
): MfUser {
  checkRated(support);
  const k = support.items.length;
  if (k === 0) return { userVector: new Float32Array(dim), userBias: 0 };
  const n = dim + 1;
  const a = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  const x = new Float64Array(n);
  for (let j = 0; j < k; j++) {
    const item = support.items[j] as number;
    for (let d = 0; d < dim; d++) x[d] = itemVectors[item * dim + d] as number;
    x[dim] = 1;
    const y = (support.ratings[j] as number) - mu - (itemBias[item] as number);
    for (let p = 0; p < n; p++) {
      const xp = x[p] as number;
      rhs[p] = (rhs[p] as number) + xp * y;
      for (let q = 0; q <= p; q++) a[p * n + q] = (a[p * n + q] as number) + xp * (x[q] as number);
    }
  }
  for (let p = 0; p < n; p++) {
    a[p * n + p] = (a[p * n + p] as number) + lambda;
    for (let q = 0; q < p; q++) a[q * n + p] = a[p * n + q] as number;
  }
  const w = solveSymmetric(a, rhs, n);
  return { userVector: Float32Array.from(w.subarray(0, dim)), userBias: w[dim] as number };
}

/**
 * mu + b_i + b_u + u . v_i for each item, clipped to the rating scale [0.5, 5].
 *
 * @param itemVectors item factors, row-major [numItems, dim]
 */
export function predictMf(
  itemVectors: Float32Array,
  dim: number,
  itemBias: Float32Array,
  mu: number,
  user: MfUser,
  items: Int32Array,
): Float32Array {
  const out = new Float32Array(items.length);
  for (let j = 0; j < items.length; j++) {
    const item = items[j] as number;
    let dot = 0;
    for (let d = 0; d < dim; d++)
      dot += (user.userVector[d] as number) * (itemVectors[item * dim + d] as number);
    out[j] = clipRating(mu + (itemBias[item] as number) + user.userBias + dot);
  }
  return out;
}
