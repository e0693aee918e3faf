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

/** The two matrix-vector products of a step: A x and A^T x, batched over tasks. */
interface MatVec {
  /** [T, N, D] x [T, D, 1] -> [T, N, 1]. */
  ax: (a: tf.Tensor3D, x: tf.Tensor3D) => tf.Tensor3D;
  /** [T, N, D]^T x [T, N, 1] -> [T, D, 1]. */
  atx: (a: tf.Tensor3D, x: tf.Tensor3D) => tf.Tensor3D;
}

const plainMatVec: MatVec = {
  ax: (a, x) => tf.matMul(a, x) as tf.Tensor3D,
  atx: (a, x) => tf.matMul(a, x, true) as tf.Tensor3D,
};

/**
 * The same products for a loop that is differentiated (MAML): the forward kernels are the same
 * matMuls, but the gradient with respect to A, an outer product with an inner dimension of 1 that
 * tfjs takes as a batched matMul (the most expensive kernel of MAML's meta-batch on WebAssembly,
 * about 1 ms at 64 tasks), is a broadcast multiply: the same single products, so the same values
 * bit for bit, in less than half the time. The gradient with respect to x is tfjs's own.
 * (tf.profile lists each of these as a customGrad scope besides its kernel.)
 */
export const outerGradMatVec: MatVec = {
  ax: tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, x, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([a, x]);
    return {
      value: tf.matMul(a, x),
      // tfjs: da = matMul(dy, x, false, true), dx = matMul(a, dy, true, false).
      gradFunc: (dy: tf.Tensor, [sa, sx]: tf.Tensor[]) => {
        const [t, , d] = (sa as tf.Tensor).shape;
        return [
          tf.mul(dy, tf.reshape(sx as tf.Tensor, [t ?? 1, 1, d ?? 1])),
          tf.matMul(sa as tf.Tensor, dy, true, false),
        ];
      },
    };
  }) as unknown as MatVec['ax'],
  atx: tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [a, x, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([a, x]);
    return {
      value: tf.matMul(a, x, true),
      // tfjs: da = matMul(x, dy, false, true), dx = matMul(a, dy, false, false).
      gradFunc: (dy: tf.Tensor, [sa, sx]: tf.Tensor[]) => {
        const [t, , d] = (sa as tf.Tensor).shape;
        return [tf.mul(sx as tf.Tensor, tf.reshape(dy, [t ?? 1, 1, d ?? 1])), tf.matMul(sa as tf.Tensor, dy)];
      },
    };
  }) as unknown as MatVec['atx'],
};

