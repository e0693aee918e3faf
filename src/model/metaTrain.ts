/**
 * Meta-training of the user-state initialization and the shared item parameters.
 *
 * Each task is a user: a support of 1-20 ratings and a disjoint query. The inner loop adapts only
 * the user state phi (see params.ts); the methods differ in how the outer update is taken:
 *   maml     second-order MAML (Finn et al. 2017): the query loss at the adapted state,
 *            differentiated through the inner steps.
 *   fomaml   first-order MAML: the same loss, with the adapted state treated as a constant
 *            (tfjs has no stopGradient: the inner loop runs outside the gradient function and its
 *            result enters it as an input).
 *   metasgd  Meta-SGD (Li et al. 2017): MAML that also learns a per-entry inner learning rate.
 *   reptile  Reptile (Nichol et al. 2018) on the user state: the inner loop runs on the whole task
 *            (support and query) and phi_0 moves toward the adapted states; the shared item
 *            parameters, which the inner loop does not adapt, take the first-order gradient of the
 *            task loss at the adapted state (the context/shared split of CAVIA).
 * All tasks of a meta-batch run at once (task dimension, batched matMul).
 */
import * as tf from '@tensorflow/tfjs';
import { createTaskSampler } from '../data/tasks';
import type { TaskBatch, UserHistory } from '../data/types';
import { Adam } from './adam';
import { gatherBatch, scatterRows, type GatheredBatch } from './batch';
import { adaptedStates, buildItemSide, innerLoopStates, predict, taskLosses, type ItemSide } from './core';
import { assignIdRows, cloneParams, initParams, type ModelParams } from './params';

export const META_METHODS = ['maml', 'fomaml', 'reptile', 'metasgd'] as const;
export type MetaMethod = (typeof META_METHODS)[number];

/** What every trainer needs from the data, built once from the meta-train and meta-val users. */
export interface TrainingData {
  numItems: number;
  /** Content features [numItems, F]. */
  features: Float32Array;
  numFeatures: number;
  train: UserHistory[];
  val: UserHistory[];
  /** Ratings per item among meta-train users only. */
  trainCounts: Float32Array;
  /** Mean rating of meta-train users. */
  trainMean: number;
}

export interface MetaConfig {
  method: MetaMethod;
  dim: number;
  innerSteps: number;
  innerLr: number;
  /** Inner-gradient normalization floor (see core.innerStep); 1 = mean over the support. */
  normFloor: number;
  metaBatch: number;
  outerSteps: number;
  outerLr: number;
  /** Outer learning rate of the inner learning rates (Meta-SGD). */
  innerLrLr: number;
  weightDecay: number;
  /**
   * Scale of the outer learning rate for id-embedding rows and id biases. Sparse Adam moves every
   * touched row by about the learning rate whatever its gradient's size, so noisy meta-gradients
   * make rows drift; starting from pretrained rows, a small scale (or 0: frozen) keeps them.
   */
  rowLrScale: number;
  /**
   * Freeze the whole item side (id rows, content weights, biases): only the user-state
   * initialization (and Meta-SGD's inner rates) are meta-learned on top of the starting model.
   */
  freezeItems?: boolean;
  /** Items with fewer meta-train ratings get no id embedding (content features only). */
  minIdCount: number;
  maxSupport: number;
  maxQuery: number;
  seed: number;
  evalEvery: number;
  valTasks: number;
}

export interface CurvePoint {
  step: number;
  trainLoss: number;
  valLoss: number;
}

export interface TrainResult {
  params: ModelParams;
  curve: CurvePoint[];
  bestStep: number;
  bestValLoss: number;
}

export type ProgressFn = (step: number, total: number, valLoss: number | null) => void;

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

/** A fixed validation task set from the meta-val users (seeded, so every method sees the same). */
export function validationTasks(
  data: TrainingData,
  numTasks: number,
  seed: number,
  maxSupport: number,
  maxQuery: number,
): TaskBatch {
  return createTaskSampler(data.val, { seed: seed + 7919, maxSupport, maxQuery }).sample(numTasks);
}

