/**
 * The list model's parameters in tensors: from and to ModelParams, the catalog they make, and how
 * each kind of method turns a support into a user state. Shared by training (Node) and scoring
 * batches of users (evaluation, validation); the browser goes through Recommender.
 *
 * The item side is the rating model's (params.ts): v_i = E[id(i)] + c_i W_c, b_i = e[id(i)] + c_i . w_b,
 * so rarely rated movies keep a content vector and stay reachable. Tensors here hold E and e as
 * full [N, d] and [N] tables with a row mask (zero rows for items without an id): every task scores
 * the whole catalog, so dense tables cost nothing extra and need no gather.
 */
import * as tf from '@tensorflow/tfjs';
import type { RatedItems } from '../data/types';
import { RATING_LEVELS, supportArrays } from './listEpisodes';
import { encode, evidence, listInnerLoop, listScores, type ListCatalog } from './listCore';
import type { ModelParams } from './params';

/** How a list method makes a user state: an encoder pass (model-based) and/or inner steps. */
export interface ListRule {
  kind: 'list';
  /** u = u0 + (A V) W before any step. */
  encoder: boolean;
  innerSteps: number;
}

/** The list model's parameters as tensors (tf.Variable when trained). One owner disposes them. */
export interface ListTensors {
  /** [N, d] id embeddings, zero rows for items without an id. */
  embedding: tf.Tensor2D;
  /** [N] id biases, zero for items without an id. */
  idBias: tf.Tensor1D;
  /** [F, d] content projection. */
  contentWeights: tf.Tensor2D;
  /** [F] content bias weights. */
  contentBias: tf.Tensor1D;
  /** [d] initial user state u0. */
  userInit: tf.Tensor1D;
  /** [d] inner learning rate per entry. */
  innerLr: tf.Tensor1D;
  /** [L] evidence weight a(r) per rating level. */
  levelWeights: tf.Tensor1D;
  /** Scalar; kappa = softplus(shrinkRaw) keeps it positive. */
  shrinkRaw: tf.Scalar;
  /** [d, d] set encoder W. */
  encoder: tf.Tensor2D;
}

/** Constants of a catalog: content features [N, F] and the id-row masks ([N, 1] and [N]). */
export interface CatalogConstants {
  features: tf.Tensor2D;
  rowMask: tf.Tensor2D;
  rowMask1: tf.Tensor1D;
}

export function catalogConstants(p: ModelParams, features: Float32Array): CatalogConstants {
  const n = p.itemIdRow.length;
  const mask = Float32Array.from(p.itemIdRow, (r) => (r >= 0 ? 1 : 0));
  return {
    features: tf.tensor2d(features, [n, p.numFeatures]),
    rowMask: tf.tensor2d(mask, [n, 1]),
    rowMask1: tf.tensor1d(mask),
  };
}

/** The catalog of some parameters. Call inside tf.tidy (or a gradient function). */
export function listCatalog(t: ListTensors, c: CatalogConstants): ListCatalog {
  const n = c.rowMask1.shape[0];
  const f = c.features.shape[1];
  return {
    vectors: tf.add(tf.mul(t.embedding, c.rowMask), tf.matMul(c.features, t.contentWeights)) as tf.Tensor2D,
    biases: tf.add(
      tf.mul(t.idBias, c.rowMask1),
      tf.reshape(tf.matMul(c.features, tf.reshape(t.contentBias, [f, 1])), [n]),
    ) as tf.Tensor1D,
  };
}

/** kappa = softplus(shrinkRaw), and its inverse for initialization. */
export const shrinkOf = (raw: tf.Tensor): tf.Tensor => tf.softplus(raw);
export const shrinkRawFor = (kappa: number): number => Math.log(Math.expm1(kappa));

/** The evidence matrix [T, N] of dense support arrays (see listEpisodes). Call inside tf.tidy. */
export function evidenceOf(t: ListTensors, levelMasks: tf.Tensor3D, counts: tf.Tensor2D): tf.Tensor2D {
  return evidence(levelMasks, t.levelWeights, counts, shrinkOf(t.shrinkRaw));
}

/**
 * User states [T, d] from the evidence: the encoder pass when the rule has one, then the rule's
 * inner steps (lr: the learned rates unless a scalar replaces them). Call inside tf.tidy.
 */
export function listStates(
  t: ListTensors,
  cat: ListCatalog,
  a: tf.Tensor2D,
  rule: Pick<ListRule, 'encoder' | 'innerSteps'>,
  lr: tf.Tensor = t.innerLr,
): tf.Tensor2D {
  const start: tf.Tensor = rule.encoder ? encode(cat, a, t.userInit, t.encoder) : t.userInit;
  return listInnerLoop(cat, a, start, lr, rule.innerSteps).u;
}