/** Raw scores z = [v_i, 1] . phi + b_i: [T, N]. phi is [T, D]. */
export function scores(side: ItemSide, phi: tf.Tensor2D): tf.Tensor2D {
  // Meta-training differentiates this: the matMul with the cheaper gradient (outerGradMatVec).
  const z = outerGradMatVec.ax(side.vectors, tf.expandDims(phi, 2) as tf.Tensor3D);
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
 * What the inner loop needs that does not change across its steps, computed once per loop so a
 * step is 13 kernels (the forward pass, the hand-written gradient and the update; tf.profile on
 * the cpu backend, see core.test.ts). The algebra is that of the plain formulas:
 *   z = V phi + b,  squash(z) = softplus(z - 0.5) - softplus(z - 5) + 0.5,
 *   resid = squash(z) - r,  dsquash = sigmoid(z - 0.5) - sigmoid(z - 5),
 *   grad = V^T (resid * dsquash * 2 mask / max(count, normFloor)),  loss = sum(mask^2 resid^2) / max(count, 1),
 * regrouped: both shifts of z in one [T, N, 2] tensor (one softplus, one sigmoid, and a matMul with
 * [1, -1] for the differences), the constant 0.5 moved into the target, the gradient weights
 * folded into the rows of V, and the masked mean as a matMul.
 * Differentiable with respect to the item side (MAML backpropagates through it).
 * Call inside tf.tidy or dispose with disposeInner.
 */
export interface InnerPrep {
  /** [T, N, D]: rows [v_i, 1]. */
  vectors: tf.Tensor3D;
  /** [T, N, D]: the rows scaled by 2 mask / max(count, normFloor). */
  weightedVectors: tf.Tensor3D;
  /** [T, N, 2]: b - 0.5 and b - 5. */
  shifts: tf.Tensor3D;
  /** [T, 2, 1]: [1, -1]. */
  diff: tf.Tensor3D;
  /** [T, N, 1]: r - 0.5. */
  target: tf.Tensor3D;
  /** [T, 1, N]: mask^2 / max(count, 1). */
  lossWeights: tf.Tensor3D;
  /** The learning rate shaped to multiply a [T, D, 1] gradient: [T, D, 1], [D, 1] or a scalar. */
  lr: tf.Tensor;
}

export function prepareInner(
  side: ItemSide,
  ratings: tf.Tensor2D,
  mask: tf.Tensor2D,
  lr: tf.Tensor,
  normFloor = 1,
): InnerPrep {
  const [numTasks, numPos] = side.biases.shape;
  const count = tf.maximum(tf.sum(mask, 1, true), 1);
  const gradScale = tf.div(tf.mul(mask, 2), normFloor > 1 ? tf.maximum(count, normFloor) : count);
  const b = tf.expandDims(side.biases, 2);
  return {
    vectors: side.vectors,
    weightedVectors: tf.mul(side.vectors, tf.expandDims(gradScale, 2)) as tf.Tensor3D,
    shifts: tf.sub(b, tf.tensor3d([0.5, 5], [1, 1, 2])) as tf.Tensor3D,
    diff: tf.tile(tf.tensor3d([1, -1], [1, 2, 1]), [numTasks, 1, 1]) as tf.Tensor3D,
    target: tf.reshape(tf.sub(ratings, 0.5), [numTasks, numPos, 1]) as tf.Tensor3D,
    lossWeights: tf.reshape(tf.div(tf.square(mask), count), [numTasks, 1, numPos]) as tf.Tensor3D,
    // [D] (one rate per entry), [T, D] (per task, e.g. one method per task) or a scalar.
    lr: lr.rank === 1 ? tf.reshape(lr, [-1, 1]) : lr.rank === 2 ? tf.expandDims(lr, 2) : lr,
  };
}

/**
 * One inner step on precomputed constants: 13 kernels.
 * @param phi [T, D, 1] current states.
 * @returns next states [T, D, 1] and the loss of each task before the step [T, 1, 1].
 */
export function fusedStep(prep: InnerPrep, phi: tf.Tensor3D): { phi: tf.Tensor3D; loss: tf.Tensor3D } {
  const { next, resid } = update(prep, phi);
  const loss = tf.matMul(prep.lossWeights, tf.square(resid)) as tf.Tensor3D; // [T, 1, 1]
  return { phi: next, loss };
}

/** The step of fusedStep without its loss (11 kernels): the same next states, bit for bit. */
function update(
  prep: InnerPrep,
  phi: tf.Tensor3D,
  mv: MatVec = plainMatVec,
): { next: tf.Tensor3D; resid: tf.Tensor3D } {
  const shifted = tf.add(mv.ax(prep.vectors, phi), prep.shifts); // [T, N, 2]
  const resid = tf.sub(tf.matMul(tf.softplus(shifted), prep.diff), prep.target) as tf.Tensor3D; // squash(z) - r, [T, N, 1]
  const gz = tf.mul(resid, tf.matMul(tf.sigmoid(shifted), prep.diff)) as tf.Tensor3D; // resid * dsquash
  const grad = mv.atx(prep.weightedVectors, gz); // [T, D, 1]
  return { next: tf.sub(phi, tf.mul(grad, prep.lr)) as tf.Tensor3D, resid };
}

/** The support loss of states [T, D, 1] without a step: [T, 1, 1] (7 kernels). */
export function fusedLoss(prep: InnerPrep, phi: tf.Tensor3D): tf.Tensor3D {
  const shifted = tf.add(tf.matMul(prep.vectors, phi), prep.shifts);
  const resid = tf.sub(tf.matMul(tf.softplus(shifted), prep.diff), prep.target);
  return tf.matMul(prep.lossWeights, tf.square(resid)) as tf.Tensor3D;
}

/**
 * One inner gradient step on the masked support squared error, for every task at once.
 * The gradient is that of sum(errors^2) / max(K, normFloor): normFloor 1 is the plain mean; a
 * larger floor lets evidence count fully up to normFloor ratings (a user with 20 ratings moves
 * further from the prior than one with 2), falling back to the mean beyond it.
 * (A loop should call prepareInner once and fusedStep per step, as innerLoop does.)
 * @param phi [T, D] current user states.
 * @param lr [D] per-entry learning rate, [T, D] per task and entry, or a scalar tensor.
 * @param normFloor see above; the returned loss is always the plain mean squared error.
 * @returns the next states [T, D] and the loss of each task before the step [T]. Call inside tf.tidy.
 */
export function innerStep(
  side: ItemSide,
  ratings: tf.Tensor2D,
  mask: tf.Tensor2D,
  phi: tf.Tensor2D,
  lr: tf.Tensor,
  normFloor = 1,
): { phi: tf.Tensor2D; loss: tf.Tensor1D } {
  const [numTasks, dims] = phi.shape;
  const out = fusedStep(
    prepareInner(side, ratings, mask, lr, normFloor),
    tf.reshape(phi, [numTasks, dims, 1]),
  );
  return {
    phi: tf.reshape(out.phi, [numTasks, dims]) as tf.Tensor2D,
    loss: tf.reshape(out.loss, [numTasks]) as tf.Tensor1D,
  };
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
  const prep = prepareInner(side, ratings, mask, lr, normFloor);
  let phi = startStates(phi0, numTasks, dims);
  const losses: tf.Tensor3D[] = [];
  const states: tf.Tensor3D[] = [phi];
  for (let s = 0; s < steps; s++) {
    const out = fusedStep(prep, phi);
    losses.push(out.loss);
    phi = out.phi;
    states.push(phi);
  }
  losses.push(fusedLoss(prep, phi));
  return {
    phi: tf.reshape(phi, [numTasks, dims]) as tf.Tensor2D,
    losses: tf.reshape(tf.concat(losses, 2), [numTasks, steps + 1]) as tf.Tensor2D,
    trajectory: keepTrajectory
      ? (tf.reshape(tf.concat(states, 2), [numTasks, dims, steps + 1]).transpose([0, 2, 1]) as tf.Tensor3D)
      : null,
  };
}

/**
 * innerLoop's final states without its per-step losses (nobody reads them in meta-training; they
 * are a fifth of a step's kernels): 11 kernels a step, the same states bit for bit. Differentiable:
 * MAML and Meta-SGD backpropagate through it. Call inside tf.tidy or dispose the result.
 * @returns [T, D]
 */
export function innerLoopStates(
  side: ItemSide,
  ratings: tf.Tensor2D,
  mask: tf.Tensor2D,
  phi0: tf.Tensor,
  lr: tf.Tensor,
  steps: number,
  normFloor = 1,
): tf.Tensor2D {
  const numTasks = side.vectors.shape[0];
  const dims = side.vectors.shape[2];
  const prep = prepareInner(side, ratings, mask, lr, normFloor);
  let phi = startStates(phi0, numTasks, dims);
  for (let s = 0; s < steps; s++) phi = update(prep, phi, outerGradMatVec).next;
  return tf.reshape(phi, [numTasks, dims]) as tf.Tensor2D;
}

/**
 * The same final states as innerLoop and innerLoopStates, bit for bit, for a loop nobody
 * differentiates (the first-order methods' and Reptile's inner loops, validation). It keeps the two
 * shifts of z as two [T, N, 1] tensors: two softplus and two sigmoid kernels on them and a
 * subtraction replace the [T, N, 2] tensor, its broadcast add and the [1, -1] matMuls (a*1 + b*(-1)
 * is a - b exactly). More kernels (14 a step), but the batched ones that cost most at meta-batch
 * size on WebAssembly are gone: about a third less time at 64 tasks and a little less at one.
 * Not for autodiff: its gradient would sum the same terms in another order (different rounding).
 * @returns [T, D]
 */
export function adaptedStates(
  side: ItemSide,
  ratings: tf.Tensor2D,
  mask: tf.Tensor2D,
  phi0: tf.Tensor,
  lr: tf.Tensor,
  steps: number,
  normFloor = 1,
): tf.Tensor2D {
  const [numTasks, numPos] = side.biases.shape;
  const dims = side.vectors.shape[2];
  const count = tf.maximum(tf.sum(mask, 1, true), 1);
  const gradScale = tf.div(tf.mul(mask, 2), normFloor > 1 ? tf.maximum(count, normFloor) : count);
  const weightedVectors = tf.mul(side.vectors, tf.expandDims(gradScale, 2));
  const b = tf.expandDims(side.biases, 2);
  const shift0 = tf.sub(b, 0.5);
  const shift5 = tf.sub(b, 5);
  const target = tf.reshape(tf.sub(ratings, 0.5), [numTasks, numPos, 1]);
  const rate = lr.rank === 1 ? tf.reshape(lr, [-1, 1]) : lr.rank === 2 ? tf.expandDims(lr, 2) : lr;
  let phi = startStates(phi0, numTasks, dims);
  for (let s = 0; s < steps; s++) {
    const z = tf.matMul(side.vectors, phi); // [T, N, 1]
    const z0 = tf.add(z, shift0);
    const z5 = tf.add(z, shift5);
    const resid = tf.sub(tf.sub(tf.softplus(z0), tf.softplus(z5)), target); // squash(z) - r
    const gz = tf.mul(resid, tf.sub(tf.sigmoid(z0), tf.sigmoid(z5))); // resid * dsquash
    phi = tf.sub(phi, tf.mul(tf.matMul(weightedVectors, gz, true), rate)) as tf.Tensor3D;
  }
  return tf.reshape(phi, [numTasks, dims]) as tf.Tensor2D;
}

/** phi0 [D] (tiled to every task) or [T, D], as [T, D, 1]. */
function startStates(phi0: tf.Tensor, numTasks: number, dims: number): tf.Tensor3D {
  return (
    phi0.rank === 1
      ? tf.tile(tf.reshape(phi0, [1, dims, 1]), [numTasks, 1, 1])
      : tf.reshape(phi0, [numTasks, dims, 1])
  ) as tf.Tensor3D;
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
