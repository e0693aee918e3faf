/**
 * Every method of the evaluation as an EvalMethod, built from the shipped model and baselines
 * fitted on meta-train ratings. Shared by `npm run eval`, `npm run train` (its summary) and
 * `npm run predict`, so an outside evaluator gets exactly the evaluated predictions.
 */
import type { RatedItems, UserHistory } from '../data/types';
import type { MethodName } from '../model/format';
import { topN } from '../model/recommender';
import type { ShippedModel } from '../model/shipped';
import {
  biasFoldIn,
  fitBiasBaseline,
  fitGlobalMean,
  fitItemMean,
  fitPopularity,
  mfFoldIn,
  predictBias,
  predictMf,
  type BiasModel,
  type TrainRatings,
} from './baselines';
import type { EvalMethod, UserScorer } from './evaluate';

export interface BaselineFits {
  mu: number;
  itemMean: Float32Array;
  bias: BiasModel;
  popularity: Float32Array;
}

/** Hyperparameters of the classic baselines (chosen on meta-val by `npm run train`). */
export interface BaselineSettings {
  biasLambdaItem: number;
  biasLambdaUser: number;
  mfLambda: number;
}

export const DEFAULT_BASELINE_SETTINGS: BaselineSettings = {
  biasLambdaItem: 10,
  biasLambdaUser: 5,
  mfLambda: 10,
};

/** The baseline settings a model was trained with (its manifest's hyperparameters), else defaults. */
export function baselineSettingsOf(hyperparameters: Record<string, unknown>): BaselineSettings {
  const pick = (key: keyof BaselineSettings) =>
    Number(hyperparameters[key] ?? DEFAULT_BASELINE_SETTINGS[key]);
  return {
    biasLambdaItem: pick('biasLambdaItem'),
    biasLambdaUser: pick('biasLambdaUser'),
    mfLambda: pick('mfLambda'),
  };
}

export function trainRatingsOf(histories: UserHistory[], numItems: number): TrainRatings {
  const total = histories.reduce((n, h) => n + h.items.length, 0);
  const items = new Int32Array(total);
  const users = new Int32Array(total);
  const ratings = new Float32Array(total);
  let k = 0;
  histories.forEach((h, u) => {
    items.set(h.items, k);
    ratings.set(h.ratings, k);
    users.fill(u, k, k + h.items.length);
    k += h.items.length;
  });
  return { items, users, ratings, numItems, numUsers: histories.length };
}

export function fitBaselines(
  train: UserHistory[],
  numItems: number,
  settings: BaselineSettings,
): BaselineFits {
  const ratings = trainRatingsOf(train, numItems);
  return {
    mu: fitGlobalMean(ratings).mu,
    itemMean: fitItemMean(ratings).itemMean,
    bias: fitBiasBaseline(ratings, {
      lambdaItem: settings.biasLambdaItem,
      lambdaUser: settings.biasLambdaUser,
    }),
    popularity: fitPopularity(ratings),
  };
}

/** Names accepted by --method, in report order. */
export const EVAL_METHOD_NAMES = [
  'global-mean',
  'item-mean',
  'popularity',
  'bias',
  'mf-foldin',
  'pretrain',
  'prototype',
  'meta-init',
  'maml',
  'fomaml',
  'reptile',
  'metasgd',
] as const;
export type EvalMethodName = (typeof EVAL_METHOD_NAMES)[number];

/** The evaluation methods a model can run (a model trained with --methods lacks some). */
export function availableEvalMethods(model: ShippedModel): EvalMethodName[] {
  const has = new Set<string>(model.manifest.methods.map((m) => m.name));
  const needs: Partial<Record<EvalMethodName, string>> = {
    'mf-foldin': 'pretrain',
    'meta-init': model.manifest.defaultMethod,
  };
  return EVAL_METHOD_NAMES.filter((n) => {
    if (n in needs) return has.has(needs[n] as string);
    return ['global-mean', 'item-mean', 'popularity', 'bias'].includes(n) || has.has(n);
  });
}

const fixed = (scores: Float32Array): UserScorer => ({
  predict: (items) => Float32Array.from(items, (i) => scores[i] ?? 0),
  scoreCatalog: () => scores,
});

/**
 * Build the requested methods. Model-backed methods own a Recommender each: call the returned
 * dispose() when done.
 */
export function buildEvalMethods(
  model: ShippedModel,
  fits: BaselineFits,
  settings: BaselineSettings,
  names: readonly EvalMethodName[] = availableEvalMethods(model),
): { methods: EvalMethod[]; dispose(): void } {
  const numItems = model.movies.length;
  const owned: { dispose(): void }[] = [];
  const recommenderFor = (name: MethodName) => {
    const r = model.recommender(name);
    owned.push(r);
    return r;
  };
  const labelOf = (name: MethodName) => model.method(name).label;
  const modelMethod = (
    name: EvalMethodName,
    method: MethodName,
    label: string,
    steps?: number,
  ): EvalMethod => {
    const r = recommenderFor(method);
    return {
      name,
      label,
      kind: 'rating',
      async adapt(support: RatedItems) {
        const { phi } = await r.adapt(support, steps === undefined ? {} : { steps });
        return { predict: (items) => r.predictItems(phi, items), scoreCatalog: () => r.scoreCatalog(phi) };
      },
    };
  };
  const build = (name: EvalMethodName): EvalMethod => {
    switch (name) {
      case 'global-mean':
        return {
          name,
          label: 'Global mean',
          kind: 'rating',
          adapt: () => fixed(new Float32Array(numItems).fill(fits.mu)),
        };
      case 'item-mean':
        return { name, label: 'Item mean', kind: 'rating', adapt: () => fixed(fits.itemMean) };
      case 'popularity':
        return { name, label: 'Popularity', kind: 'ranking', adapt: () => fixed(fits.popularity) };
      case 'bias': {
        const all = Int32Array.from({ length: numItems }, (_, i) => i);
        return {
          name,
          label: 'Bias baseline (mu + b_i + b_u)',
          kind: 'rating',
          adapt: (support) => fixed(predictBias(fits.bias, biasFoldIn(fits.bias, support), all)),
        };
      }
      case 'mf-foldin': {
        const r = recommenderFor('pretrain');
        const d = r.dim;
        const vectors = new Float32Array(numItems * d);
        for (let i = 0; i < numItems; i++)
          vectors.set(r.vectors.subarray(i * (d + 1), i * (d + 1) + d), i * d);
        const all = Int32Array.from({ length: numItems }, (_, i) => i);
        return {
          name,
          label: 'MF fold-in (ridge on pretrained items)',
          kind: 'rating',
          adapt: (support) =>
            fixed(
              predictMf(
                vectors,
                d,
                r.biases,
                0,
                mfFoldIn(vectors, d, r.biases, 0, support, settings.mfLambda),
                all,
              ),
            ),
        };
      }
      case 'meta-init':
        return modelMethod(
          name,
          model.manifest.defaultMethod,
          `${labelOf(model.manifest.defaultMethod)}: initialization, no adaptation`,
          0,
        );
      default:
        return modelMethod(name, name, labelOf(name));
    }
  };
  const methods = names.map(build);
  return {
    methods,
    dispose: () => owned.forEach((o) => o.dispose()),
  };
}

/** Top-n catalog indices for a scorer, excluding the support items. */
export async function recommend(
  scorer: UserScorer,
  n: number,
  exclude: ArrayLike<number>,
): Promise<{ items: number[]; scores: Float32Array }> {
  const scores = await scorer.scoreCatalog();
  return { items: topN(scores, n, Array.from(exclude)), scores };
}
