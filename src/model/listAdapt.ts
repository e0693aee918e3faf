/**
 * The list rule inside a Recommender (recommender.ts): the tensors it adapts with, and its
 * adaptation on the device (the evidence, the encoder pass when the rule has one, the inner steps,
 * the support loss at every state and, when asked, the catalog's list scores) read back once.
 */
import * as tf from '@tensorflow/tfjs';
import type { RatedItems } from '../data/types';
import {
  encode,
  evidence,
  listScores,
  prepareListInner,
  listStep,
  supportLosses,
  type ListCatalog,
} from './listCore';
import { RATING_LEVELS, supportArrays } from './listEpisodes';
import type { ListRule } from './listModel';
import type { ModelParams } from './params';

/** The catalog as listCore sees it ([N, d] vectors, [N] biases) and the evidence weights. */
export interface ListRuleTensors {
  catalog: ListCatalog;
  u0: tf.Tensor1D;
  lr: tf.Tensor1D;
  levelWeights: tf.Tensor1D;
  shrink: tf.Scalar;
  encoder: tf.Tensor2D;
}

/**
 * The list rule's tensors from a method's parameters and the Recommender's catalog ([N, d + 1] rows
 * [v_i, 1], and [N] biases, which the result shares). The caller disposes every tensor but
 * `catalog.biases`.
 */
export function listRuleTensors(
  params: ModelParams,
  catalog: tf.Tensor2D,
  catalogBias: tf.Tensor1D,
): ListRuleTensors {
  const list = params.list;
  if (!list) throw new Error('Recommender: a list rule needs list parameters');
  const d = params.dim;
  const numItems = params.itemIdRow.length;
  return {
    catalog: {
      vectors: tf.tidy(() => tf.slice(catalog, [0, 0], [numItems, d])) as tf.Tensor2D,
      biases: catalogBias,
    },
    u0: tf.tensor1d(params.userInit.subarray(0, d)),
    lr: tf.tensor1d(params.innerLr.subarray(0, d)),
    levelWeights: tf.tensor1d(list.levelWeights),
    shrink: tf.scalar(list.shrink[0] ?? 1),
    encoder: tf.tensor2d(list.encoder, [d, d]),
  };
}

/**
 * The list rule on any support (K = 0 too): the encoder pass when the rule has one, `steps` inner
 * steps, the support loss at every state, and with `score` the catalog's list scores; one
 * readback. The state's last entry is the rating head's user bias `bu` (0 without a head): list
 * scores ignore it (it shifts every item alike), the cards' stars use it.
 */
export async function runListRule(
  list: ListRuleTensors,
  rule: ListRule,
  support: RatedItems,
  steps: number,
  lr: number | undefined,
  score: boolean,
  bu: number,
): Promise<{ losses: Float32Array; phi: Float32Array; trajectory: Float32Array; scores: Float32Array }> {
  const d = list.u0.shape[0];
  const n = list.catalog.vectors.shape[0];
  const { levelMasks, counts } = supportArrays([support], n);
  const packed = tf.tidy(() => {
    const a = evidence(
      tf.tensor3d(levelMasks, [RATING_LEVELS, 1, n]),
      list.levelWeights,
      tf.tensor2d(counts, [1, 1]),
      list.shrink,
    );
    const rate = lr === undefined ? list.lr : tf.scalar(lr);
    let u = (
      rule.encoder ? encode(list.catalog, a, list.u0, list.encoder) : tf.reshape(list.u0, [1, d])
    ) as tf.Tensor2D;
    const prep = prepareListInner(list.catalog, a);
    const states = [u];
    for (let s = 0; s < steps; s++) states.push((u = listStep(list.catalog, prep, u, rate)));
    const all = tf.concat(states, 0); // [steps + 1, d]
    const parts = [
      tf.reshape(
        supportLosses(list.catalog, tf.tile(a, [steps + 1, 1]) as tf.Tensor2D, all as tf.Tensor2D),
        [-1],
      ),
      tf.reshape(all, [-1]),
    ];
    if (score) parts.push(tf.reshape(listScores(list.catalog, u), [-1]));
    return tf.concat(parts);
  });
  const data = await readOnce(packed);
  const losses = data.slice(0, steps + 1);
  const trajectory = new Float32Array((steps + 1) * (d + 1));
  for (let s = 0; s <= steps; s++) {
    trajectory.set(data.subarray(steps + 1 + s * d, steps + 1 + (s + 1) * d), s * (d + 1));
    trajectory[s * (d + 1) + d] = bu;
  }
  return {
    losses,
    phi: trajectory.slice(steps * (d + 1)),
    trajectory,
    scores: data.slice(steps + 1 + (steps + 1) * d),
  };
}

/** The one readback of an adaptation: the packed tensor's values, and the tensor disposed. */
export async function readOnce(packed: tf.Tensor): Promise<Float32Array> {
  try {
    return (await packed.data()) as Float32Array;
  } finally {
    packed.dispose();
  }
}
