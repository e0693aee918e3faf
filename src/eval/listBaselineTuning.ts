/**
 * Chooses the list baselines' settings (listBaselines.ts) on meta-val users: a grid search per
 * setting, scored by mean Recall@20 over the support sizes, with the tables behind each choice kept
 * as plain JSON for the manifest and the training log.
 */
import type { UserHistory } from '../data/types';
import { fitEase } from './ease';
import type { EvalMethod } from './evaluate';
import { gridSearch, type GridRow } from './gridSearch';
import { buildInteractions } from './interactions';
import { createItemKnn } from './itemKnn';
import {
  DEFAULT_LIST_BASELINE_SETTINGS,
  easeMethod,
  easePopMethod,
  itemKnnMethod,
  pureSvdMethod,
  type BetaAtK,
  type ListBaselineSettings,
} from './listBaselines';
import { fitPureSvd } from './pureSvd';
import { evaluateTopN, popularityRanks } from './topn';
import { buildTopNEpisodes } from './topnProtocol';

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