/** Tensors of a list method's ModelParams (the caller disposes them). */
export function listTensorsOf(p: ModelParams): ListTensors {
  const list = p.list;
  if (!list) throw new Error('listTensorsOf: these parameters are not a list model');
  const d = p.dim;
  const n = p.itemIdRow.length;
  const embedding = new Float32Array(n * d);
  const idBias = new Float32Array(n);
  p.itemIdRow.forEach((row, i) => {
    if (row < 0) return;
    embedding.set(p.itemEmbedding.subarray(row * d, (row + 1) * d), i * d);
    idBias[i] = p.itemIdBias[row] ?? 0;
  });
  return {
    embedding: tf.tensor2d(embedding, [n, d]),
    idBias: tf.tensor1d(idBias),
    contentWeights: tf.tensor2d(p.contentWeights, [p.numFeatures, d]),
    contentBias: tf.tensor1d(p.contentBias),
    userInit: tf.tensor1d(p.userInit.subarray(0, d)),
    innerLr: tf.tensor1d(p.innerLr.subarray(0, d)),
    levelWeights: tf.tensor1d(list.levelWeights),
    shrinkRaw: tf.scalar(shrinkRawFor(list.shrink[0] ?? 1)),
    encoder: tf.tensor2d(list.encoder, [d, d]),
  };
}

/**
 * ModelParams of list tensors (read back): the id rows of `itemIdRow` are kept, the state and
 * rates gain the rating model's bias entry (0; list scores ignore it), globalBias is 0.
 */
export async function listParamsOf(
  t: ListTensors,
  itemIdRow: Int32Array,
  numFeatures: number,
): Promise<ModelParams> {
  const d = t.userInit.shape[0];
  const kappa = tf.tidy(() => shrinkOf(t.shrinkRaw));
  const [emb, idb, cw, cb, u0, lr, lw, shrink, enc] = (await Promise.all([
    t.embedding.data(),
    t.idBias.data(),
    t.contentWeights.data(),
    t.contentBias.data(),
    t.userInit.data(),
    t.innerLr.data(),
    t.levelWeights.data(),
    kappa.data(),
    t.encoder.data(),
  ])) as Float32Array[];
  kappa.dispose();
  let rows = 0;
  for (const r of itemIdRow) if (r >= 0) rows++;
  const itemEmbedding = new Float32Array(rows * d);
  const itemIdBias = new Float32Array(rows);
  itemIdRow.forEach((row, i) => {
    if (row < 0) return;
    itemEmbedding.set((emb as Float32Array).subarray(i * d, (i + 1) * d), row * d);
    itemIdBias[row] = idb?.[i] ?? 0;
  });
  const withZero = (a: Float32Array) => {
    const out = new Float32Array(d + 1);
    out.set(a.subarray(0, d));
    return out;
  };
  return {
    dim: d,
    numFeatures,
    itemIdRow: itemIdRow.slice(),
    itemEmbedding,
    itemIdBias,
    contentWeights: Float32Array.from(cw as Float32Array),
    contentBias: Float32Array.from(cb as Float32Array),
    globalBias: new Float32Array(1),
    userInit: withZero(u0 as Float32Array),
    innerLr: withZero(lr as Float32Array),
    list: {
      levelWeights: Float32Array.from(lw as Float32Array),
      shrink: Float32Array.of(shrink?.[0] ?? 1),
      encoder: Float32Array.from(enc as Float32Array),
    },
  };
}

/**
 * Catalog scores of many users at once: [supports.length * N], row-major. One batched forward
 * (chunks of `chunk` users) and one readback per chunk. Used by validation and batch evaluation.
 */
export async function scoreUsers(
  t: ListTensors,
  c: CatalogConstants,
  rule: Pick<ListRule, 'encoder' | 'innerSteps'>,
  supports: readonly RatedItems[],
  chunk = 64,
): Promise<Float32Array> {
  const n = c.rowMask1.shape[0];
  const out = new Float32Array(supports.length * n);
  for (let s = 0; s < supports.length; s += chunk) {
    const part = supports.slice(s, s + chunk);
    const { levelMasks, counts } = supportArrays(part, n);
    const z = tf.tidy(() => {
      const cat = listCatalog(t, c);
      const a = evidenceOf(
        t,
        tf.tensor3d(levelMasks, [RATING_LEVELS, part.length, n]),
        tf.tensor2d(counts, [part.length, 1]),
      );
      return listScores(cat, listStates(t, cat, a, rule));
    });
    out.set((await z.data()) as Float32Array, s * n);
    z.dispose();
  }
  return out;
}

export function disposeListTensors(t: ListTensors | CatalogConstants): void {
  tf.dispose(Object.values(t) as tf.Tensor[]);
}
