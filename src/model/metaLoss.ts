/**
 * The rating model's losses on a meta-batch for meta-training (metaTrain.ts): the outer loss and
 * its gradients for each method (second-order MAML and Meta-SGD through the inner steps; first-order
 * MAML and Reptile with the adapted states as constants), and the validation loss every method is
 * selected by.
 */
import * as tf from '@tensorflow/tfjs';
import type { TaskBatch } from '../data/types';
import { gatherBatch, type GatheredBatch } from './batch';
import { adaptedStates, buildItemSide, innerLoopStates, predict, taskLosses, type ItemSide } from './core';
import type { MetaMethod } from './metaTrain';
import type { ModelParams } from './params';

/** Tensors of a gathered batch; disposed by the caller. */
interface BatchTensors {
  embRows: tf.Tensor3D;
  biasRows: tf.Tensor2D;
  content: tf.Tensor3D;
  ratings: tf.Tensor2D;
  supportMask: tf.Tensor2D;
  queryMask: tf.Tensor2D;
}

function batchTensors(g: GatheredBatch, dim: number, numFeatures: number): BatchTensors {
  const { numTasks: t, numPos: n } = g;
  return {
    embRows: tf.tensor3d(g.embRows, [t, n, dim]),
    biasRows: tf.tensor2d(g.biasRows, [t, n]),
    content: tf.tensor3d(g.content, [t, n, numFeatures]),
    ratings: tf.tensor2d(g.ratings, [t, n]),
    supportMask: tf.tensor2d(g.supportMask, [t, n]),
    queryMask: tf.tensor2d(g.queryMask, [t, n]),
  };
}

function disposeAll(x: Record<string, tf.Tensor>): void {
  for (const t of Object.values(x)) t.dispose();
}

/** Dense parameters as tensors (one owner: the caller disposes). */
function denseTensors(p: ModelParams) {
  return {
    contentWeights: tf.tensor2d(p.contentWeights, [p.numFeatures, p.dim]),
    contentBias: tf.tensor1d(p.contentBias),
    globalBias: tf.tensor1d(p.globalBias),
    userInit: tf.tensor1d(p.userInit),
    innerLr: tf.tensor1d(p.innerLr),
  };
}

/** The gradients one outer step needs, as plain arrays. */
export interface OuterGrads {
  loss: number;
  embRows: Float32Array;
  biasRows: Float32Array;
  contentWeights: Float32Array;
  contentBias: Float32Array;
  globalBias: Float32Array;
  userInit: Float32Array;
  innerLr: Float32Array | null;
}

/**
 * Outer loss and gradients of one meta-batch for a method. Exported for the finite-difference test.
 */
