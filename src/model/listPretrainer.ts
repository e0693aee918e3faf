/**
 * Plain pretraining of the list model one minibatch at a time (the loop of `pretrainList`,
 * listPretrain.ts): a free vector per training user (the user table), trained with the item side on
 * the softmax likelihood of the movies each user liked; u0 follows the mean user after every step.
 * Used by `npm run train` and by the page's training panel (the 'pretrain' reference), so both run
 * the same step. Pure TensorFlow.js: no DOM, no `self`.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../data/rng';
import type { UserHistory } from '../data/types';
import { listLoss } from './listCore';
import { LIKED_RATING, permutation } from './listEpisodes';
import {
  catalogConstants,
  disposeListTensors,
  listCatalog,
  listParamsOf,
  type CatalogConstants,
  type ListRule,
  type ListTensors,
} from './listModel';
import {
  assignWeights,
  fillVariable,
  readWeights,
  setAdamRate,
  type TrainerWeights,
} from './listMetaTrainer';
import { initListVariables, listValRecall, type ListTrainingData } from './listTrain';
import type { ListValidationSet } from './listValidation';
import type { ModelParams } from './params';

export interface PretrainStepConfig {
  dim: number;
  /** Users per minibatch. */
  batch: number;
  lr: number;
  seed: number;
  /** Inner steps and rate of the fine-tuning rule a newcomer gets (the probe on meta-val). */
  innerSteps: number;
  probeLr: number;
}

/** Evidence weights of the plain model: every rated movie counts alike ("watched"). */
const WATCHED = Array.from({ length: 10 }, () => 1);

/** The users pretraining learns from: those who liked at least one movie. */
export function pretrainUsers(train: readonly UserHistory[]): UserHistory[] {
  const users = train.filter((h) => Array.from(h.ratings).some((r) => r >= LIKED_RATING));
  if (users.length === 0)
    throw new Error('No training user liked a movie: the data set is too small to train on.');
  return users;
}

/** Pretraining, one minibatch per `step()`; an epoch is a fresh permutation of the users. Owns its tensors. */
export class ListPretrainer {
  readonly t: ListTensors;
  readonly c: CatalogConstants;
  rule: Pick<ListRule, 'encoder' | 'innerSteps'>;
  /** [users, d] the free user vectors. */
  readonly userTable: tf.Variable;
  private readonly users: UserHistory[];
  /** [users * N] each user's liked movies, 1 / (number liked) each. */
  private readonly targets: Float32Array;
  private opt: tf.Optimizer;
  private rng: Rng;
  private order: number[] = [];
  private position = 0;
  stepCount = 0;

  constructor(
    private readonly data: ListTrainingData,
    private cfg: PretrainStepConfig,
    readonly itemIdRow: Int32Array,
  ) {
    this.users = pretrainUsers(data.train);
    const n = data.numItems;
    const d = cfg.dim;
    this.t = initListVariables(data, { dim: d, seed: cfg.seed, innerLr: cfg.probeLr, shrink: 3 });
    this.rng = createRng(cfg.seed + 15_485_863);
    const rng = this.rng;
    const count = this.users.length;
    this.userTable = tf.tidy(() =>
      tf.variable(
        tf.tensor2d(
          Float32Array.from({ length: count * d }, () => rng.normal() * 0.05),
          [count, d],
        ),
      ),
    );
    this.targets = new Float32Array(count * n);
    this.users.forEach((h, u) => {
      const liked = Array.from(h.items).filter((_, j) => (h.ratings[j] ?? 0) >= LIKED_RATING);
      for (const i of liked) this.targets[u * n + i] = 1 / liked.length;
    });
    this.c = catalogConstants({ itemIdRow, numFeatures: data.numFeatures } as ModelParams, data.features);
    this.opt = tf.train.adam(cfg.lr);
    tf.tidy(() => (this.t.levelWeights as tf.Variable).assign(tf.tensor1d(WATCHED)));
    this.rule = { encoder: false, innerSteps: cfg.innerSteps };
  }

  /** Minibatches per epoch. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.users.length / this.cfg.batch);
  }

  /** The rates, batch size and the probe's inner steps apply from the next step. */
  configure(change: Partial<Pick<PretrainStepConfig, 'lr' | 'batch' | 'probeLr' | 'innerSteps'>>): void {
    this.cfg = { ...this.cfg, ...change };
    if (change.lr !== undefined) setAdamRate(this.opt, change.lr);
    if (change.probeLr !== undefined) fillVariable(this.t.innerLr, change.probeLr);
    if (change.innerSteps !== undefined) this.rule = { encoder: false, innerSteps: change.innerSteps };
  }

  /** One minibatch (the next of the epoch's permutation); returns its loss. u0 becomes the mean user. */
  async step(): Promise<number> {
    const count = this.users.length;
    const n = this.data.numItems;
    if (this.position === 0) this.order = permutation(count, this.rng);
    const rows = this.order.slice(this.position, this.position + this.cfg.batch);
    this.position += this.cfg.batch;
    if (this.position >= count) this.position = 0;
    // Rows of the user table by a one-hot matMul: tf.gather's gradient is missing on wasm.
    const pick = new Float32Array(rows.length * count);
    const tg = new Float32Array(rows.length * n);
    rows.forEach((u, j) => {
      pick[j * count + u] = 1;
      tg.set(this.targets.subarray(u * n, (u + 1) * n), j * n);
    });
    const pickT = tf.tensor2d(pick, [rows.length, count]);
    const tgT = tf.tensor2d(tg, [rows.length, n]);
    const vars = [this.t.embedding, this.t.idBias, this.t.contentWeights, this.t.contentBias, this.userTable];
    const cost = this.opt.minimize(
      () => listLoss(listCatalog(this.t, this.c), tf.matMul(pickT, this.userTable) as tf.Tensor2D, tgT),
      true,
      vars as tf.Variable[],
    );
    tf.tidy(() => (this.t.userInit as tf.Variable).assign(tf.mean(this.userTable, 0) as tf.Tensor1D));
    const loss = (await cost?.data())?.[0] ?? NaN;
    tf.dispose([cost as tf.Tensor, pickT, tgT]);
    this.stepCount++;
    return loss;
  }

  valRecall(val: ListValidationSet): Promise<number> {
    return listValRecall(this.t, this.c, this.rule, val);
  }

  params(): Promise<ModelParams> {
    return listParamsOf(this.t, this.itemIdRow, this.data.numFeatures);
  }

  private named(): Record<string, tf.Tensor> {
    return { ...(this.t as unknown as Record<string, tf.Tensor>), userTable: this.userTable };
  }

  /** The trainable values and the user table, read back. */
  weights(): Promise<TrainerWeights> {
    return readWeights(this.named());
  }

  /** Back to saved values at `step`: a fresh optimizer, the epoch restarted on a stream of that step. */
  restore(w: TrainerWeights, step: number): void {
    assignWeights(this.named(), w);
    this.opt.dispose();
    this.opt = tf.train.adam(this.cfg.lr);
    this.rng = createRng(this.cfg.seed + 15_485_863 + step * 1_000_003);
    this.position = 0;
    this.stepCount = step;
  }

  dispose(): void {
    this.opt.dispose();
    this.userTable.dispose();
    disposeListTensors(this.t);
    disposeListTensors(this.c);
  }
}
