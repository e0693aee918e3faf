/**
 * Chooses the rating MF's settings (ratingMf.ts: dim, lambda, the fold-in's lambda) on meta-val
 * users by a grid search on RMSE, keeping the chosen fit and the table behind the choice.
 */
import type { UserHistory } from '../data/types';
import { evaluateMethods } from './evaluate';
import { gridSearch, type GridRow } from './gridSearch';
import { buildEpisodes } from './protocol';
import { fitRatingMf, mfFoldInMethod, type RatingMf } from './ratingMf';

/** What tuneRatingMf chooses: the fit's dim and lambda, and the fold-in's lambda. */
export interface RatingMfSettings {
  dim: number;
  lambda: number;
  foldInLambda: number;
  iterations: number;
  seed: number;
}

/** Candidate values; every combination is tried. */
export interface RatingMfGrid {
  dims: number[];
  lambdas: number[];
  foldInLambdas: number[];
  /** Fixed for every candidate. */
  iterations: number;
  seed: number;
}

export const DEFAULT_RATING_MF_GRID: RatingMfGrid = {
  dims: [16, 32],
  lambdas: [5, 10, 20],
  foldInLambdas: [1, 3, 10],
  iterations: 10,
  seed: 1,
};

/** The meta-val episodes the settings are scored on. */
export interface RatingMfTuningProtocol {
  ks: number[];
  seeds: number[];
  querySize: number;
  minRatings: number;
}

export const DEFAULT_RATING_MF_PROTOCOL: RatingMfTuningProtocol = {
  ks: [5, 10, 20],
  seeds: [1, 2],
  querySize: 10,
  minRatings: 30,
};

/** One candidate on meta-val: score is minus its mean RMSE over the protocol's K. */
export interface RatingMfTuningRow extends GridRow<{ dim: number; lambda: number; foldInLambda: number }> {
  /** Mean meta-val RMSE at each of the protocol's K, in order. */
  rmseByK: number[];
}

export interface RatingMfTuning {
  settings: RatingMfSettings;
  /** The chosen fit (no refit needed). */
  model: RatingMf;
  ks: number[];
  table: RatingMfTuningRow[];
}

/**
 * Chooses dim, lambda and the fold-in lambda on meta-val users (never meta-test) through
 * gridSearch: each (dim, lambda) is fitted once on meta-train, then each fold-in lambda is scored
 * by evaluateMethods on the protocol's episodes; the score is minus the mean RMSE over K (so the
 * lowest error wins). Candidates go by dim, then lambda, then fold-in lambda, each ascending as
 * listed: a tie keeps the earlier (the smaller dim). A choice on the edge of the grid is worth a look
 * at the table.
 *
 * @throws Error when no meta-val user has `protocol.minRatings` ratings.
 */
export async function tuneRatingMf(
  train: readonly UserHistory[],
  val: readonly UserHistory[],
  numItems: number,
  grid: RatingMfGrid = DEFAULT_RATING_MF_GRID,
  protocol: RatingMfTuningProtocol = DEFAULT_RATING_MF_PROTOCOL,
  onStep?: (message: string) => void,
): Promise<RatingMfTuning> {
  const { ks } = protocol;
  const episodes = buildEpisodes([...val], protocol);
  if (episodes.length === 0) throw new Error('tuneRatingMf: no meta-val user has enough ratings');
  const candidates = grid.dims.flatMap((dim) =>
    grid.lambdas.flatMap((lambda) =>
      grid.foldInLambdas.map((foldInLambda) => ({ dim, lambda, foldInLambda })),
    ),
  );
  const fitOpts = { iterations: grid.iterations, seed: grid.seed };
  let current: RatingMf | null = null;
  let best: { score: number; model: RatingMf | null } = { score: -Infinity, model: null };
  const rmseByK = new Map<(typeof candidates)[number], number[]>();
  const found = await gridSearch(candidates, async (c) => {
    if (current === null || current.dim !== c.dim || current.lambda !== c.lambda)
      current = fitRatingMf(train, numItems, { dim: c.dim, lambda: c.lambda, ...fitOpts });
    const report = await evaluateMethods([mfFoldInMethod(current, c.foldInLambda)], episodes, { ks });
    const rmse = ks.map((k) => report.methods[0]?.byK.find((r) => r.k === k)?.rmse?.mean ?? NaN);
    rmseByK.set(c, rmse);
    const score = -rmse.reduce((s, v) => s + v, 0) / rmse.length;
    // The same rule as gridSearch (strictly higher wins), so the kept fit is the best's.
    if (score > best.score) best = { score, model: current };
    onStep?.(
      `dim ${c.dim} lambda ${c.lambda} fold-in ${c.foldInLambda}: RMSE ${rmse.map((v) => v.toFixed(4)).join(' / ')}`,
    );
    return score;
  });
  if (best.model === null) throw new Error('tuneRatingMf: every candidate scored NaN');
  return {
    settings: { ...found.best, ...fitOpts },
    model: best.model,
    ks: [...ks],
    table: found.table.map((r) => ({ ...r, rmseByK: rmseByK.get(r.candidate) ?? [] })),
  };
}
