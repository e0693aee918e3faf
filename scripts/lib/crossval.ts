/** The cross-validated evaluation's report (npm run crossval): pure functions of the fold reports. */
import { distinctPairs, type EvalReport, type PairedDifference } from '../../src/eval/evaluate';
import { excludesZero, type CI } from '../../src/eval/metrics';
import { formatDifference, renderReportMarkdown } from '../../src/eval/report';

/** The pairs of each fold's default method, whichever it was, pooled under one name. */
export const DEFAULT_NAME = 'default';
export const DEFAULT_LABEL = 'Default method (chosen per fold on meta-val)';
const KS = [5, 10, 20];

/**
 * The fold's report with its default method's paired differences repeated under DEFAULT_NAME, so
 * folds that chose different defaults still pool into "the recipe's default"; the no-adaptation
 * row is renamed for the same reason.
 */
export function withDefaultPairs(report: EvalReport, defaultName: string): EvalReport {
  const extra: PairedDifference[] = (report.paired ?? [])
    .filter((p) => p.method === defaultName)
    .map((p) => ({ ...p, method: DEFAULT_NAME }));
  return {
    ...report,
    methods: report.methods.map((m) =>
      m.name === 'meta-init' ? { ...m, label: "Default method's initialization, no adaptation" } : m,
    ),
    paired: [...(report.paired ?? []), ...extra],
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

function labeler(report: EvalReport): (name: string) => string {
  const labels = new Map(report.methods.map((m) => [m.name, m.label]));
  labels.set(DEFAULT_NAME, DEFAULT_LABEL);
  return (name) => labels.get(name) ?? name;
}

/** One row per (method, baseline) pair, one column per K, for one metric. */
function pairGrid(report: EvalReport, metric: 'rmse' | 'ndcg10'): string[] {
  const label = labeler(report);
  const pairs = distinctPairs(report.paired ?? []);
  const lines = [
    `| Pair | ${KS.map((k) => `K=${k}`).join(' | ')} |`,
    `| --- | ${KS.map(() => '---:').join(' | ')} |`,
  ];
  for (const { method, against } of pairs) {
    const cells = KS.map((k) =>
      formatDifference(
        report.paired?.find((p) => p.method === method && p.against === against && p.k === k)?.[metric],
      ),
    );
    lines.push(`| ${label(method)} - ${label(against)} | ${cells.join(' | ')} |`);
  }
  return lines;
}

/**
 * Plain sentences on the default method against each baseline, pooled: at each K, is it better,
 * worse or within noise, by its paired interval.
 */
export function crossvalVerdict(pooled: EvalReport): string[] {
  const label = labeler(pooled);
  return ['bias', 'mf-foldin'].map((against) => {
    const parts = KS.map((k) => {
      const p = pooled.paired?.find((x) => x.method === DEFAULT_NAME && x.against === against && x.k === k);
      const say = (ci: CI | null | undefined, lowerIsBetter: boolean) => {
        if (!ci || !Number.isFinite(ci.mean)) return 'n/a';
        if (!excludesZero(ci)) return 'within noise';
        return ci.mean < 0 === lowerIsBetter ? 'better' : 'worse';
      };
      return `K = ${k}: RMSE ${say(p?.rmse, true)}, nDCG@10 ${say(p?.ndcg10, false)}`;
    });
    return `Against ${label(against)}, the default method is: ${parts.join('; ')}.`;
  });
}

/** report.md of a cross-validation: the pooled paired differences first, then the pooled tables. */
export function crossvalMarkdown(
  pooled: EvalReport,
  folds: readonly EvalReport[],
  meta: CrossvalMeta,
): string {
  const perFold = [
    `| Fold | Users | Default | ${KS.map((k) => `RMSE K=${k}`).join(' | ')} |`,
    `| ---: | ---: | --- | ${KS.map(() => '---:').join(' | ')} |`,
    ...folds.map((r, f) => {
      const cells = KS.map((k) =>
        formatDifference(
          r.paired?.find((p) => p.method === DEFAULT_NAME && p.against === 'mf-foldin' && p.k === k)?.rmse,
        ),
      );
      return `| ${f} | ${r.numUsers} | ${meta.defaults[f] ?? '?'} | ${cells.join(' | ')} |`;
    }),
  ];
  const sections = [
    '## Paired differences over all users (method minus baseline, same users and supports)',
    '',
    'Each cell: the mean over users of their difference, and its 95% interval; "(noise)" marks an interval that contains 0. A negative RMSE difference and a positive nDCG@10 difference favour the method.',
    '',
    '### RMSE',
    '',
    ...pairGrid(pooled, 'rmse'),
    '',
    '### nDCG@10',
    '',
    ...pairGrid(pooled, 'ndcg10'),
    '',
    '## Per fold: default method minus MF fold-in, RMSE',
    '',
    ...perFold,
    '',
  ].join('\n');
  const notes = [
    `What this measures: the training recipe of \`npm run train${meta.trainArgs ? ` -- ${meta.trainArgs}` : ''}\` (its fixed hyperparameters; the baselines' settings and the default method chosen on each fold's own meta-val), not the shipped model. Each of ${meta.folds} folds (seed ${meta.seed}) holds out 1/${meta.folds} of the users as meta-test; every user is tested exactly once, so the intervals are over ${pooled.numUsers} users instead of the fixed split's ~100.`,
    meta.users === 'trainval'
      ? "Users: only the fixed split's meta-train and meta-val users (its meta-test users are left out of every fold, training and testing): a cross-validation for choosing settings without touching meta-test."
      : "Users: all of them, the fixed split's meta-test users included: an evaluation of the recipe, not a place to choose settings.",
    `Data: ${meta.data.source}, sha256 ${meta.data.checksum}.${meta.smoke ? ' SMOKE configuration: not a measurement.' : ''} Default method per fold: ${meta.defaults.join(', ')}. Run time ${meta.minutes} min.`,
    ...crossvalVerdict(pooled),
    ...(meta.users === 'all'
      ? [
          "Caveat: the recipe's hyperparameters were chosen on the meta-val users of the fixed split (seed 42), who are among these folds' test users; that favours the meta-learners slightly, never the baselines.",
        ]
      : []),
  ];
  const { paired: _, ...unpaired } = pooled;
  const body = renderReportMarkdown(unpaired, {
    title: `Cross-validated cold-start evaluation: ${meta.folds} folds, ${pooled.numUsers} users`,
    notes,
    svgFile: 'report.svg',
  });
  const at = body.indexOf('\n## ');
  return at < 0 ? `${body}\n${sections}` : `${body.slice(0, at + 1)}${sections}\n${body.slice(at + 1)}`;
}
