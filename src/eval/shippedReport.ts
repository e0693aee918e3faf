/**
 * eval/report.json: what `npm run eval` (and the end of `npm run train`) writes and the app's
 * "How good is this really?" panel reads. The catalog-wide top-N evaluation is primary (random
 * support order, and the user's first K ratings by time); predicted stars (RMSE/MAE of the methods
 * with a rating head) are secondary. Plain JSON.
 */
import type { EvalReport } from './evaluate';
import type { ItemColdStartReport } from './itemColdStart';
import type { TopNReport } from './topn';

export const SHIPPED_REPORT_VERSION = 2;

export interface ShippedReport {
  version: typeof SHIPPED_REPORT_VERSION;
  /** The model's default method (chosen on meta-val) and its label. */
  defaultMethod: string;
  defaultLabel: string;
  /** Catalog-wide Recall@20 / nDCG@20, random support order, paired by user against the default. */
  topn: TopNReport;
  /** The same with the user's first K ratings by timestamp as the support (null without timestamps). */
  topnTime: TopNReport | null;
  /** Predicted stars: RMSE / MAE of the methods that predict ratings (null when none ran). */
  ratings: EvalReport | null;
  /** Sentences that say, per K, which method wins and whether the difference is clear. */
  verdict: string[];
  notes: string[];
  /** The item cold-start table (issue 17): held-out new movies; absent in older reports. */
  items?: ItemColdStartSection | null;
}

/** New movies placed from their first K ratings, judged on their later raters (src/eval/itemColdStart.ts). */
export interface ItemColdStartSection {
  /** Which held-out movies the table is about: 'test' (reported) or 'val' (settings were chosen there). */
  part: 'test' | 'val';
  report: ItemColdStartReport;
  /** Per K: does the meta-learned warm-up beat content + fold-in in likers' AUC (paired by movie). */
  verdict: string[];
  notes: string[];
  /** Every placer's settings, chosen on the validation movies. */
  chosen: Record<string, Record<string, number | string | boolean>>;
}

/** Whether parsed JSON is a version-2 report (the app ignores anything else). */
export function isShippedReport(x: unknown): x is ShippedReport {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Partial<ShippedReport>;
  return (
    r.version === SHIPPED_REPORT_VERSION &&
    typeof r.defaultMethod === 'string' &&
    typeof r.topn === 'object' &&
    r.topn !== null &&
    Array.isArray(r.topn.methods)
  );
}
