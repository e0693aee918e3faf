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
 * All tasks of a meta-batch run at once (task dimension, batched matMul); the losses and gradients of
 * a meta-batch are in metaLoss.ts.
 */
import { createTaskSampler } from '../data/tasks';
import type { TaskBatch, UserHistory } from '../data/types';
import { Adam } from './adam';
import { gatherBatch, scatterRows, type GatheredBatch } from './batch';
import { outerGradients, validationLoss, type OuterGrads } from './metaLoss';
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
