/**
 * One outer step of list meta-training (listTrain.ts): the gradients of a method on a meta-batch
 * (second-order through the inner steps for the encoder, MAML and Meta-SGD; first-order for
 * first-order MAML and Reptile), their update, and Reptile's move of u0. The bench times the same
 * functions.
 */
import * as tf from '@tensorflow/tfjs';
import { listLoss } from './listCore';
import { RATING_LEVELS, ratingLevel, type ListBatch } from './listEpisodes';
import {
  evidenceOf,
  listCatalog,
  listStates,
  type CatalogConstants,
  type ListRule,
  type ListTensors,
} from './listModel';
import type { ListMethod } from './listTrain';

/** The rule a method adapts with. */
export function listRuleOf(method: ListMethod, innerSteps: number): ListRule {
  return { kind: 'list', encoder: method === 'encoder', innerSteps };
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
