/**
 * The conventional reference: pretrain the same model on all meta-train ratings (every training
 * user has their own state phi_u, learned jointly with the items), then start a newcomer from the
 * mean training user state and fine-tune it with the same inner loop as the meta-learned methods.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data/rng';
import { Adam } from './adam';
import { scatterRows } from './batch';
import { buildItemSide, squash } from './core';
import { cloneParams, type ModelParams } from './params';
import {
  initForData,
  validationLoss,
  validationTasks,
  type CurvePoint,
  type ProgressFn,
  type TrainResult,
  type TrainingData,
} from './metaTrain';

export interface PretrainConfig {
  dim: number;
  epochs: number;
  batchSize: number;
  lr: number;
  weightDecay: number;
  minIdCount: number;
  /** Inner loop used to fine-tune a newcomer (and to pick the best epoch on meta-val). */
  innerSteps: number;
  innerLr: number;
  normFloor: number;
  maxSupport: number;
  maxQuery: number;
  valTasks: number;
  seed: number;
}

export async function pretrain(
  data: TrainingData,
  cfg: PretrainConfig,
  onProgress?: ProgressFn,
): Promise<TrainResult> {
  const p = initForData(data, cfg);
  const d = p.dim;
  const width = d + 1;
  const f = p.numFeatures;
  const rng = createRng(cfg.seed);
  const users: number[] = [];
  const items: number[] = [];
  const ratings: number[] = [];
  data.train.forEach((h, u) => {
    h.items.forEach((item, k) => {
      users.push(u);
      items.push(item);
      ratings.push(h.ratings[k] ?? 0);
    });
  });
  const userStates = new Float32Array(data.train.length * width);
  for (let i = 0; i < userStates.length; i++) userStates[i] = i % width === d ? 0 : rng.normal() * 0.1;
  const order = users.map((_, i) => i);
  const adam = new Adam();
  const val = validationTasks(data, cfg.valTasks, cfg.seed, cfg.maxSupport, cfg.maxQuery);
  const stepsPerEpoch = Math.ceil(order.length / cfg.batchSize);
  const total = cfg.epochs * stepsPerEpoch;
  const curve: CurvePoint[] = [];
  const withInit = (): ModelParams => {
    const q = cloneParams(p);
    q.userInit.fill(0);
    for (let u = 0; u < data.train.length; u++)
      for (let j = 0; j < width; j++) q.userInit[j]! += (userStates[u * width + j] ?? 0) / data.train.length;
    q.innerLr.fill(cfg.innerLr);
    return q;
  };
  let best = { step: 0, loss: Infinity, params: withInit() };
  let step = 0;
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    rng.shuffle(order);
    let running = 0;
    for (let start = 0; start < order.length; start += cfg.batchSize) {
      const idx = order.slice(start, start + cfg.batchSize);
      const n = idx.length;
      const idRows = new Int32Array(n);
      const uRows = new Int32Array(n);
      const emb = new Float32Array(n * d);
      const bias = new Float32Array(n);
      const content = new Float32Array(n * f);
      const phi = new Float32Array(n * width);
      const y = new Float32Array(n);
      idx.forEach((i, k) => {
        const item = items[i] ?? 0;
        const row = p.itemIdRow[item] ?? -1;
        idRows[k] = row;
        uRows[k] = users[i] ?? 0;
        if (row >= 0) {
          emb.set(p.itemEmbedding.subarray(row * d, row * d + d), k * d);
          bias[k] = p.itemIdBias[row] ?? 0;
        }
        content.set(data.features.subarray(item * f, item * f + f), k * f);
        const u = users[i] ?? 0;
        phi.set(userStates.subarray(u * width, u * width + width), k * width);
        y[k] = ratings[i] ?? 0;
      });
      const tensors = {
        emb: tf.tensor3d(emb, [1, n, d]),
        bias: tf.tensor2d(bias, [1, n]),
        content: tf.tensor3d(content, [1, n, f]),
        phi: tf.tensor2d(phi, [n, width]),
        y: tf.tensor1d(y),
        wc: tf.tensor2d(p.contentWeights, [f, d]),
        wb: tf.tensor1d(p.contentBias),
        mu: tf.tensor1d(p.globalBias),
      };
      const out = tf.tidy(() =>
        tf.valueAndGrads(
          (e: tf.Tensor, b: tf.Tensor, ph: tf.Tensor, wc: tf.Tensor, wb: tf.Tensor, mu: tf.Tensor) => {
            const s = buildItemSide(
              e as tf.Tensor3D,
              b as tf.Tensor2D,
              tensors.content,
              wc as tf.Tensor2D,
              wb as tf.Tensor1D,
              mu as tf.Tensor1D,
            );
            const z = tf.sum(tf.mul(tf.squeeze(s.vectors, [0]), ph), 1).add(tf.squeeze(s.biases, [0]));
            return tf.mean(tf.square(tf.sub(squash(z), tensors.y))) as tf.Scalar;
          },
        )([tensors.emb, tensors.bias, tensors.phi, tensors.wc, tensors.wb, tensors.mu]),
      );
      const [gE, gB, gPhi, gWc, gWb, gMu] = await Promise.all(
        out.grads.map((t) => t.data() as Promise<Float32Array>),
      );
      running += (await out.value.data())[0] ?? 0;
      tf.dispose([out.value, ...out.grads, ...Object.values(tensors)]);
      adam.tick();
      const e = scatterRows(idRows, gE as Float32Array, d);
      adam.updateRows('itemEmbedding', p.itemEmbedding, d, e.rows, e.grads, cfg.lr, cfg.weightDecay);
      const b = scatterRows(idRows, gB as Float32Array, 1);
      adam.updateRows('itemIdBias', p.itemIdBias, 1, b.rows, b.grads, cfg.lr, cfg.weightDecay);
      const u = scatterRows(uRows, gPhi as Float32Array, width);
      adam.updateRows('userStates', userStates, width, u.rows, u.grads, cfg.lr, cfg.weightDecay);
      adam.updateDense('contentWeights', p.contentWeights, gWc as Float32Array, cfg.lr, cfg.weightDecay);
      adam.updateDense('contentBias', p.contentBias, gWb as Float32Array, cfg.lr);
      adam.updateDense('globalBias', p.globalBias, gMu as Float32Array, cfg.lr);
      step++;
      onProgress?.(step, total, null);
    }
    const candidate = withInit();
    const valLoss = await validationLoss(candidate, data.features, val, cfg.innerSteps, cfg.normFloor);
    curve.push({ step, trainLoss: running / stepsPerEpoch, valLoss });
    if (valLoss < best.loss) best = { step, loss: valLoss, params: candidate };
    onProgress?.(step, total, valLoss);
  }
  return { params: best.params, curve, bestStep: best.step, bestValLoss: best.loss };
}
