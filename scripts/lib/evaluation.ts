/** Running the cold-start evaluation on a set of users and writing eval/report.{json,md,svg}. */
import type { UserHistory } from '../../src/data/types';
import { evaluateMethods, type EvalReport } from '../../src/eval/evaluate';
import {
  buildEvalMethods,
  fitBaselines,
  type BaselineSettings,
  type EvalMethodName,
} from '../../src/eval/methods';
import { buildEpisodes } from '../../src/eval/protocol';
import { formatDifference, renderReportMarkdown, renderReportSvg } from '../../src/eval/report';
import { excludesZero, type CI } from '../../src/eval/metrics';
import type { ShippedModel } from '../../src/model/shipped';
import { writeFilesAtomic } from './atomicWrite';
import { createProgress } from './progress';

export interface EvalProtocol {
  ks: number[];
  seeds: number[];
  querySize: number;
  minRatings: number;
}

export const DEFAULT_PROTOCOL: EvalProtocol = {
  ks: [0, 1, 3, 5, 10, 20],
  seeds: [1, 2, 3],
  querySize: 10,
  minRatings: 30,
};

export async function runEvaluation(
  model: ShippedModel,
  train: UserHistory[],
  users: UserHistory[],
  settings: BaselineSettings,
  protocol: EvalProtocol,
  opts: {
    label: string;
    names?: readonly EvalMethodName[];
    quiet?: boolean;
    /** Pairs whose per-user differences the report carries (see baselinePairs). */
    pairs?: { method: string; against: string }[];
  } = { label: 'eval' },
): Promise<EvalReport> {
  const fits = fitBaselines(train, model.movies.length, settings);
  const { methods, dispose } = buildEvalMethods(model, fits, settings, opts.names);
  const episodes = buildEpisodes(users, protocol);
  if (episodes.length === 0)
    throw new Error(`No user has the ${protocol.minRatings} ratings the evaluation needs.`);
  const bar = opts.quiet
    ? null
    : createProgress(opts.label, methods.length * episodes.length * protocol.ks.length);
  try {
    const report = await evaluateMethods(methods, episodes, {
      ks: protocol.ks,
      ...(opts.pairs ? { pairs: opts.pairs } : {}),
      onProgress: (done) => bar?.update(done),
    });
    bar?.done(`${report.numUsers} users, ${report.numEpisodes} episodes`);
    return report;
  } finally {
    dispose();
  }
}

/**
 * Writes report.{json,svg,md} into `dir`: everything is rendered first, then written through
 * temporary files and renames, so a failure leaves the previous report whole, never a mix.
 */
export function writeReport(dir: string, report: EvalReport, meta: { title: string; notes: string[] }): void {
  writeFilesAtomic(dir, {
    'report.json': `${JSON.stringify(report, null, 1)}\n`,
    'report.svg': renderReportSvg(report),
    'report.md': renderReportMarkdown(report, {
      title: meta.title,
      notes: meta.notes,
      svgFile: 'report.svg',
    }),
  });
}

/** Mean RMSE over the given K of one method in a report (NaN when absent). */
/** The comparisons the bar is about: the default method against the bias baseline and MF fold-in. */
export function baselinePairs(defaultName: string): { method: string; against: string }[] {
  return ['bias', 'mf-foldin'].map((against) => ({ method: defaultName, against }));
}

export function meanRmse(report: EvalReport, name: string, ks: number[]): number {
  const m = report.methods.find((x) => x.name === name);
  if (!m) return NaN;
  const values = m.byK.filter((r) => ks.includes(r.k)).map((r) => r.rmse?.mean ?? NaN);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Plain sentences comparing the default method with the bias baseline and MF fold-in at each K:
 * lower RMSE and higher nDCG@10 than both, or which comparison it loses, by the means. When the
 * report carries the paired differences (baselinePairs), each comparison says whether its 95%
 * interval excludes 0 ("clear") or not ("within noise").
 */
export function verdict(report: EvalReport, defaultName: string, ks = [5, 10, 20]): string[] {
  const find = (name: string) => report.methods.find((m) => m.name === name);
  const method = find(defaultName);
  if (!method) return [];
  const label = method.label;
  const lines: string[] = [];
  for (const k of ks) {
    const at = (name: string) => find(name)?.byK.find((r) => r.k === k);
    const me = at(defaultName);
    if (!me) continue;
    // Compared at the printed precision: a difference in the fifth decimal is no win.
    const r4 = (x: number | undefined) => Math.round((x ?? NaN) * 1e4) / 1e4;
    const lost: string[] = [];
    const won: string[] = [];
    for (const other of ['bias', 'mf-foldin']) {
      const o = at(other);
      if (!o) continue;
      const name = find(other)?.label ?? other;
      const [myRmse, theirRmse] = [r4(me.rmse?.mean), r4(o.rmse?.mean)];
      const [myNdcg, theirNdcg] = [r4(me.ndcg10.mean), r4(o.ndcg10.mean)];
      const pair = report.paired?.find((p) => p.k === k && p.method === defaultName && p.against === other);
      const noise = (ci: CI | null | undefined) =>
        ci && Number.isFinite(ci.mean)
          ? ` (paired difference ${formatDifference(ci, { markNoise: false })}: ${excludesZero(ci) ? 'clear' : 'within noise'})`
          : '';
      (myRmse < theirRmse ? won : lost).push(
        `RMSE ${myRmse.toFixed(4)} vs ${theirRmse.toFixed(4)} for ${name}${noise(pair?.rmse)}`,
      );
      (myNdcg > theirNdcg ? won : lost).push(
        `nDCG@10 ${myNdcg.toFixed(4)} vs ${theirNdcg.toFixed(4)} for ${name}${noise(pair?.ndcg10)}`,
      );
    }
    lines.push(
      lost.length === 0
        ? `K = ${k}: ${label} has lower RMSE and higher nDCG@10 than both the bias baseline and MF fold-in (${won.join('; ')}).`
        : `K = ${k}: ${label} does NOT beat both baselines. Not better: ${lost.join('; ')}. Better: ${won.join('; ') || 'none'}.`,
    );
  }
  return lines;
}
