/** The cross-validated evaluation's report (npm run crossval): pure functions of the fold reports. */
import type { EvalReport } from '../../src/eval/evaluate';
import { poolReports, poolTopNReports } from '../../src/eval/pool';
import { SHIPPED_REPORT_VERSION, type ShippedReport } from '../../src/eval/shippedReport';
import type { TopNReport } from '../../src/eval/topn';
import { topNVerdict } from '../../src/eval/topnVerdict';

/** Each fold's default method, whichever it was, pooled under one name. */
export const DEFAULT_NAME = 'default';
export const DEFAULT_LABEL = 'Default method (chosen per fold on meta-val)';

/**
 * The fold's top-N report with its default method repeated as a row named DEFAULT_NAME (and its
 * paired differences likewise), so folds that chose different defaults still pool into "the
 * recipe's default"; the no-adaptation row is renamed for the same reason.
 */
export function withDefaultRow(report: TopNReport, defaultName: string): TopNReport {
  const me = report.methods.find((m) => m.name === defaultName);
  return {
    ...report,
    methods: [
      ...(me ? [{ ...me, name: DEFAULT_NAME, label: DEFAULT_LABEL }] : []),
      ...report.methods.map((m) =>
        m.name === 'meta-init' ? { ...m, label: "Default method's initialization, no adaptation" } : m,
      ),
    ],
    paired: (report.paired ?? [])
      .filter((p) => p.method === defaultName)
      .map((p) => ({ ...p, method: DEFAULT_NAME })),
  };
}

export interface CrossvalMeta {
  folds: number;
  seed: number;
  /** Each fold's default method, in fold order. */
  defaults: string[];
  data: { source: string; checksum: string };
  /** all: every user; trainval: the fixed split's meta-train and meta-val users only. */
  users: 'all' | 'trainval';
  /** Extra flags every fold's training ran with ('' for the recipe as shipped). */
  trainArgs: string;
  smoke: boolean;
  minutes: number;
}

/** The folds' reports pooled into one over all their users, in the shape of eval/report.json. */
export function poolFolds(
  reports: readonly ShippedReport[],
  meta: CrossvalMeta,
): ShippedReport & { crossval: CrossvalMeta } {
  const topn = poolTopNReports(reports.map((r) => withDefaultRow(r.topn, r.defaultMethod)));
  const timed = reports.every((r) => r.topnTime !== null);
  const topnTime = timed
    ? poolTopNReports(reports.map((r) => withDefaultRow(r.topnTime as TopNReport, r.defaultMethod)))
    : null;
  const ratings = reports.every((r) => r.ratings !== null)
    ? poolReports(reports.map((r) => r.ratings as EvalReport))
    : null;
  return {
    version: SHIPPED_REPORT_VERSION,
    crossval: meta,
    defaultMethod: DEFAULT_NAME,
    defaultLabel: DEFAULT_LABEL,
    topn,
    topnTime,
    ratings,
    verdict: topNVerdict(topn, DEFAULT_NAME),
    notes: [
      `${meta.folds}-fold cross-validation over ${meta.users === 'all' ? 'every user' : "the fixed split's meta-train and meta-val users"} (seed ${meta.seed}): each fold trained by the recipe of npm run train${meta.trainArgs ? ` with ${meta.trainArgs}` : ''} on the other users and evaluated on its own; every user tested once by a model that never saw them.${meta.smoke ? ' SMOKE configuration: not a measurement.' : ''}`,
      `Default method per fold (chosen on that fold's meta-val): ${meta.defaults.join(', ')}.`,
      `Data: ${meta.data.source}, sha256 ${meta.data.checksum}; ${meta.minutes} minutes.`,
    ],
  };
}
