/**
 * The list baselines a recommender engineer tries first, as EvalMethods for the top-N evaluation:
 * popularity, item-kNN, EASE, EASE with a popularity prior, and PureSVD. All are fitted on meta-train
 * histories only (the binary "who rated what" matrix; the math is in implicitModels.ts) and score
 * every catalog item; their settings are chosen on meta-val by tuneListBaselines and stored as plain
 * JSON (ListBaselineSettings), e.g. in a model manifest.
 *
 * Shared rules: a support item never appears in the list (its score is -Infinity); an empty support,
 * or one the model knows nothing about, gives the popularity list; items a model cannot score come
 * after the ones it can (-Infinity for EASE and PureSVD, popularity order for item-kNN).
 */
import type { RatedItems, UserHistory } from '../data/types';
import type { EvalMethod, UserScorer } from './evaluate';
import { gridSearch, type GridRow } from './gridSearch';
import {
  buildInteractions,
  createItemKnn,
  easeScores,
  fitEase,
  fitPureSvd,
  itemKnnScores,
  pureSvdScores,
  type EaseModel,
  type Interactions,
  type ItemKnn,
  type PureSvdModel,
} from './implicitModels';
import { evaluateTopN, popularityRanks } from './topn';
import { buildTopNEpisodes } from './topnProtocol';

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

export interface ListTuningOptions {
  /** Support sizes the settings are scored at (default 1, 3, 5, 10, 20; K = 0 is popularity for all). */
  ks?: number[];
  /** Shuffle seeds of the meta-val episodes (default 1, 2). */
  seeds?: number[];
  /** Meta-val users with fewer ratings are left out (default 30). */
  minRatings?: number;
  easeLambdas?: number[];
  easeMinCount?: number;
  /** Neighbour counts for item-kNN (0 = all). */
  knnNeighbours?: number[];
  svdRanks?: number[];
  /** Candidate weights of EASE + popularity's prior, tried at every K. */
  easePopBetas?: number[];
  /** Called with a line after each search (for a progress log). */
  onStep?: (message: string) => void;
}

/** One candidate setting on meta-val: its mean Recall@20 over K (the score) and the recall at each K. */
export interface ListTuningRow extends GridRow<number> {
  /** Mean meta-val Recall@20 at each of ListTuningTables.ks. */
  recallByK: number[];
}

/** The meta-val figures behind each choice (plain JSON, for a manifest or a log). */
export interface ListTuningTables {
  ks: number[];
  easeLambda: ListTuningRow[];
  knnNeighbours: ListTuningRow[];
  svdRank: ListTuningRow[];
  /** Every candidate beta at every K (the score is the recall at that K; beta is chosen per K). */
  easePopBeta: ListTuningRow[];
}

export interface ListTuning {
  settings: ListBaselineSettings;
  tables: ListTuningTables;
}

export const DEFAULT_LIST_TUNING = {
  ks: [1, 3, 5, 10, 20],
  seeds: [1, 2],
  minRatings: 30,
  easeLambdas: [50, 100, 250, 500, 1000],
  knnNeighbours: [10, 25, 50, 100, 250, 0],
  svdRanks: [10, 25, 50, 100],
  easePopBetas: [0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2],
} as const;

/**
 * Chooses the list baselines' settings on meta-val users (never meta-test): each candidate is fitted
 * on meta-train, evaluated by evaluateTopN on random-order meta-val episodes, and scored by its
 * mean Recall@20 over `ks`. EASE + popularity shares EASE's chosen lambda (one factorization) and
 * gets its beta chosen at each K separately, by the recall at that K. A choice on the edge of its
 * candidate list is worth a look at the tables: the optimum may lie beyond.
 *
 * @throws Error when no meta-val user has `minRatings` ratings.
 */
