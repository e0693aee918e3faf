/**
 * The list model's tensor math: a user state scores the whole catalog and is judged by a softmax
 * over every movie (the multinomial likelihood of Mult-VAE), because what a visitor sees is a
 * top-N list drawn from the whole catalog, not a predicted rating. Shared by training, evaluation,
 * `npm run predict` and the browser worker. Pure TensorFlow.js: no DOM, no file I/O.
 *
 * Shapes: T tasks (users), N catalog items, d the embedding size, L the rating levels (10 half
 * stars). Every task sees the whole catalog, so supports and targets are dense [T, N] weights
 * (mostly zeros) and the work is a few batched matMuls: no gather, whose gradient into a big table
 * tfjs lacks on WebAssembly.
 *
 * A user state u [d] scores item i as z_i = u . v_i + b_i; the list is the top of z.
 * The support's evidence is a weighted log-likelihood: a rating r of item j adds
 *   a(r) / (K + kappa) log softmax(z)_j,
 * with a(r) one learned weight per rating level, so a 1-star rating can count less (or against a
 * movie's neighbours) while a 5-star rating counts for them. Its gradient in u is written by hand,
 *   grad_u = -(A V) + rowsum(A) (softmax(z) V),   A[t, j] = a(r_tj) / (K_t + kappa),
 * because MAML differentiates through the inner loop and tfjs's second-order gradients through
 * softmax are wrong (tensorflow/tfjs#3252): this way only first-order gradients of softmax are
 * taken.
 */
import * as tf from '@tensorflow/tfjs';

/** The catalog as the list model sees it. */
export interface ListCatalog {
  /** [N, d] item vectors v_i. */
  vectors: tf.Tensor2D;
  /** [N] item biases b_i (the crowd's prior over the catalog). */
  biases: tf.Tensor1D;
}

/** Scores z = u V^T + b of states [T, d]: [T, N]. */
export function listScores(cat: ListCatalog, u: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(u, cat.vectors, false, true), cat.biases) as tf.Tensor2D;
}

/**
 * Mean over tasks of the weighted negative log-likelihood -sum_i w_ti log softmax(z_t)_i, where
 * each task's weights sum to 1 (or 0 for a task without targets). Scalar.
 */
export function listLoss(cat: ListCatalog, u: tf.Tensor2D, weights: tf.Tensor2D): tf.Scalar {
  const logp = tf.logSoftmax(listScores(cat, u));
  return tf.neg(tf.sum(tf.mul(logp, weights))).div(u.shape[0]) as tf.Scalar;
}

/**
 * The support's evidence matrix A [T, N]: A[t, j] = a(r_tj) / (K_t + kappa), i.e.
 * A = (sum_l a_l M_l) / (K + kappa). kappa > 0 shrinks a short support toward the initial state (one
 * rating moves the state less than the mean of twenty), and is learned.
 * @param levelMasks [L, T, N]: M_l[t, j] = 1 where task t rated item j at level l.
 * @param levelWeights [L] a(r) per rating level.
 * @param counts [T, 1] K of each task.
 * @param shrink scalar kappa.
 */
export function evidence(
  levelMasks: tf.Tensor3D,
  levelWeights: tf.Tensor1D,
  counts: tf.Tensor2D,
  shrink: tf.Tensor,
): tf.Tensor2D {
  const [levels, tasks, items] = levelMasks.shape;
  const weighted = tf.reshape(
    tf.matMul(tf.reshape(levelWeights, [1, levels]), tf.reshape(levelMasks, [levels, tasks * items])),
    [tasks, items],
  );
  return tf.div(weighted, tf.add(counts, shrink)) as tf.Tensor2D;
}

/** What every inner step reuses: A V [T, d] and rowsum(A) [T, 1]. Call inside tf.tidy. */
export interface ListInnerPrep {
  pull: tf.Tensor2D;
  mass: tf.Tensor2D;
}

export function prepareListInner(cat: ListCatalog, a: tf.Tensor2D): ListInnerPrep {
  return { pull: tf.matMul(a, cat.vectors) as tf.Tensor2D, mass: tf.sum(a, 1, true) as tf.Tensor2D };
}

/**
 * One inner step u <- u - lr * grad_u on every task: 7 kernels (matMul, add, softmax, matMul, mul,
 * sub, mul + add). Differentiable (first order suffices for MAML).
 * @param lr [d] or scalar.
 */
export function listStep(cat: ListCatalog, prep: ListInnerPrep, u: tf.Tensor2D, lr: tf.Tensor): tf.Tensor2D {
  const p = tf.softmax(listScores(cat, u));
  const grad = tf.sub(tf.mul(prep.mass, tf.matMul(p, cat.vectors)), prep.pull);
  return tf.sub(u, tf.mul(grad, lr)) as tf.Tensor2D;
}

/** The support loss of states [T, d]: [T] (for learning curves). */
export function supportLosses(cat: ListCatalog, a: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor1D {
  return tf.neg(tf.sum(tf.mul(tf.logSoftmax(listScores(cat, u)), a), 1)) as tf.Tensor1D;
}

/**
 * `steps` inner steps from u0 ([d], tiled, or [T, d]).
 * @returns the final states [T, d] and, when asked, every state [steps + 1] x [T, d].
 */
export function listInnerLoop(
  cat: ListCatalog,
  a: tf.Tensor2D,
  u0: tf.Tensor,
  lr: tf.Tensor,
  steps: number,
  keep = false,
): { u: tf.Tensor2D; states: tf.Tensor2D[] } {
  const tasks = a.shape[0];
  const dim = cat.vectors.shape[1];
  let u = (u0.rank === 1 ? tf.tile(tf.reshape(u0, [1, dim]), [tasks, 1]) : u0) as tf.Tensor2D;
  const prep = prepareListInner(cat, a);
  const states = keep ? [u] : [];
  for (let s = 0; s < steps; s++) {
    u = listStep(cat, prep, u, lr);
    if (keep) states.push(u);
  }
  return { u, states };
}

/**
 * The set encoder (model-based): one pass from the support to a state,
 *   u = u0 + (A V) W,
 * a learned linear map of the evidence-weighted sum of the rated items' vectors.
 * @param w [d, d].
 */
export function encode(cat: ListCatalog, a: tf.Tensor2D, u0: tf.Tensor1D, w: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(tf.matMul(a, cat.vectors), w), u0) as tf.Tensor2D;
}
