/**
 * The list baselines a recommender engineer tries first, as EvalMethods for the top-N evaluation:
 * popularity, item-kNN, EASE, EASE with a popularity prior, and PureSVD. All are fitted on meta-train
 * histories only (the binary "who rated what" matrix; the math is in interactions.ts, itemKnn.ts,
 * ease.ts and pureSvd.ts) and score every catalog item; their settings are chosen on meta-val by
 * tuneListBaselines (listBaselineTuning.ts) and stored as plain JSON (ListBaselineSettings), e.g. in
 * a model manifest.
 *
 * Shared rules: a support item never appears in the list (its score is -Infinity); an empty support,
 * or one the model knows nothing about, gives the popularity list; items a model cannot score come
 * after the ones it can (-Infinity for EASE and PureSVD, popularity order for item-kNN).
 */
import type { RatedItems, UserHistory } from '../data/types';
import { easeScores, fitEase, type EaseModel } from './ease';
import type { EvalMethod, UserScorer } from './evaluate';
import { buildInteractions, type Interactions } from './interactions';
import { createItemKnn, itemKnnScores, type ItemKnn } from './itemKnn';
import { fitPureSvd, pureSvdScores, type PureSvdModel } from './pureSvd';

/** The list baselines, in report order. */
export const LIST_BASELINE_NAMES = ['popularity', 'itemknn', 'ease', 'ease-pop', 'puresvd'] as const;
export type ListBaselineName = (typeof LIST_BASELINE_NAMES)[number];

/** The weight of EASE + popularity's prior for supports of size k and up (see easePopBetaFor). */
export interface BetaAtK {
  k: number;
  beta: number;
}

/** Hyperparameters of the list baselines (plain JSON; chosen on meta-val by tuneListBaselines). */
export interface ListBaselineSettings {
  /** EASE's L2 weight lambda. */
  easeLambda: number;
  /** EASE models only items with at least this many meta-train ratings. */
  easeMinCount: number;
  /** EASE + beta * log(1 + count): beta per support size K, ascending by k. */
  easePopBeta: BetaAtK[];
  /** Item-kNN: similarities kept per support item (its most similar items); 0 keeps all. */
  knnNeighbours: number;
  /** PureSVD: number of singular vectors. */
  svdRank: number;
}

/**
 * What tuneListBaselines chose on ml-latest-small's meta-val users (split seed 42, default grids);
 * for a model whose manifest carries no settings. EASE's lambda sits on the grid's upper edge: mean
 * recall over K keeps rising with lambda because larger lambda leans toward popularity, which wins at
 * small K.
 */
export const DEFAULT_LIST_BASELINE_SETTINGS: ListBaselineSettings = {
  easeLambda: 1000,
  easeMinCount: 3,
  easePopBeta: [
    { k: 1, beta: 0.01 },
    { k: 3, beta: 0.01 },
    { k: 5, beta: 0.02 },
    { k: 10, beta: 0.02 },
    { k: 20, beta: 0 },
  ],
  knnNeighbours: 0,
  svdRank: 10,
};

/**
 * The prior weight for a support of `k` ratings: the entry with the largest k' <= k, or the
 * smallest-k entry when k is below them all (tuning covers a few K; the app sees any K). 0 when the
 * table is empty.
 */
export function easePopBetaFor(table: readonly BetaAtK[], k: number): number {
  const rows = [...table].sort((p, q) => p.k - q.k);
  let beta = rows[0]?.beta ?? 0;
  for (const row of rows) if (row.k <= k) beta = row.beta;
  return beta;
}

/** A user's catalog scores with the support masked out; `predict` reads the same scores. */
function scorer(scores: Float32Array, support: RatedItems): UserScorer {
  for (const item of support.items) scores[item] = -Infinity;
  return {
    predict: (items) => Float32Array.from(items, (i) => scores[i] ?? -Infinity),
    scoreCatalog: () => scores,
  };
}

/** Meta-train rating counts as scores (a fresh copy per user, since the support is masked in place). */
function popularityScores(x: Interactions): Float32Array {
  return Float32Array.from(x.counts);
}

export function popularityMethod(x: Interactions): EvalMethod {
  return {
    name: 'popularity',
    label: 'Popularity (meta-train ratings)',
    kind: 'ranking',
    adapt: (support) => scorer(popularityScores(x), support),
  };
}

export function itemKnnMethod(x: Interactions, knn: ItemKnn, neighbours: number): EvalMethod {
  return {
    name: 'itemknn',
    label: `Item-kNN (cosine, ${neighbours > 0 ? `${neighbours} neighbours` : 'all neighbours'})`,
    kind: 'ranking',
    adapt: (support) => scorer(itemKnnScores(knn, x.counts, support.items, neighbours), support),
  };
}

export function easeMethod(x: Interactions, model: EaseModel): EvalMethod {
  return {
    name: 'ease',
    label: `EASE (lambda ${model.lambda})`,
    kind: 'ranking',
    adapt: (support) => scorer(easeScores(model, support.items) ?? popularityScores(x), support),
  };
}

/**
 * EASE plus a popularity prior on the items EASE models: score + beta * log(1 + count), with beta
 * looked up by support size. Small supports give EASE little to go on; the prior leans on what
 * most people watch, by an amount chosen per K on meta-val.
 */
export function easePopMethod(x: Interactions, model: EaseModel, betas: readonly BetaAtK[]): EvalMethod {
  return {
    name: 'ease-pop',
    label: 'EASE + popularity prior',
    kind: 'ranking',
    adapt: (support) => {
      const scores = easeScores(model, support.items);
      if (scores === null) return scorer(popularityScores(x), support);
      const beta = easePopBetaFor(betas, support.items.length);
      if (beta !== 0)
        for (const item of model.items)
          scores[item] = (scores[item] as number) + beta * Math.log1p(x.counts[item] as number);
      return scorer(scores, support);
    },
  };
}

export function pureSvdMethod(x: Interactions, model: PureSvdModel, rank: number): EvalMethod {
  return {
    name: 'puresvd',
    label: `PureSVD (${Math.min(rank, model.rank)} factors)`,
    kind: 'ranking',
    adapt: (support) => scorer(pureSvdScores(model, support.items, rank) ?? popularityScores(x), support),
  };
}

/**
 * Fits the list baselines on meta-train histories and returns them as EvalMethods, in
 * LIST_BASELINE_NAMES order (or the order of `names`). EASE is factorized once and shared by
 * 'ease' and 'ease-pop'.
 */
export function buildListBaselines(
  train: readonly UserHistory[],
  numItems: number,
  settings: ListBaselineSettings,
  names: readonly ListBaselineName[] = LIST_BASELINE_NAMES,
): EvalMethod[] {
  const x = buildInteractions(train, numItems);
  let ease: EaseModel | null = null;
  const easeModel = (): EaseModel =>
    (ease ??= fitEase(x, { lambda: settings.easeLambda, minCount: settings.easeMinCount }));
  return names.map((name): EvalMethod => {
    switch (name) {
      case 'popularity':
        return popularityMethod(x);
      case 'itemknn':
        return itemKnnMethod(x, createItemKnn(x), settings.knnNeighbours);
      case 'ease':
        return easeMethod(x, easeModel());
      case 'ease-pop':
        return easePopMethod(x, easeModel(), settings.easePopBeta);
      case 'puresvd':
        return pureSvdMethod(x, fitPureSvd(x, settings.svdRank), settings.svdRank);
    }
  });
}