export async function tuneListBaselines(
  train: readonly UserHistory[],
  val: readonly UserHistory[],
  catalogSize: number,
  opts: ListTuningOptions = {},
): Promise<ListTuning> {
  const ks = opts.ks ?? [...DEFAULT_LIST_TUNING.ks];
  const easeMinCount = opts.easeMinCount ?? DEFAULT_LIST_BASELINE_SETTINGS.easeMinCount;
  const episodes = buildTopNEpisodes([...val], {
    ks,
    seeds: opts.seeds ?? [...DEFAULT_LIST_TUNING.seeds],
    order: 'random',
    minRatings: opts.minRatings ?? DEFAULT_LIST_TUNING.minRatings,
  });
  if (episodes.length === 0) throw new Error('tuneListBaselines: no meta-val user has enough ratings');
  const x = buildInteractions(train, catalogSize);
  const popularityRank = popularityRanks(x.counts);
  const recallByK = async (method: EvalMethod): Promise<number[]> => {
    const report = await evaluateTopN([method], episodes, { ks, popularityRank });
    return ks.map((k) => report.methods[0]?.byK.find((r) => r.k === k)?.recall.mean ?? NaN);
  };
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

  /**
   * Grid search by mean recall over K: `fit` builds what a candidate needs, `method` wraps it; keeps
   * each candidate's recall per K for the table and the best candidate's fit (e.g. its EASE weights).
   */
  const search = async <T>(
    what: string,
    candidates: readonly number[],
    fit: (candidate: number) => T,
    method: (fitted: T, candidate: number) => EvalMethod,
  ): Promise<{ best: number; fitted: T; rows: ListTuningRow[] }> => {
    const perK = new Map<number, number[]>();
    const keep: { score: number; fitted?: T } = { score: -Infinity };
    const found = await gridSearch(candidates, async (c) => {
      const fitted = fit(c);
      const recalls = await recallByK(method(fitted, c));
      perK.set(c, recalls);
      const score = mean(recalls);
      // The same rule as gridSearch (strictly higher wins), so the kept fit is the best's.
      if (score > keep.score) Object.assign(keep, { score, fitted });
      return score;
    });
    const rows = found.table.map((r) => ({ ...r, recallByK: perK.get(r.candidate) ?? [] }));
    opts.onStep?.(
      `${what}: ${rows.map((r) => `${r.candidate} ${r.score.toFixed(4)}`).join(', ')} -> ${found.best}`,
    );
    return { best: found.best, fitted: keep.fitted as T, rows };
  };

  const lambda = await search(
    'EASE lambda',
    opts.easeLambdas ?? DEFAULT_LIST_TUNING.easeLambdas,
    (l) => fitEase(x, { lambda: l, minCount: easeMinCount }),
    (model) => easeMethod(x, model),
  );

  const knn = createItemKnn(x);
  const neighbours = await search(
    'item-kNN neighbours',
    opts.knnNeighbours ?? DEFAULT_LIST_TUNING.knnNeighbours,
    () => knn,
    (index, n) => itemKnnMethod(x, index, n),
  );

  const ranks = opts.svdRanks ?? DEFAULT_LIST_TUNING.svdRanks;
  const svd = fitPureSvd(x, Math.max(...ranks));
  const rank = await search(
    'PureSVD rank',
    ranks,
    () => svd,
    (model, r) => pureSvdMethod(x, model, r),
  );

  // The prior on the chosen lambda's EASE fit; every beta is scored at every K, then chosen per K.
  const betas = opts.easePopBetas ?? DEFAULT_LIST_TUNING.easePopBetas;
  const betaRows = await search(
    'EASE + popularity beta (mean over K)',
    betas,
    () => lambda.fitted,
    (model, beta) => easePopMethod(x, model, [{ k: 0, beta }]),
  );
  const easePopBeta: BetaAtK[] = [];
  for (const [j, k] of ks.entries()) {
    const found = await gridSearch(
      betas,
      (beta) => betaRows.rows.find((r) => r.candidate === beta)?.recallByK[j] ?? NaN,
    );
    easePopBeta.push({ k, beta: found.best });
  }
  opts.onStep?.(`EASE + popularity beta per K: ${easePopBeta.map((b) => `K=${b.k} ${b.beta}`).join(', ')}`);

  return {
    settings: {
      easeLambda: lambda.best,
      easeMinCount,
      easePopBeta,
      knnNeighbours: neighbours.best,
      svdRank: rank.best,
    },
    tables: {
      ks: [...ks],
      easeLambda: lambda.rows,
      knnNeighbours: neighbours.rows,
      svdRank: rank.rows,
      easePopBeta: betaRows.rows,
    },
  };
}
