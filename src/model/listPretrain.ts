/**
 * The list model trained the plain way, the reference every meta-learner must beat: no episodes
 * and no inner loop. Each meta-train user gets a free vector, trained jointly with the item side
 * on the softmax likelihood of the movies they liked (a factorization with the multinomial
 * likelihood of Mult-VAE). A newcomer then starts from the mean training user and takes the same
 * inner steps as MAML (pretrain + fine-tune); the prototype (metric-based) uses the same item
 * space with one encoder pass u = u0 + gamma (A V). Their settings are chosen on meta-val.
 */
import { LIKED_RATING } from './listEpisodes';
import { ListPretrainer } from './listPretrainer';
import type { ListTrainingData } from './listTrain';
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
  const trainer = new ListPretrainer(data, cfg, itemIdRow);
  const curve: ListPretrainResult['curve'] = [];
  try {
    let best = { epoch: 0, recall: -Infinity, params: null as ModelParams | null };
    const batches = trainer.batchesPerEpoch;
    for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
      let lossSum = 0;
      for (let b = 0; b < batches; b++) lossSum += await trainer.step();
      const recall = await trainer.valRecall(val);
      curve.push({ step: epoch, trainLoss: lossSum / batches, valRecall: recall });
      if (recall > best.recall) best = { epoch, recall, params: await trainer.params() };
      onProgress?.(epoch, cfg.epochs, recall);
    }
    return { params: best.params as ModelParams, curve, bestEpoch: best.epoch };
  } finally {
    trainer.dispose();
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
