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
 * All tasks of a meta-batch run at once (dense [T, N] tensors, batched matMul). The best step on
 * meta-val Recall@20 (listValidation.ts) is kept.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../data/rng';
import type { UserHistory } from '../data/types';
import { META_LEARNERS, type MetaLearner } from '../methods/registry';
import { listLoss } from './listCore';
import { LIKED_RATING, RATING_LEVELS, ratingLevel, sampleListBatch, type ListBatch } from './listEpisodes';
import {
  catalogConstants,
  disposeListTensors,
  evidenceOf,
  listCatalog,
  listParamsOf,
  listStates,
  listTensorsOf,
  scoreUsers,
  shrinkRawFor,
  type CatalogConstants,
  type ListRule,
  type ListTensors,
} from './listModel';
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

/** The rule a method adapts with. */
export function listRuleOf(method: ListMethod, innerSteps: number): ListRule {
  return { kind: 'list', encoder: method === 'encoder', innerSteps };
}

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

/** The variables a method's outer step updates. */
function trainable(method: ListMethod, t: ListTensors, innerSteps: number): tf.Variable[] {
  const items = [t.embedding, t.idBias, t.contentWeights, t.contentBias, t.userInit];
  const evidenceWeights = [t.levelWeights, t.shrinkRaw];
  const list: tf.Tensor[] = [...items];
  if (method === 'encoder') list.push(...evidenceWeights, t.encoder, ...(innerSteps > 0 ? [t.innerLr] : []));
  if (method === 'maml' || method === 'metasgd') list.push(...(innerSteps > 0 ? evidenceWeights : []));
  if (method === 'metasgd' && innerSteps > 0) list.push(t.innerLr);
  return list as tf.Variable[];
}

interface BatchTensors {
  masks: tf.Tensor3D;
  counts: tf.Tensor2D;
  targets: tf.Tensor2D;
}

function batchTensors(b: ListBatch): BatchTensors {
  return {
    masks: tf.tensor3d(b.levelMasks, [RATING_LEVELS, b.numTasks, b.numItems]),
    counts: tf.tensor2d(b.counts, [b.numTasks, 1]),
    targets: tf.tensor2d(b.targets, [b.numTasks, b.numItems]),
  };
}

/**
 * Reptile's whole-task evidence: the support's masks plus each target as a rating at the liked
 * level (the targets carry no rating; 4.5 stands for "liked"), counts raised accordingly.
 */
function wholeTask(b: ListBatch): BatchTensors {
  const masks = b.levelMasks.slice();
  const counts = b.counts.slice();
  const liked = ratingLevel(4.5);
  for (let t = 0; t < b.numTasks; t++) {
    for (let i = 0; i < b.numItems; i++) {
      if ((b.targets[t * b.numItems + i] ?? 0) === 0) continue;
      masks[(liked * b.numTasks + t) * b.numItems + i] = 1;
      counts[t]! += 1;
    }
  }
  return batchTensors({ ...b, levelMasks: masks, counts });
}

/** One outer step's gradients, before any update. The caller disposes every tensor. */
export interface OuterGradients {
  /** The outer loss (with the L2 penalty when l2 > 0). */
  loss: tf.Scalar;
  /** Gradients by variable name: what the optimizer applies. */
  grads: tf.NamedTensorMap;
  /** Reptile, when asked: mean(whole-task states) - u0 [d], the direction u0 moves in (times its rate). */
  userInitDirection: tf.Tensor1D | null;
}

/**
 * The gradients of one outer step of a method on a batch: what outerStep applies, and what the
 * bench times. Second-order methods (and the encoder) differentiate through the inner steps; the
 * first-order ones take the adapted states as constants (u0 enters as u_K + u0 - const(u0), whose
 * value is u_K and whose derivative in u0 is 1).
 * @param withDirection also Reptile's direction at the current item side.
 */
export function outerGradients(
  method: ListMethod,
  t: ListTensors,
  c: CatalogConstants,
  b: ListBatch,
  innerSteps: number,
  l2 = 0,
  withDirection = false,
): OuterGradients {
  const bt = batchTensors(b);
  // The id tables are where 400 users' episodes overfit: an L2 penalty keeps rare rows small.
  const penalty = (loss: tf.Scalar): tf.Scalar =>
    l2 > 0
      ? (tf.add(
          loss,
          tf.mul(l2, tf.add(tf.sum(tf.square(t.embedding)), tf.sum(tf.square(t.idBias)))),
        ) as tf.Scalar)
      : loss;
  const rule = listRuleOf(method, innerSteps);
  const vars = trainable(method, t, innerSteps);
  try {
    if (method === 'encoder' || method === 'maml' || method === 'metasgd') {
      const { value, grads } = tf.variableGrads(() => penalty(outerLoss(t, c, bt, rule)), vars);
      return { loss: value, grads, userInitDirection: null };
    }
    const adapted = tf.tidy(() => listStates(t, listCatalog(t, c), evidenceOf(t, bt.masks, bt.counts), rule));
    const u0 = tf.clone(t.userInit);
    const { value, grads } = tf.variableGrads(
      () =>
        penalty(
          listLoss(
            listCatalog(t, c),
            method === 'reptile' ? adapted : (tf.add(adapted, tf.sub(t.userInit, u0)) as tf.Tensor2D),
            bt.targets,
          ),
        ),
      vars.filter((v) => method !== 'reptile' || v !== t.userInit),
    );
    tf.dispose([adapted, u0]);
    const userInitDirection =
      method === 'reptile' && withDirection ? reptileDirection(t, c, b, innerSteps) : null;
    return { loss: value, grads, userInitDirection };
  } finally {
    tf.dispose(Object.values(bt));
  }
}

