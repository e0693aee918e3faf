/**
 * The training recipe of the shipped list model, as a library: `npm run train`, `npm run crossval`
 * and the tests call it in-process. Only meta-train users feed anything learned; every setting,
 * every kept step and the default method are chosen on meta-val users (Recall@20, the measure the
 * evaluation reports); meta-test users never reach this file.
 *
 *   1. the plain reference: the list model trained without episodes (listPretrain.ts), then its
 *      fine-tuning and prototype rules tuned on meta-val;
 *   2. every meta-learner (listTrain.ts), each keeping its best meta-val step;
 *   3. the default: the method with the highest meta-val Recall@20;
 *   4. the lists' rating-count floor, by the default's meta-val Recall@20 (listFloor.ts);
 *   5. the rating head for the cards' stars: the bias model of the meta-train ratings.
 */
import type { UserHistory } from '../data/types';
import { fitBiasBaseline } from '../eval/baselines';
import { trainRatingsOf } from '../eval/methods';
import type { ListFloorChoice, MethodName } from '../model/format';
import type { ListRule } from '../model/listModel';
import { pretrainList } from '../model/listPretrain';
import { selectListFloor } from './listFloor';
import { tuneFinetune, tunePrototype } from './tuneReferences';
import {
  listValRecallByK,
  trainListMethod,
  type ListCurvePoint,
  type ListMethod,
  type ListTrainConfig,
} from '../model/listTrain';
import { listValidationSet, type ListValidationSet } from '../model/listValidation';
import type { ModelParams } from '../model/params';
import type { PreparedData } from '../model/trainingData';

/** The recipe's settings: the meta-learners' (one set for all), and what the rest of the recipe needs. */
export interface RecipeConfig extends Omit<ListTrainConfig, 'method' | 'seed'> {
  /** Outer steps of the set encoder (cheaper per step than the gradient-based methods). */
  encoderSteps: number;
  /** Refinement steps after the encoder pass. */
  encoderInnerSteps: number;
  pretrainEpochs: number;
  pretrainBatch: number;
  pretrainLr: number;
  /** Meta-val episodes: users with at least this many ratings, these seeds and Ks. */
  valMinRatings: number;
  valSeeds: number[];
  valKs: number[];
  /** Bias model of the rating head (the cards' stars). */
  ratingLambdaItem: number;
  ratingLambdaUser: number;
}

export const FULL_RECIPE: RecipeConfig = {
  dim: 32,
  innerSteps: 3,
  innerLr: 1,
  shrink: 3,
  metaBatch: 48,
  // The biases start at the crowd's prior (listTrain.likedLogCounts): meta-val Recall@20 peaks
  // within 100-300 steps, and the kept step is the best one seen.
  outerSteps: 200,
  encoderSteps: 200,
  encoderInnerSteps: 2,
  outerLr: 0.003,
  reptileRate: 0.1,
  // 7, not 5: the model and catalog must stay within 1.5 MB gzipped (2,342 id rows instead of 3,044).
  minIdCount: 7,
  maxSupport: 20,
  zeroShare: 0.05,
  l2: 0,
  evalEvery: 25,
  pretrainEpochs: 25,
  pretrainBatch: 64,
  pretrainLr: 0.01,
  valMinRatings: 30,
  valSeeds: [1, 2, 3],
  valKs: [1, 3, 5, 10, 20],
  ratingLambdaItem: 10,
  ratingLambdaUser: 5,
};

/** A tiny configuration for tests and `npm run train -- --smoke` (seconds). */
export const SMOKE_RECIPE: RecipeConfig = {
  ...FULL_RECIPE,
  dim: 8,
  metaBatch: 16,
  outerSteps: 30,
  encoderSteps: 30,
  evalEvery: 10,
  pretrainEpochs: 4,
  pretrainBatch: 32,
  minIdCount: 3,
  valMinRatings: 25,
  valSeeds: [1],
};

export interface TrainedMethod {
  name: MethodName;
  params: ModelParams;
  rule: ListRule;
  /** Meta-val Recall@20 (mean over the validation Ks) of the kept parameters. */
  valRecall: number;
  /** The same at each K. */
  valRecallByK: { k: number; recall: number }[];
  bestStep: number;
  curve: ListCurvePoint[];
  seconds: number;
  /** Settings this method chose on meta-val (plain JSON, for the manifest). */
  chosen: Record<string, number | string>;
}

export interface RecipeResult {
  methods: TrainedMethod[];
  defaultMethod: MethodName;
  defaultReason: string;
  /** The lists' rating-count floor, chosen after the weights (they do not depend on it). */
  listFloor: ListFloorChoice;
  ratingHead: { mu: number; lambdaUser: number; itemBias: Float32Array };
  valEpisodes: number;
}

/** Progress of one stage: a bar per method in the command line, nothing in tests. */
export type StageProgress = (
  stage: string,
  total: number,
) => { update(done: number, suffix?: string): void; done(suffix?: string): void };