export async function outerGradients(
  method: MetaMethod,
  p: ModelParams,
  g: GatheredBatch,
  innerSteps: number,
  normFloor = 1,
): Promise<OuterGrads> {
  const b = batchTensors(g, p.dim, p.numFeatures);
  const dense = denseTensors(p);
  /** Reptile's direction, made inside the differentiated function (kept past its scope). */
  const kept: { reptileDirection: tf.Tensor | null } = { reptileDirection: null };
  try {
    const result = tf.tidy(() => {
      const side = (e: tf.Tensor, bi: tf.Tensor, wc: tf.Tensor, wb: tf.Tensor, mu: tf.Tensor): ItemSide =>
        buildItemSide(
          e as tf.Tensor3D,
          bi as tf.Tensor2D,
          b.content,
          wc as tf.Tensor2D,
          wb as tf.Tensor1D,
          mu as tf.Tensor1D,
        );
      // With no inner step the learning rates are not in the graph and MAML is first-order anyway.
      if ((method === 'maml' || method === 'metasgd') && innerSteps > 0) {
        const f = (
          e: tf.Tensor,
          bi: tf.Tensor,
          wc: tf.Tensor,
          wb: tf.Tensor,
          mu: tf.Tensor,
          phi0: tf.Tensor,
          lr: tf.Tensor,
        ) => {
          const s = side(e, bi, wc, wb, mu);
          const adapted = innerLoopStates(s, b.ratings, b.supportMask, phi0, lr, innerSteps, normFloor);
          return tf.mean(taskLosses(predict(s, adapted), b.ratings, b.queryMask)) as tf.Scalar;
        };
        const { value, grads } = tf.valueAndGrads(f)([
          b.embRows,
          b.biasRows,
          dense.contentWeights,
          dense.contentBias,
          dense.globalBias,
          dense.userInit,
          dense.innerLr,
        ]);
        // [loss, 6 gradients, the inner learning-rate gradient when Meta-SGD learns it]
        return [value, ...grads.slice(0, 6), ...(method === 'metasgd' ? grads.slice(6) : [])];
      }
      // First-order methods: the inner loop runs on the item side the loss is differentiated
      // through (computed once), but is no part of the gradient. tfjs has no stopGradient, so it
      // runs inside a customGrad, whose forward ops are not recorded on the tape; the loss's
      // gradient with respect to the adapted states passes through to a zero placeholder input
      // (first-order MAML's user-state gradient), and Reptile keeps the states for its direction.
      const fullMask = (
        method === 'reptile' ? tf.add(b.supportMask, b.queryMask) : b.supportMask
      ) as tf.Tensor2D;
      const lossMask = method === 'reptile' ? fullMask : b.queryMask;
      const placeholder = tf.zeros([g.numTasks, p.dim + 1]);
      const f = (
        e: tf.Tensor,
        bi: tf.Tensor,
        wc: tf.Tensor,
        wb: tf.Tensor,
        mu: tf.Tensor,
        z = placeholder,
      ) => {
        const s = side(e, bi, wc, wb, mu);
        const adaptedOf = tf.customGrad((..._: (tf.Tensor | tf.GradSaveFunc)[]) => {
          const phiK = adaptedStates(
            s,
            b.ratings,
            fullMask,
            dense.userInit,
            dense.innerLr,
            innerSteps,
            normFloor,
          );
          // Reptile moves phi_0 toward the adapted states (as a gradient: phi_0 - mean(phi_K)).
          if (method === 'reptile') kept.reptileDirection = tf.keep(tf.sub(dense.userInit, tf.mean(phiK, 0)));
          return { value: phiK, gradFunc: (dy: tf.Tensor) => [dy] };
        });
        return tf.mean(
          taskLosses(predict(s, adaptedOf(z) as tf.Tensor2D), b.ratings, lossMask as tf.Tensor2D),
        ) as tf.Scalar;
      };
      const shared = [b.embRows, b.biasRows, dense.contentWeights, dense.contentBias, dense.globalBias];
      if (method === 'reptile') {
        const { value, grads } = tf.valueAndGrads(f)(shared);
        if (!kept.reptileDirection) throw new Error('Reptile: the inner loop did not run');
        return [value, ...grads, kept.reptileDirection];
      }
      const { value, grads } = tf.valueAndGrads(f)([...shared, placeholder]);
      return [value, ...grads.slice(0, 5), tf.sum(grads[5] as tf.Tensor, 0)];
    });
    const arrays = (await Promise.all(result.map((t) => t.data()))) as Float32Array[];
    tf.dispose(result);
    const loss = arrays[0]?.[0] ?? NaN;
    return {
      loss,
      embRows: arrays[1] as Float32Array,
      biasRows: arrays[2] as Float32Array,
      contentWeights: arrays[3] as Float32Array,
      contentBias: arrays[4] as Float32Array,
      globalBias: arrays[5] as Float32Array,
      userInit: arrays[6] as Float32Array,
      innerLr: arrays[7] ?? null,
    };
  } finally {
    kept.reptileDirection?.dispose();
    disposeAll(b as unknown as Record<string, tf.Tensor>);
    disposeAll(dense);
  }
}

/**
 * Mean query MSE after adapting on the support, over a fixed set of tasks: the selection
 * criterion of every method (no gradients).
 */
export async function validationLoss(
  p: ModelParams,
  features: Float32Array,
  batch: TaskBatch,
  innerSteps: number,
  normFloor = 1,
): Promise<number> {
  const g = gatherBatch(p, features, batch);
  const b = batchTensors(g, p.dim, p.numFeatures);
  const dense = denseTensors(p);
  try {
    const loss = tf.tidy(() => {
      const s = buildItemSide(
        b.embRows,
        b.biasRows,
        b.content,
        dense.contentWeights,
        dense.contentBias,
        dense.globalBias,
      );
      const adapted = adaptedStates(
        s,
        b.ratings,
        b.supportMask,
        dense.userInit,
        dense.innerLr,
        innerSteps,
        normFloor,
      );
      return tf.mean(taskLosses(predict(s, adapted), b.ratings, b.queryMask));
    });
    const value = (await loss.data())[0] ?? NaN;
    loss.dispose();
    return value;
  } finally {
    disposeAll(b as unknown as Record<string, tf.Tensor>);
    disposeAll(dense);
  }
}