/** Reptile's direction mean(whole-task states) - u0, [d]: the states adapted on support and targets. */
export function reptileDirection(
  t: ListTensors,
  c: CatalogConstants,
  b: ListBatch,
  innerSteps: number,
): tf.Tensor1D {
  const whole = wholeTask(b);
  try {
    return tf.tidy(
      () =>
        tf.sub(
          tf.mean(
            listStates(
              t,
              listCatalog(t, c),
              evidenceOf(t, whole.masks, whole.counts),
              listRuleOf('reptile', innerSteps),
            ),
            0,
          ),
          t.userInit,
        ) as tf.Tensor1D,
    );
  } finally {
    tf.dispose(Object.values(whole));
  }
}

/**
 * One outer step of a method on a batch: its gradients applied by the optimizer, then Reptile's
 * move of u0 toward the whole-task states (at the updated item side). Returns the outer loss.
 */
export async function outerStep(
  method: ListMethod,
  t: ListTensors,
  c: CatalogConstants,
  opt: tf.Optimizer,
  b: ListBatch,
  innerSteps: number,
  reptileRate: number,
  l2 = 0,
): Promise<number> {
  const g = outerGradients(method, t, c, b, innerSteps, l2);
  try {
    opt.applyGradients(g.grads);
    if (method === 'reptile') {
      const direction = reptileDirection(t, c, b, innerSteps);
      tf.tidy(() =>
        (t.userInit as tf.Variable).assign(tf.add(t.userInit, tf.mul(reptileRate, direction)) as tf.Tensor1D),
      );
      direction.dispose();
    }
    return (await g.loss.data())[0] ?? NaN;
  } finally {
    tf.dispose([g.loss, ...Object.values(g.grads)]);
  }
}

/** The outer loss of a batch at the states the rule adapts to (differentiable in every tensor of t). */
export function outerLoss(
  t: ListTensors,
  c: CatalogConstants,
  bt: BatchTensors,
  rule: Pick<ListRule, 'encoder' | 'innerSteps'>,
): tf.Scalar {
  const cat = listCatalog(t, c);
  return listLoss(cat, listStates(t, cat, evidenceOf(t, bt.masks, bt.counts), rule), bt.targets);
}

// The bench (bench/training.ts) times an outer step's gradient without its update: the same batch
// tensors, trainable variables and Reptile's whole-task evidence.
export { batchTensors as listBatchTensors };

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
  const t = start ? variablesOf(start, cfg) : initListVariables(data, cfg);
  const c = catalogConstants({ itemIdRow, numFeatures: data.numFeatures } as ModelParams, data.features);
  const rule = listRuleOf(cfg.method, cfg.innerSteps);
  const opt = tf.train.adam(cfg.outerLr);
  const rng: Rng = createRng(cfg.seed + 104_729);
  const curve: ListCurvePoint[] = [];
  try {
    const snapshot = () => listParamsOf(t, itemIdRow, data.numFeatures);
    let best = { step: 0, recall: await listValRecall(t, c, rule, val), params: await snapshot() };
    curve.push({ step: 0, trainLoss: NaN, valRecall: best.recall });
    onProgress?.(0, cfg.outerSteps, best.recall);
    let running = 0;
    let count = 0;
    for (let step = 1; step <= cfg.outerSteps; step++) {
      const batch = sampleListBatch(data.train, data.numItems, cfg.metaBatch, rng, cfg);
      running += await outerStep(cfg.method, t, c, opt, batch, cfg.innerSteps, cfg.reptileRate, cfg.l2);
      count++;
      if (step % cfg.evalEvery === 0 || step === cfg.outerSteps) {
        const recall = await listValRecall(t, c, rule, val);
        curve.push({ step, trainLoss: running / count, valRecall: recall });
        running = 0;
        count = 0;
        if (recall > best.recall) best = { step, recall, params: await snapshot() };
        onProgress?.(step, cfg.outerSteps, recall);
      } else {
        onProgress?.(step, cfg.outerSteps, null);
      }
    }
    return { params: best.params, rule, curve, bestStep: best.step, bestValRecall: best.recall };
  } finally {
    opt.dispose();
    disposeListTensors(t);
    disposeListTensors(c);
  }
}
