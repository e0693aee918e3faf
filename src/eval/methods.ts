/**
 * Every method of the evaluation as an EvalMethod: the shipped model's methods (their list scores)
 * and the baselines, fitted on meta-train ratings with settings chosen on meta-val. Shared by
 * `npm run eval`, `npm run train` (its report), `npm run crossval` and `npm run predict`, so an
 * outside evaluator gets exactly the evaluated lists. The model's methods list only movies above the
 * model's rating-count floor (manifest.listFloor), as the app does; the baselines list everything.
 * Names, labels and needs: src/methods/registry.ts.
 */
import type { RatedItems, UserHistory } from '../data/types';
import {
  BASELINES,
  EVAL_METHODS,
  METHOD_INFO,
  MODEL_METHODS,
  isModelMethod,
  type EvalMethodName,
} from '../methods/registry';
import { hideUnlistable, listableMask, listFloorOf } from '../model/listFloor';
import { topN } from '../model/recommender';
import type { ShippedModel } from '../model/shipped';
import {
  biasFoldIn,
  fitBiasBaseline,
  fitGlobalMean,
  fitItemMean,
  predictBias,
  type BiasModel,
  type TrainRatings,
} from './baselines';
import type { EvalMethod, UserScorer } from './evaluate';
import {
  buildListBaselines,
  DEFAULT_LIST_BASELINE_SETTINGS,
  LIST_BASELINE_NAMES,
  type ListBaselineName,
  type ListBaselineSettings,
} from './listBaselines';
import { fitRatingMf, mfFoldInMethod } from './ratingMf';
import type { RatingMfSettings } from './ratingMfTuning';

/** What tuneRatingMf chose on ml-latest-small's meta-val users (for a manifest without settings). */
const DEFAULT_RATING_MF_SETTINGS: RatingMfSettings = {
  dim: 32,
  lambda: 10,
  foldInLambda: 3,
  iterations: 10,
  seed: 1,
};

export { EVAL_METHODS as EVAL_METHOD_NAMES, type EvalMethodName };

/** Settings of every baseline (chosen on meta-val by `npm run train`, stored in the manifest). */
export interface BaselineSettings {
  biasLambdaItem: number;
  biasLambdaUser: number;
  list: ListBaselineSettings;
  mf: RatingMfSettings;
}

export const DEFAULT_BASELINE_SETTINGS: BaselineSettings = {
  biasLambdaItem: 10,
  biasLambdaUser: 5,
  list: DEFAULT_LIST_BASELINE_SETTINGS,
  mf: DEFAULT_RATING_MF_SETTINGS,
};

/** The baseline settings a model was trained with (its manifest's `baselines`), else defaults. */
export function baselineSettingsOf(stored: unknown): BaselineSettings {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<BaselineSettings>;
  return {
    biasLambdaItem: Number(s.biasLambdaItem ?? DEFAULT_BASELINE_SETTINGS.biasLambdaItem),
    biasLambdaUser: Number(s.biasLambdaUser ?? DEFAULT_BASELINE_SETTINGS.biasLambdaUser),
    list: { ...DEFAULT_LIST_BASELINE_SETTINGS, ...s.list },
    mf: { ...DEFAULT_RATING_MF_SETTINGS, ...s.mf },
  };
}

