/**
 * Meta-training of the list model (listCore.ts): every task is a user with a support of K ratings
 * (0 to maxSupport) and, as targets, the movies they liked among their other ratings; the outer
 * loss is the softmax likelihood of those targets over the whole catalog at the adapted state.
 *
 *   encoder  model-based: a set encoder u = u0 + (A V) W, trained on the episodes end to end, then
 *            the rule's inner steps (differentiated through, like MAML), so the app keeps a live
 *            inner loop.
 *   maml     second-order MAML (Finn et al. 2017): the initial state, the item side and the
 *            support's evidence weights a(r) and shrink kappa, through the inner steps.
 *   metasgd  Meta-SGD (Li et al. 2017): MAML that also learns a per-entry inner learning rate.
 *   fomaml   first-order MAML: the adapted state is a constant of the outer gradient (the inner
 *            loop runs outside it), so a(r) and kappa keep their initial values.
 *   reptile  Reptile (Nichol et al. 2018) on the user state: u0 moves toward the states adapted on
 *            the whole task (support and targets); the item side takes first-order MAML's gradient.
 * All tasks of a meta-batch run at once (dense [T, N] tensors, batched matMul; one outer step is
 * listOuterStep.ts). The best step on meta-val Recall@20 (listValidation.ts) is kept.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data/rng';
import type { UserHistory } from '../data/types';
import { META_LEARNERS, type MetaLearner } from '../methods/registry';
import { LIKED_RATING, RATING_LEVELS } from './listEpisodes';
import {
  catalogConstants,
  disposeListTensors,
  listTensorsOf,
  scoreUsers,
  shrinkRawFor,
  type CatalogConstants,
  type ListRule,
  type ListTensors,
} from './listModel';
import { ListMetaTrainer } from './listMetaTrainer';
import { validationRecall, validationRecallByK, type ListValidationSet } from './listValidation';
import { assignIdRows, type ModelParams } from './params';

/** The meta-learners of the list model (the registry's). */
export const LIST_METHODS = META_LEARNERS;
export type ListMethod = MetaLearner;

export interface ListTrainConfig {
  method: ListMethod;
  dim: number;
  /** Inner steps of the method's rule (the encoder's refinement steps). */
  innerSteps: number;
  /** Initial inner learning rate (every entry). */
  innerLr: number;
  /** Initial evidence shrink kappa. */
  shrink: number;
  metaBatch: number;
  outerSteps: number;
  outerLr: number;
  /** Reptile's step toward the adapted states, as a fraction of the distance. */
  reptileRate: number;
  /** Items with fewer meta-train ratings get no id embedding (content features only). */
  minIdCount: number;
  maxSupport: number;
  /** Share of episodes with an empty support. */
  zeroShare: number;
  /** L2 penalty on the id embeddings and biases (per entry, added to the outer loss). */
  l2: number;
  seed: number;
  evalEvery: number;
}

export interface ListCurvePoint {
  step: number;
  /** Mean outer loss (softmax negative log-likelihood of the targets) since the last point. */
  trainLoss: number;
  /** Meta-val Recall@20 (mean over K). */
  valRecall: number;
}

export interface ListTrainResult {
  params: ModelParams;
  rule: ListRule;
  curve: ListCurvePoint[];
  bestStep: number;
  bestValRecall: number;
}

/** What list training needs from the data (a subset of TrainingData). */
export interface ListTrainingData {
  numItems: number;
  features: Float32Array;
  numFeatures: number;
  train: UserHistory[];
  trainCounts: Float32Array;
}

export type ListProgressFn = (step: number, total: number, valRecall: number | null) => void;

/**
 * The crowd's prior as the starting item biases: log(1 + number of meta-train users who liked the
 * movie). The softmax's biases converge to about this, but from zero a few hundred Adam steps move a
 * bias by about one unit while log-popularity spans five: started here, the empty-support list is
 * the popular-and-liked one from the first step, and the training spends itself on taste.
 */
export function likedLogCounts(train: readonly UserHistory[], numItems: number): Float32Array {
  const liked = new Float32Array(numItems);
  for (const h of train)
    h.items.forEach((item, j) => (liked[item]! += (h.ratings[j] ?? 0) >= LIKED_RATING ? 1 : 0));
  return liked.map((c) => Math.log1p(c));
}

