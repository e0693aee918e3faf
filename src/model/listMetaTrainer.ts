/**
 * List meta-training one step at a time: the loop of `trainListMethod` (listTrain.ts) as an object
 * that owns the variables, the optimizer and the seeded episode stream, so `npm run train` and the
 * page's training panel (the worker) run the same meta-step. One `step()` samples a meta-batch with
 * the seeded generator and takes one outer step (listOuterStep.ts); nothing else touches the rng,
 * so a seed gives the same weights in Node and in the browser on the same backend.
 * Pure TensorFlow.js: no DOM, no `self`.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, type Rng } from '../data/rng';
import { sampleListBatch } from './listEpisodes';
import {
  catalogConstants,
  disposeListTensors,
  listParamsOf,
  type CatalogConstants,
  type ListRule,
  type ListTensors,
} from './listModel';
import { listRuleOf, outerStep } from './listOuterStep';
import { initListVariables, listValRecall, type ListTrainConfig, type ListTrainingData } from './listTrain';
import type { ListValidationSet } from './listValidation';
import type { ModelParams } from './params';

/** What a meta-step needs of ListTrainConfig (no step count: the caller decides when to stop). */
export type MetaStepConfig = Pick<
  ListTrainConfig,
  | 'method'
  | 'dim'
  | 'innerSteps'
  | 'innerLr'
  | 'shrink'
  | 'metaBatch'
  | 'outerLr'
  | 'reptileRate'
  | 'maxSupport'
  | 'zeroShare'
  | 'l2'
  | 'seed'
> & {
  /** Smallest K of an episode with a support (default 1; 0 lets K = 0 come from the range too). */
  minSupport?: number;
};

/** The trainable values by ListTensors key (and 'userTable' for pretraining), row-major. */
export type TrainerWeights = Record<string, Float32Array>;

/** The seed of the episode stream (trainListMethod's since the first version). */
const EPISODE_SEED = 104_729;

/**
 * The episode generator standing at `step`: the training's own stream from step 0; a restored
 * checkpoint continues on a stream of its own (replaying the draws would cost every batch again).
 */
export function episodeRng(seed: number, step: number): Rng {
  return createRng(step === 0 ? seed + EPISODE_SEED : seed + EPISODE_SEED + step * 1_000_003);
}

/** The Adam optimizer's rate is read at every update: changing it keeps the moments. */
export function setAdamRate(opt: tf.Optimizer, lr: number): void {
  (opt as unknown as { learningRate: number }).learningRate = lr;
}

/** Values of a set of named tensors, read back together. */
export async function readWeights(named: Record<string, tf.Tensor>): Promise<TrainerWeights> {
  const keys = Object.keys(named);
  const values = await Promise.all(keys.map((k) => (named[k] as tf.Tensor).data()));
  return Object.fromEntries(keys.map((k, i) => [k, Float32Array.from(values[i] as Float32Array)]));
}

/**
 * Assigns saved values to variables of the same names and sizes.
 * @throws Error when a value is missing or has the wrong size (nothing is assigned then).
 */
export function assignWeights(named: Record<string, tf.Tensor>, w: TrainerWeights): void {
  for (const [k, v] of Object.entries(named)) {
    const got = w[k];
    if (!got || got.length !== v.size)
      throw new Error(
        `The checkpoint's "${k}" has ${got?.length ?? 0} values, the model needs ${v.size}: it is from another configuration.`,
      );
  }
  for (const [k, v] of Object.entries(named))
    tf.tidy(() => (v as tf.Variable).assign(tf.tensor(w[k] as Float32Array, v.shape)));
}

/** Sets every entry of a variable to `x`. */
export function fillVariable(v: tf.Tensor, x: number): void {
  tf.tidy(() => (v as tf.Variable).assign(tf.fill(v.shape, x)));
}

/** A meta-learner's training, one outer step per `step()`. Owns its tensors: call `dispose()`. */
export class ListMetaTrainer {
  readonly t: ListTensors;
  readonly c: CatalogConstants;
  rule: ListRule;
  private opt: tf.Optimizer;
  private rng: Rng;
  private cfg: MetaStepConfig;
  /** Outer steps taken so far. */
  stepCount = 0;

  /**
   * @param itemIdRow the id rows (assignIdRows of the meta-train counts)
   * @param start trained variables to start from instead of fresh ones (taken over: disposed here)
   */
  constructor(
    private readonly data: ListTrainingData,
    cfg: MetaStepConfig,
    readonly itemIdRow: Int32Array,
    start?: ListTensors,
  ) {
    this.cfg = { ...cfg };
    this.t = start ?? initListVariables(data, cfg);
    this.c = catalogConstants({ itemIdRow, numFeatures: data.numFeatures } as ModelParams, data.features);
    this.rule = listRuleOf(cfg.method, cfg.innerSteps);
    this.opt = tf.train.adam(cfg.outerLr);
    this.rng = episodeRng(cfg.seed, 0);
  }

  get config(): Readonly<MetaStepConfig> {
    return this.cfg;
  }

  /**
   * Changes what applies from the next step: rates, inner steps, meta-batch, K range, L2. The
   * method, seed and dimension are fixed for a trainer's life (make a new one). A new inner rate
   * replaces every entry's unless the method learns the rates (Meta-SGD, the encoder).
   */
  configure(change: Partial<Omit<MetaStepConfig, 'method' | 'seed' | 'dim' | 'shrink'>>): void {
    this.cfg = { ...this.cfg, ...change };
    if (change.outerLr !== undefined) setAdamRate(this.opt, change.outerLr);
    if (change.innerSteps !== undefined) this.rule = listRuleOf(this.cfg.method, change.innerSteps);
    const learnsRates = this.cfg.method === 'metasgd' || this.cfg.method === 'encoder';
    if (change.innerLr !== undefined && !learnsRates) fillVariable(this.t.innerLr, change.innerLr);
  }

  /** One outer step on a freshly sampled meta-batch; returns its outer loss. */
  async step(): Promise<number> {
    const { method, metaBatch, innerSteps, reptileRate, l2 } = this.cfg;
    const batch = sampleListBatch(this.data.train, this.data.numItems, metaBatch, this.rng, this.cfg);
    const loss = await outerStep(method, this.t, this.c, this.opt, batch, innerSteps, reptileRate, l2);
    this.stepCount++;
    return loss;
  }

  /** Meta-val Recall@20 of the current state under the method's rule. */
  valRecall(val: ListValidationSet): Promise<number> {
    return listValRecall(this.t, this.c, this.rule, val);
  }

  /** The current state as ModelParams (read back). */
  params(): Promise<ModelParams> {
    return listParamsOf(this.t, this.itemIdRow, this.data.numFeatures);
  }

  /** The trainable values, read back (a checkpoint's weights). */
  weights(): Promise<TrainerWeights> {
    return readWeights(this.t as unknown as Record<string, tf.Tensor>);
  }

  /**
   * Back to saved values at `step`: the optimizer starts afresh (its moments may be what diverged)
   * and the episodes continue on the stream of that step.
   */
  restore(w: TrainerWeights, step: number): void {
    assignWeights(this.t as unknown as Record<string, tf.Tensor>, w);
    this.opt.dispose();
    this.opt = tf.train.adam(this.cfg.outerLr);
    this.rng = episodeRng(this.cfg.seed, step);
    this.stepCount = step;
  }

  dispose(): void {
    this.opt.dispose();
    disposeListTensors(this.t);
    disposeListTensors(this.c);
  }
}