/** Apply one outer step's gradients to the parameters in place. */
export function applyOuterStep(
  adam: Adam,
  p: ModelParams,
  g: GatheredBatch,
  grads: OuterGrads,
  cfg: Pick<MetaConfig, 'outerLr' | 'innerLrLr' | 'weightDecay' | 'rowLrScale' | 'freezeItems'>,
): void {
  adam.tick();
  if (!cfg.freezeItems) applyItemStep(adam, p, g, grads, cfg);
  adam.updateDense('userInit', p.userInit, grads.userInit, cfg.outerLr);
  if (grads.innerLr) {
    adam.updateDense('innerLr', p.innerLr, grads.innerLr, cfg.innerLrLr);
    // A negative rate would climb the support loss: keep the learned rates positive.
    for (let i = 0; i < p.innerLr.length; i++) p.innerLr[i] = Math.max(1e-4, p.innerLr[i] ?? 0);
  }
}

function applyItemStep(
  adam: Adam,
  p: ModelParams,
  g: GatheredBatch,
  grads: OuterGrads,
  cfg: Pick<MetaConfig, 'outerLr' | 'weightDecay' | 'rowLrScale'>,
): void {
  if (cfg.rowLrScale > 0) {
    const rowLr = cfg.outerLr * cfg.rowLrScale;
    const emb = scatterRows(g.idRows, grads.embRows, p.dim);
    adam.updateRows('itemEmbedding', p.itemEmbedding, p.dim, emb.rows, emb.grads, rowLr, cfg.weightDecay);
    const bias = scatterRows(g.idRows, grads.biasRows, 1);
    adam.updateRows('itemIdBias', p.itemIdBias, 1, bias.rows, bias.grads, rowLr, cfg.weightDecay);
  }
  adam.updateDense('contentWeights', p.contentWeights, grads.contentWeights, cfg.outerLr, cfg.weightDecay);
  adam.updateDense('contentBias', p.contentBias, grads.contentBias, cfg.outerLr);
  adam.updateDense('globalBias', p.globalBias, grads.globalBias, cfg.outerLr);
}

/** Fresh parameters for the training data (id rows from meta-train counts only). */
export function initForData(
  data: TrainingData,
  cfg: Pick<MetaConfig, 'dim' | 'minIdCount' | 'seed' | 'innerLr'>,
): ModelParams {
  const { itemIdRow, numIdRows } = assignIdRows(data.trainCounts, cfg.minIdCount);
  return initParams({
    dim: cfg.dim,
    numFeatures: data.numFeatures,
    itemIdRow,
    numIdRows,
    seed: cfg.seed,
    mu: data.trainMean,
    innerLr: cfg.innerLr,
  });
}

/**
 * Meta-train with one method. Keeps the parameters of the best meta-validation loss
 * (evaluated every cfg.evalEvery steps and at the end).
 */
export async function metaTrain(
  data: TrainingData,
  cfg: MetaConfig,
  onProgress?: ProgressFn,
  start?: ModelParams,
): Promise<TrainResult> {
  const p = start ? cloneParams(start) : initForData(data, cfg);
  const sampler = createTaskSampler(data.train, {
    seed: cfg.seed,
    maxSupport: cfg.maxSupport,
    maxQuery: cfg.maxQuery,
  });
  const val = validationTasks(data, cfg.valTasks, cfg.seed, cfg.maxSupport, cfg.maxQuery);
  const adam = new Adam();
  const curve: CurvePoint[] = [];
  let best = {
    step: 0,
    loss: await validationLoss(p, data.features, val, cfg.innerSteps, cfg.normFloor),
    params: cloneParams(p),
  };
  curve.push({ step: 0, trainLoss: NaN, valLoss: best.loss });
  onProgress?.(0, cfg.outerSteps, best.loss);
  let running = 0;
  let runningCount = 0;
  for (let step = 1; step <= cfg.outerSteps; step++) {
    const g = gatherBatch(p, data.features, sampler.sample(cfg.metaBatch));
    const grads = await outerGradients(cfg.method, p, g, cfg.innerSteps, cfg.normFloor);
    applyOuterStep(adam, p, g, grads, cfg);
    running += grads.loss;
    runningCount++;
    if (step % cfg.evalEvery === 0 || step === cfg.outerSteps) {
      const valLoss = await validationLoss(p, data.features, val, cfg.innerSteps, cfg.normFloor);
      curve.push({ step, trainLoss: running / runningCount, valLoss });
      running = 0;
      runningCount = 0;
      if (valLoss < best.loss) best = { step, loss: valLoss, params: cloneParams(p) };
      onProgress?.(step, cfg.outerSteps, valLoss);
    } else {
      onProgress?.(step, cfg.outerSteps, null);
    }
  }
  return { params: best.params, curve, bestStep: best.step, bestValLoss: best.loss };
}