export function trainRatingsOf(histories: readonly UserHistory[], numItems: number): TrainRatings {
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

/** The evaluation methods a model can run (a model trained with --methods lacks some). */
export function availableEvalMethods(model: ShippedModel): EvalMethodName[] {
  const has = new Set<string>(model.manifest.methods.map((m) => m.name));
  return EVAL_METHODS.filter((n) => !isModelMethod(n) || has.has(n));
}

/** The methods that predict stars (RMSE applies, `predict --query` works). */
export const STAR_METHODS = EVAL_METHODS.filter((n) => METHOD_INFO[n].stars);

const fixed = (scores: Float32Array): UserScorer => ({
  predict: (items) => Float32Array.from(items, (i) => scores[i] ?? 0),
  scoreCatalog: () => scores,
});

/**
 * Build the requested methods: model methods own a Recommender each (call dispose() when done),
 * baselines are fitted on `train` (meta-train histories) with `settings`.
 */
export function buildEvalMethods(
  model: ShippedModel,
  train: readonly UserHistory[],
  settings: BaselineSettings,
  names: readonly EvalMethodName[] = availableEvalMethods(model),
): { methods: EvalMethod[]; dispose(): void } {
  const numItems = model.movies.length;
  const owned: { dispose(): void }[] = [];
  const ratings = trainRatingsOf(train, numItems);
  let bias: BiasModel | null = null;
  const biasModel = () =>
    (bias ??= fitBiasBaseline(ratings, {
      lambdaItem: settings.biasLambdaItem,
      lambdaUser: settings.biasLambdaUser,
    }));
  const wantedList = names.filter((n): n is ListBaselineName =>
    (LIST_BASELINE_NAMES as readonly string[]).includes(n),
  );
  const listMethods = new Map(
    buildListBaselines(train, numItems, settings.list, wantedList).map((m) => [m.name, m]),
  );
  const all = Int32Array.from({ length: numItems }, (_, i) => i);
  const floor = listFloorOf(model.manifest);
  const listable =
    floor > 0
      ? listableMask(
          model.catalog.movies.map((m) => m[4]),
          floor,
        )
      : null;

  const modelMethod = (
    name: EvalMethodName,
    method: (typeof MODEL_METHODS)[number],
    empty: boolean,
  ): EvalMethod => {
    const r = model.recommender(method);
    owned.push(r);
    return {
      name,
      label:
        name === 'meta-init'
          ? `${model.method(method).label}: initialization, no adaptation`
          : model.method(method).label,
      kind: 'ranking',
      async adapt(support: RatedItems) {
        const used = empty ? { items: new Int32Array(0), ratings: new Float32Array(0) } : support;
        const { phi } = await r.adapt(used);
        const scores = await r.scoreCatalog(phi);
        for (const item of support.items) scores[item] = -Infinity;
        // The list: only movies above the model's rating-count floor (what the app lists).
        const listed = listable ? hideUnlistable(scores.slice(), listable) : scores;
        // predict: the rating head's stars (the list's own scores when the model has no head).
        return {
          predict: (items) =>
            model.ratingHead ? r.predictItems(phi, items) : Float32Array.from(items, (i) => scores[i] ?? 0),
          scoreCatalog: () => listed,
        };
      },
    };
  };
  const build = (name: EvalMethodName): EvalMethod => {
    if (isModelMethod(name)) return modelMethod(name, name, false);
    const label = METHOD_INFO[name].label;
    switch (name) {
      case 'meta-init':
        return modelMethod(name, model.manifest.defaultMethod, true);
      case 'global-mean': {
        const mu = fitGlobalMean(ratings).mu;
        return { name, label, kind: 'rating', adapt: () => fixed(new Float32Array(numItems).fill(mu)) };
      }
      case 'item-mean': {
        const itemMean = fitItemMean(ratings).itemMean;
        return { name, label, kind: 'rating', adapt: () => fixed(itemMean) };
      }
      case 'bias':
        return {
          name,
          label,
          kind: 'rating',
          adapt: (support) => fixed(predictBias(biasModel(), biasFoldIn(biasModel(), support), all)),
        };
      case 'mf-foldin':
        return {
          ...mfFoldInMethod(fitRatingMf(train, numItems, settings.mf), settings.mf.foldInLambda),
          label,
        };
      default: {
        const m = listMethods.get(name);
        if (!m) throw new Error(`buildEvalMethods: no baseline "${name}"`);
        return { ...m, label };
      }
    }
  };
  const methods = names.map(build);
  return { methods, dispose: () => owned.forEach((o) => o.dispose()) };
}

/** Every baseline name, for reports that list them after the model's methods. */
export const BASELINE_NAMES = BASELINES;

/** Top-n catalog indices for a scorer, excluding the support items. */
export async function recommend(
  scorer: UserScorer,
  n: number,
  exclude: ArrayLike<number>,
): Promise<{ items: number[]; scores: Float32Array }> {
  const scores = await scorer.scoreCatalog();
  return { items: topN(scores, n, Array.from(exclude)), scores };
}
