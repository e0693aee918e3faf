/**
 * The model's tensor math, shared by meta-training (Node), evaluation, the prediction command and
 * the browser worker. Pure TensorFlow.js: no DOM, no file I/O.
 *
 * Every function works on a batch of T tasks (users) at once: a task dimension and batched matMul,
 * because per-op overhead dominates a model this small. Shapes in the JSDoc use
 *   T tasks, N positions per task (padded; a mask marks real ones), D = dim + 1 (vector and bias).
 *
 * The inner-loop gradient is written out by hand rather than taken with tf.grads: it is a handful
 * of ops (fewer kernels per step in the browser), and MAML differentiates through it with ordinary
 * first-order autodiff, which avoids the wrong second-order gradients of tfjs (tensorflow/tfjs#3252).
 */
import * as tf from '@tensorflow/tfjs';

/** Item side of a batch: what the user state is scored against. */
export interface ItemSide {
  /** [T, N, D]: rows [v_i, 1]. */
  vectors: tf.Tensor3D;
  /** [T, N]: item biases b_i (mu included). */
  biases: tf.Tensor2D;
}

/** Ratings live in [0.5, 5]: a smooth clamp built from softplus (whose gradients tfjs gets right). */
export function squash(z: tf.Tensor): tf.Tensor {
  return tf
    .softplus(tf.sub(z, 0.5))
    .sub(tf.softplus(tf.sub(z, 5)))
    .add(0.5);
}

/** d squash / dz = sigmoid(z - 0.5) - sigmoid(z - 5). */
export function squashGrad(z: tf.Tensor): tf.Tensor {
  return tf.sigmoid(tf.sub(z, 0.5)).sub(tf.sigmoid(tf.sub(z, 5)));
}

/** Raw scores z = [v_i, 1] . phi + b_i: [T, N]. phi is [T, D]. */
export function scores(side: ItemSide, phi: tf.Tensor2D): tf.Tensor2D {
  const z = tf.matMul(side.vectors, tf.expandDims(phi, 2)) as tf.Tensor3D;
  return tf.squeeze(z, [2]).add(side.biases) as tf.Tensor2D;
}

/** Predicted ratings [T, N] in (0.5, 5). */
export function predict(side: ItemSide, phi: tf.Tensor2D): tf.Tensor2D {
  return squash(scores(side, phi)) as tf.Tensor2D;
}

/** Masked mean squared error of each task, [T]. Tasks with no real positions give 0. */
export function taskLosses(pred: tf.Tensor2D, ratings: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor1D {
  const count = tf.maximum(tf.sum(mask, 1), 1);
  return tf.sum(tf.square(tf.sub(pred, ratings)).mul(mask), 1).div(count) as tf.Tensor1D;
}

/**
 * One inner gradient step on the masked support squared error, for every task at once.
 * The gradient is that of sum(errors^2) / max(K, normFloor): normFloor 1 is the plain mean; a
 * larger floor lets evidence count fully up to normFloor ratings (a user with 20 ratings moves
 * further from the prior than one with 2), falling back to the mean beyond it.
 * @param phi [T, D] current user states.
 * @param lr [D] per-entry learning rate (or a scalar tensor).
 * @param normFloor see above; the returned loss is always the plain mean squared error.
 * @returns the next states [T, D] and the loss of each task before the step [T]. Caller disposes.
 */
export function innerStep(
  side: ItemSide,
  ratings: tf.Tensor2D,
  mask: tf.Tensor2D,
  phi: tf.Tensor2D,
  lr: tf.Tensor,
  normFloor = 1,
): { phi: tf.Tensor2D; loss: tf.Tensor1D } {
  const z = scores(side, phi);
  const resid = tf.sub(squash(z), ratings).mul(mask);
  const count = tf.maximum(tf.sum(mask, 1, true), 1);
  // dL/dz for L = sum(mask * resid^2) / max(count, normFloor).
  const gz = resid
    .mul(squashGrad(z))
    .mul(2)
    .div(normFloor > 1 ? tf.maximum(count, normFloor) : count);
  const grad = tf.squeeze(tf.matMul(tf.expandDims(gz, 1), side.vectors), [1]);
  const next = tf.sub(phi, tf.mul(grad, lr)) as tf.Tensor2D;
  const loss = tf.sum(tf.square(resid), 1).div(tf.squeeze(count, [1])) as tf.Tensor1D;
  return { phi: next, loss };
}

/**
 * The inner loop: `steps` gradient steps from phi0 on the masked support.
 * @param phi0 [T, D] (or [D], broadcast to every task).
 * @returns final states [T, D], per-step support losses [T, steps + 1] (before each step, then
 *   after the last), and optionally the states after every step [T, steps + 1, D]. Call inside
 *   tf.tidy or dispose the results.
 */
export function innerLoop(
  side: ItemSide,
  ratings: tf.Tensor2D,
  mask: tf.Tensor2D,
  phi0: tf.Tensor,
  lr: tf.Tensor,
  steps: number,
  keepTrajectory = false,
  normFloor = 1,
): { phi: tf.Tensor2D; losses: tf.Tensor2D; trajectory: tf.Tensor3D | null } {
  const numTasks = side.vectors.shape[0];
  const dims = side.vectors.shape[2];
  let phi = (phi0.rank === 1 ? tf.tile(tf.reshape(phi0, [1, dims]), [numTasks, 1]) : phi0) as tf.Tensor2D;
  const losses: tf.Tensor1D[] = [];
  const states: tf.Tensor2D[] = [phi];
  for (let s = 0; s < steps; s++) {
    const out = innerStep(side, ratings, mask, phi, lr, normFloor);
    losses.push(out.loss);
    phi = out.phi;
    states.push(phi);
  }
  losses.push(taskLosses(predict(side, phi), ratings, mask));
  return {
    phi,
    losses: tf.stack(losses, 1) as tf.Tensor2D,
    trajectory: keepTrajectory ? (tf.stack(states, 1) as tf.Tensor3D) : null,
  };
}

/**
 * Item side from gathered parameter rows, differentiable with respect to each of them.
 * @param idRows [T, N, d] id-embedding rows (zeros where an item has no id).
 * @param idBias [T, N] id-bias entries.
 * @param content [T, N, F] content features (constant).
 * @param contentWeights [F, d]; contentBias [F]; mu [1].
 */
export function buildItemSide(
  idRows: tf.Tensor3D,
  idBias: tf.Tensor2D,
  content: tf.Tensor3D,
  contentWeights: tf.Tensor2D,
  contentBias: tf.Tensor1D,
  mu: tf.Tensor1D,
): ItemSide {
  const [numTasks, numPos, numFeatures] = content.shape;
  const dim = idRows.shape[2];
  const flat = tf.reshape(content, [numTasks * numPos, numFeatures]);
  const v = tf.add(idRows, tf.reshape(tf.matMul(flat, contentWeights), [numTasks, numPos, dim]));
  const vectors = tf.concat([v, tf.ones([numTasks, numPos, 1])], 2) as tf.Tensor3D;
  const cb = tf.reshape(tf.matMul(flat, tf.reshape(contentBias, [numFeatures, 1])), [numTasks, numPos]);
  const biases = tf.add(tf.add(idBias, cb), mu) as tf.Tensor2D;
  return { vectors, biases };
}