/** Fresh list parameters as trainable variables: small seeded weights, a(r) = 1, W = I, biases at the crowd's prior. */
export function initListVariables(
  data: ListTrainingData,
  cfg: Pick<ListTrainConfig, 'dim' | 'seed' | 'innerLr' | 'shrink'>,
): ListTensors {
  const rng = createRng(cfg.seed);
  const normal = (n: number, s: number) => Float32Array.from({ length: n }, () => rng.normal() * s);
  const n = data.numItems;
  const d = cfg.dim;
  // In a tidy: a variable keeps its initial tensor's data, the tensor itself must go.
  return tf.tidy(
    () =>
      ({
        embedding: tf.variable(tf.tensor2d(normal(n * d, 0.05), [n, d])),
        idBias: tf.variable(tf.tensor1d(likedLogCounts(data.train, n))),
        contentWeights: tf.variable(tf.tensor2d(normal(data.numFeatures * d, 0.05), [data.numFeatures, d])),
        contentBias: tf.variable(tf.zeros([data.numFeatures])),
        userInit: tf.variable(tf.tensor1d(normal(d, 0.05))),
        innerLr: tf.variable(tf.fill([d], cfg.innerLr)),
        levelWeights: tf.variable(tf.ones([RATING_LEVELS])),
        shrinkRaw: tf.variable(tf.scalar(shrinkRawFor(cfg.shrink))),
        encoder: tf.variable(tf.eye(d)),
      }) as unknown as tf.TensorContainer,
  ) as unknown as ListTensors;
}

/**
 * Trainable variables starting from trained parameters (e.g. the plain model's item space and mean
 * user); the rates start at cfg.innerLr, the encoder at the identity.
 */
function variablesOf(p: ModelParams, cfg: Pick<ListTrainConfig, 'innerLr'>): ListTensors {
  const fixed = listTensorsOf({
    ...p,
    innerLr: new Float32Array(p.dim + 1).fill(cfg.innerLr),
    list: {
      ...(p.list ?? { levelWeights: new Float32Array(RATING_LEVELS).fill(1), shrink: Float32Array.of(3) }),
      encoder: Float32Array.from({ length: p.dim * p.dim }, (_, i) => (i % (p.dim + 1) === 0 ? 1 : 0)),
    },
  });
  const vars = Object.fromEntries(
    Object.entries(fixed).map(([k, v]) => [k, tf.variable(v as tf.Tensor)]),
  ) as unknown as ListTensors;
  disposeListTensors(fixed);
  return vars;
}

/** Meta-val Recall@20 at each K of a method's parameters (no gradients). */
export async function listValRecallByK(
  p: ModelParams,
  features: Float32Array,
  rule: Pick<ListRule, 'encoder' | 'innerSteps'>,
  val: ListValidationSet,
): Promise<{ k: number; recall: number }[]> {
  return validationRecallByK(val, await listValScores(p, features, rule, val), p.itemIdRow.length);
}

/** The catalog scores of every meta-val episode under some parameters: [episodes * N]. */
export async function listValScores(
  p: ModelParams,
  features: Float32Array,
  rule: Pick<ListRule, 'encoder' | 'innerSteps'>,
  val: ListValidationSet,
): Promise<Float32Array> {
  const t = listTensorsOf(p);
  const c = catalogConstants(p, features);
  try {
    return await scoreUsers(t, c, rule, val.supports);
  } finally {
    disposeListTensors(t);
    disposeListTensors(c);
  }
}

/** Meta-val Recall@20 of list tensors under a rule (no gradients). */
export async function listValRecall(
  t: ListTensors,
  c: CatalogConstants,
  rule: Pick<ListRule, 'encoder' | 'innerSteps'>,
  val: ListValidationSet,
): Promise<number> {
  const n = c.rowMask1.shape[0];
  return validationRecall(val, await scoreUsers(t, c, rule, val.supports), n);
}

/**
 * Meta-train one list method; keeps the parameters of the best meta-val Recall@20 (evaluated every
 * evalEvery steps, at step 0 and at the end).
 */
export async function trainListMethod(
  data: ListTrainingData,
  cfg: ListTrainConfig,
  val: ListValidationSet,
  onProgress?: ListProgressFn,
  start?: ModelParams,
): Promise<ListTrainResult> {
  const { itemIdRow } = start ?? assignIdRows(data.trainCounts, cfg.minIdCount);
  const trainer = new ListMetaTrainer(data, cfg, itemIdRow, start ? variablesOf(start, cfg) : undefined);
  const curve: ListCurvePoint[] = [];
  try {
    const snapshot = () => trainer.params();
    let best = { step: 0, recall: await trainer.valRecall(val), params: await snapshot() };
    curve.push({ step: 0, trainLoss: NaN, valRecall: best.recall });
    onProgress?.(0, cfg.outerSteps, best.recall);
    let running = 0;
    let count = 0;
    for (let step = 1; step <= cfg.outerSteps; step++) {
      running += await trainer.step();
      count++;
      if (step % cfg.evalEvery === 0 || step === cfg.outerSteps) {
        const recall = await trainer.valRecall(val);
        curve.push({ step, trainLoss: running / count, valRecall: recall });
        running = 0;
        count = 0;
        if (recall > best.recall) best = { step, recall, params: await snapshot() };
        onProgress?.(step, cfg.outerSteps, recall);
      } else {
        onProgress?.(step, cfg.outerSteps, null);
      }
    }
    return {
      params: best.params,
      rule: trainer.rule,
      curve,
      bestStep: best.step,
      bestValRecall: best.recall,
    };
  } finally {
    trainer.dispose();
  }
}