const silent: StageProgress = () => ({ update: () => {}, done: () => {} });

/** The meta-val episodes every choice is made on. */
export function recipeValidation(val: readonly UserHistory[], cfg: RecipeConfig): ListValidationSet {
  return listValidationSet(val, { seeds: cfg.valSeeds, ks: cfg.valKs, minRatings: cfg.valMinRatings });
}

/**
 * Runs the recipe on prepared data. `methods` is the subset of meta-learners to train (the
 * reference and the prototype always train).
 * @throws Error when meta-val has no usable episode (too few users with enough ratings).
 */
export async function runRecipe(
  prepared: PreparedData,
  cfg: RecipeConfig,
  methods: readonly ListMethod[],
  seed: number,
  progress: StageProgress = silent,
): Promise<RecipeResult> {
  const val = recipeValidation(prepared.val, cfg);
  if (val.supports.length === 0)
    throw new Error(
      `meta-val has no user with at least ${cfg.valMinRatings} ratings and a liked movie among them: nothing to choose settings on. Use more data (or --smoke on tiny data).`,
    );
  const trained: TrainedMethod[] = [];
  const recall = (v: number | null) => (v === null ? undefined : `meta-val Recall@20 ${v.toFixed(4)}`);

  {
    const t0 = Date.now();
    const bar = progress('pretrain', cfg.pretrainEpochs);
    const r = await pretrainList(
      prepared,
      {
        dim: cfg.dim,
        epochs: cfg.pretrainEpochs,
        batch: cfg.pretrainBatch,
        lr: cfg.pretrainLr,
        minIdCount: cfg.minIdCount,
        seed,
        innerSteps: cfg.innerSteps,
        probeLr: 0.03,
      },
      val,
      (epoch, _total, v) => bar.update(epoch, recall(v)),
    );
    const finetune = await tuneFinetune(
      r.params,
      prepared.features,
      cfg.innerSteps,
      [0.03, 0.1, 0.3, 1, 3],
      val,
    );
    const prototype = await tunePrototype(r.params, prepared.features, [0.03, 0.1, 0.3, 1, 3, 10], val);
    bar.done(`fine-tune ${finetune.valRecall.toFixed(4)}, prototype ${prototype.valRecall.toFixed(4)}`);
    const seconds = (Date.now() - t0) / 1000;
    for (const [name, ref] of [
      ['pretrain', finetune],
      ['prototype', prototype],
    ] as const)
      trained.push({
        name,
        params: ref.params,
        rule: ref.rule,
        valRecall: ref.valRecall,
        valRecallByK: [],
        bestStep: r.bestEpoch,
        curve: name === 'pretrain' ? r.curve : [],
        seconds: name === 'pretrain' ? seconds : 0,
        chosen: ref.chosen,
      });
  }

  for (const method of methods) {
    const t0 = Date.now();
    const encoder = method === 'encoder';
    const steps = encoder ? cfg.encoderSteps : cfg.outerSteps;
    const bar = progress(method, steps);
    const r = await trainListMethod(
      prepared,
      {
        ...cfg,
        method,
        innerSteps: encoder ? cfg.encoderInnerSteps : cfg.innerSteps,
        outerSteps: steps,
        seed,
      },
      val,
      (step, _total, v) => bar.update(step, recall(v)),
    );
    bar.done(`best meta-val Recall@20 ${r.bestValRecall.toFixed(4)} at step ${r.bestStep}`);
    trained.push({
      name: method,
      params: r.params,
      rule: r.rule,
      valRecall: r.bestValRecall,
      valRecallByK: [],
      bestStep: r.bestStep,
      curve: r.curve,
      seconds: (Date.now() - t0) / 1000,
      chosen: {},
    });
  }

  for (const m of trained) m.valRecallByK = await listValRecallByK(m.params, prepared.features, m.rule, val);
  const ranked = [...trained].sort((a, b) => b.valRecall - a.valRecall);
  const best = ranked[0] as TrainedMethod;
  const floor = await selectListFloor(best, prepared.features, val, prepared.trainCounts);
  const bias = fitBiasBaseline(trainRatingsOf(prepared.train, prepared.numItems), {
    lambdaItem: cfg.ratingLambdaItem,
    lambdaUser: cfg.ratingLambdaUser,
  });
  return {
    methods: trained,
    defaultMethod: best.name,
    defaultReason: `Highest meta-val Recall@20, the mean over K = ${cfg.valKs.join(', ')} (${ranked.map((m) => `${m.name} ${m.valRecall.toFixed(4)}`).join(', ')}).`,
    listFloor: floor.choice,
    ratingHead: { mu: bias.mu, lambdaUser: cfg.ratingLambdaUser, itemBias: bias.itemBias },
    valEpisodes: val.supports.length,
  };
}
