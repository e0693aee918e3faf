/**
 * The list model trained the plain way, the reference every meta-learner must beat: no episodes
 * and no inner loop. Each meta-train user gets a free vector, trained jointly with the item side
 * on the softmax likelihood of the movies they liked (a factorization with the multinomial
 * likelihood of Mult-VAE). A newcomer then starts from the mean training user and takes the same
 * inner steps as MAML (pretrain + fine-tune); the prototype (metric-based) uses the same item
 * space with one encoder pass u = u0 + gamma (A V). Their settings are chosen on meta-val.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../data/rng';
import { listLoss } from './listCore';
import { LIKED_RATING, permutation } from './listEpisodes';
import { catalogConstants, disposeListTensors, listCatalog, listParamsOf } from './listModel';
import { initListVariables, listValRecall, type ListTrainingData } from './listTrain';
import type { ListValidationSet } from './listValidation';
import { assignIdRows, type ModelParams } from './params';

export interface ListPretrainConfig {
  dim: number;
  epochs: number;
  /** Users per batch. */
  batch: number;
  lr: number;
  minIdCount: number;
  seed: number;
  /** Inner steps and rate of the fine-tuning rule that picks the best epoch on meta-val. */
  innerSteps: number;
  probeLr: number;
}

export interface ListPretrainResult {
  /** The plain model at its best epoch: the item space and, as u0, the mean training user. */
  params: ModelParams;
  curve: { step: number; trainLoss: number; valRecall: number }[];
  bestEpoch: number;
}

/** Evidence weights of the plain model: every rated movie counts alike ("watched"), or only liked ones. */
export const EVIDENCE_SCHEMES: Record<'watched' | 'liked', number[]> = {
  watched: Array.from({ length: 10 }, () => 1),
  liked: Array.from({ length: 10 }, (_, l) => ((l + 1) / 2 >= LIKED_RATING ? 1 : 0)),
};

/** Trains the plain list model, keeping the epoch whose fine-tuning probe is best on meta-val. */
export async function pretrainList(
  data: ListTrainingData,
  cfg: ListPretrainConfig,
  val: ListValidationSet,
  onProgress?: (epoch: number, total: number, valRecall: number | null) => void,
): Promise<ListPretrainResult> {
  const { itemIdRow } = assignIdRows(data.trainCounts, cfg.minIdCount);
  const users = data.train.filter((h) => Array.from(h.ratings).some((r) => r >= LIKED_RATING));
  if (users.length === 0)
    throw new Error('No training user liked a movie: the data set is too small to train on.');
  const n = data.numItems;
  const d = cfg.dim;
  const t = initListVariables(data, { dim: d, seed: cfg.seed, innerLr: cfg.probeLr, shrink: 3 });
  const rng = createRng(cfg.seed + 15_485_863);
  const userTable = tf.tidy(() =>
    tf.variable(
      tf.tensor2d(
        Float32Array.from({ length: users.length * d }, () => rng.normal() * 0.05),
        [users.length, d],
      ),
    ),
  );
  const targets = new Float32Array(users.length * n);
  users.forEach((h, u) => {
    const liked = Array.from(h.items).filter((_, j) => (h.ratings[j] ?? 0) >= LIKED_RATING);
    for (const i of liked) targets[u * n + i] = 1 / liked.length;
  });
  const c = catalogConstants({ itemIdRow, numFeatures: data.numFeatures } as ModelParams, data.features);
  const opt = tf.train.adam(cfg.lr);
  const vars = [t.embedding, t.idBias, t.contentWeights, t.contentBias, userTable] as tf.Variable[];
  const curve: ListPretrainResult['curve'] = [];
  const withMeanUser = () =>
    tf.tidy(() => (t.userInit as tf.Variable).assign(tf.mean(userTable, 0) as tf.Tensor1D));
  const setScheme = (scheme: number[]) => (t.levelWeights as tf.Variable).assign(tf.tensor1d(scheme));
  const probeRule = { encoder: false, innerSteps: cfg.innerSteps };
  try {
    setScheme(EVIDENCE_SCHEMES.watched);
    let best = { epoch: 0, recall: -Infinity, params: null as ModelParams | null };
    const batches = Math.ceil(users.length / cfg.batch);
    for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
      const order = permutation(users.length, rng);
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        const rows = order.slice(b * cfg.batch, (b + 1) * cfg.batch);
        // Rows of the user table by a one-hot matMul: tf.gather's gradient is missing on wasm.
        const pick = new Float32Array(rows.length * users.length);
        const tg = new Float32Array(rows.length * n);
        rows.forEach((u, j) => {
          pick[j * users.length + u] = 1;
          tg.set(targets.subarray(u * n, (u + 1) * n), j * n);
        });
        const pickT = tf.tensor2d(pick, [rows.length, users.length]);
        const tgT = tf.tensor2d(tg, [rows.length, n]);
        const cost = opt.minimize(
          () => {
            return listLoss(listCatalog(t, c), tf.matMul(pickT, userTable) as tf.Tensor2D, tgT);
          },
          true,
          vars,
        );
        lossSum += (await cost?.data())?.[0] ?? NaN;
        tf.dispose([cost as tf.Tensor, pickT, tgT]);
      }
      withMeanUser();
      const recall = await listValRecall(t, c, probeRule, val);
      curve.push({ step: epoch, trainLoss: lossSum / batches, valRecall: recall });
      if (recall > best.recall)
        best = { epoch, recall, params: await listParamsOf(t, itemIdRow, data.numFeatures) };
      onProgress?.(epoch, cfg.epochs, recall);
    }
    return { params: best.params as ModelParams, curve, bestEpoch: best.epoch };
  } finally {
    opt.dispose();
    userTable.dispose();
    disposeListTensors(t);
    disposeListTensors(c);
  }
}

/**
 * The plain model's parameters with a reference rule's settings: evidence weights, one inner rate
 * for every entry (pretrain + fine-tune) and the encoder W = gamma I (the prototype; zeros when
 * unused).
 */
export function referenceParams(
  p: ModelParams,
  scheme: readonly number[],
  opts: { lr: number; gamma: number },
): ModelParams {
  const innerLr = new Float32Array(p.dim + 1).fill(opts.lr);
  innerLr[p.dim] = 0;
  const encoder = new Float32Array(p.dim * p.dim);
  for (let i = 0; i < p.dim; i++) encoder[i * p.dim + i] = opts.gamma;
  return {
    ...p,
    innerLr,
    list: { levelWeights: Float32Array.from(scheme), shrink: Float32Array.of(3), encoder },
  };
}
