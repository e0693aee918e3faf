/**
 * Every baseline's settings, chosen on meta-val users only: the list baselines by Recall@20
 * (tuneListBaselines), the bias model and MF fold-in by RMSE. The result is plain JSON for the
 * model's manifest, so `npm run eval` and `npm run predict` rebuild exactly these baselines.
 */
import type { UserHistory } from '../data/types';
import { fitBiasBaseline, biasFoldIn, predictBias } from '../eval/baselines';
import { evaluateMethods, type EvalMethod } from '../eval/evaluate';
import { gridSearch } from '../eval/gridSearch';
import { tuneListBaselines, type ListTuningTables } from '../eval/listBaselineTuning';
import { trainRatingsOf, type BaselineSettings } from '../eval/methods';
import { buildEpisodes } from '../eval/protocol';
import { tuneRatingMf } from '../eval/ratingMfTuning';

export interface BaselineTuning {
  settings: BaselineSettings;
  /** The list baselines' meta-val tables (for the log and the report's notes). */
  listTables: ListTuningTables;
}

/** The meta-val protocol for the rating baselines (RMSE on 10 held-out ratings after K). */
const RATING_VAL = { ks: [5, 10, 20], seeds: [1, 2, 3], querySize: 10 };

export async function tuneBaselines(
  train: readonly UserHistory[],
  val: readonly UserHistory[],
  numItems: number,
  opts: { minRatings: number; seeds: number[]; log?: (line: string) => void },
): Promise<BaselineTuning> {
  const list = await tuneListBaselines(train, val, numItems, {
    minRatings: opts.minRatings,
    seeds: opts.seeds,
    easeLambdas: [250, 500, 1000, 2000, 5000],
    ...(opts.log ? { onStep: opts.log } : {}),
  });
  // Stars are scored on 10 held-out ratings after up to 20: users need 30.
  const episodes = buildEpisodes([...val], {
    ...RATING_VAL,
    minRatings: Math.max(opts.minRatings, RATING_VAL.querySize + Math.max(...RATING_VAL.ks)),
  });
  const ratings = trainRatingsOf(train, numItems);
  const all = Int32Array.from({ length: numItems }, (_, i) => i);
  const rmseOf = async (m: EvalMethod) => {
    const report = await evaluateMethods([m], episodes, { ks: RATING_VAL.ks });
    const byK = report.methods[0]?.byK ?? [];
    return byK.reduce((s, r) => s + (r.rmse?.mean ?? NaN), 0) / byK.length;
  };
  const grid: { lambdaItem: number; lambdaUser: number }[] = [];
  for (const lambdaItem of [3, 10, 25])
    for (const lambdaUser of [1, 3, 5, 10, 20]) grid.push({ lambdaItem, lambdaUser });
  const bias = await gridSearch(grid, async (g) => {
    const model = fitBiasBaseline(ratings, g);
    return -(await rmseOf({
      name: 'bias',
      label: 'bias',
      kind: 'rating',
      adapt: (support) => {
        const scores = predictBias(model, biasFoldIn(model, support), all);
        return {
          predict: (items) => Float32Array.from(items, (i) => scores[i] ?? 0),
          scoreCatalog: () => scores,
        };
      },
    }));
  });
  opts.log?.(
    `bias: lambda_item ${bias.best.lambdaItem}, lambda_user ${bias.best.lambdaUser} (meta-val RMSE ${(-bias.bestScore).toFixed(4)})`,
  );
  const mf = await tuneRatingMf([...train], [...val], numItems);
  opts.log?.(`mf-foldin: ${JSON.stringify(mf.settings)}`);
  return {
    settings: {
      biasLambdaItem: bias.best.lambdaItem,
      biasLambdaUser: bias.best.lambdaUser,
      list: list.settings,
      mf: mf.settings,
    },
    listTables: list.tables,
  };
}
