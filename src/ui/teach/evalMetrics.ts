/**
 * What the evaluation panel reads from a shipped report (eval/report.json, version 2): the two
 * metrics it charts, the names it gives methods, and the paired Recall@20 sentences.
 */
import type { ShippedReport } from '../../eval/shippedReport';
import type { TopNReport } from '../../eval/topn';
import { isEvalMethod } from '../../methods/registry';
import { labelOf, PANEL_BASELINES } from './methods';
import { pairedSummary, RECALL_PAIRED } from './pairedSummary';

export const METRICS = [
  // digits: the axis ticks; the tooltip shows one more (methods differ in the third decimal).
  {
    key: 'recall',
    title: 'Recall@20 (higher is better)',
    axis: 'Recall@20',
    testId: 'eval-recall',
    digits: 2,
    term: 'recall',
  },
  {
    key: 'ndcg',
    title: 'nDCG@20 (higher is better)',
    axis: 'nDCG@20',
    testId: 'eval-ndcg',
    digits: 2,
    term: 'ndcg',
  },
] as const;

export type EvalMetric = (typeof METRICS)[number];

/**
 * The recipe's cross-validation (eval/crossval/report.json): a report of the same shape, pooled
 * over folds; `crossval` says how it was run (absent: nothing said about folds).
 */
export type Crossval = ShippedReport & { crossval?: { folds?: unknown; users?: unknown } };

/**
 * Names in a report: this app's for the methods it knows, the report's own for any other (the
 * cross-validation's "default" is whichever method each fold's meta-val chose).
 */
export function namesOf(report: ShippedReport): (m: string) => string {
  const fromReport = new Map(report.topn.methods.map((x) => [x.name, x.label]));
  return (m) =>
    isEvalMethod(m)
      ? labelOf(m)
      : m === report.defaultMethod
        ? report.defaultLabel
        : (fromReport.get(m) ?? m);
}

/** The default method's paired Recall@20 sentences against each baseline of a top-N report. */
export function recallLines(topn: TopNReport, label: (m: string) => string): string[] {
  return pairedSummary(topn.paired, label, topn.ks, undefined, {
    metric: RECALL_PAIRED,
    against: PANEL_BASELINES,
  });
}
