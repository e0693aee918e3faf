/** Running the cold-start evaluation on a set of users and writing eval/report.{json,md,svg}. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserHistory } from '../../src/data/types';
import { evaluateMethods, type EvalReport } from '../../src/eval/evaluate';
import {
  buildEvalMethods,
  fitBaselines,
  type BaselineSettings,
  type EvalMethodName,
} from '../../src/eval/methods';
import { buildEpisodes } from '../../src/eval/protocol';
import { renderReportMarkdown, renderReportSvg } from '../../src/eval/report';
import type { ShippedModel } from '../../src/model/shipped';
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
  opts: { label: string; names?: readonly EvalMethodName[]; quiet?: boolean } = { label: 'eval' },
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
      onProgress: (done) => bar?.update(done),
    });
    bar?.done(`${report.numUsers} users, ${report.numEpisodes} episodes`);
    return report;
  } finally {
    dispose();
  }
}

export function writeReport(dir: string, report: EvalReport, meta: { title: string; notes: string[] }): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
  writeFileSync(join(dir, 'report.svg'), renderReportSvg(report));
  writeFileSync(
    join(dir, 'report.md'),
    renderReportMarkdown(report, { title: meta.title, notes: meta.notes, svgFile: 'report.svg' }),
  );
}

/** Mean RMSE over the given K of one method in a report (NaN when absent). */
export function meanRmse(report: EvalReport, name: string, ks: number[]): number {
  const m = report.methods.find((x) => x.name === name);
  if (!m) return NaN;
  const values = m.byK.filter((r) => ks.includes(r.k)).map((r) => r.rmse?.mean ?? NaN);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Plain sentences comparing the default method with the bias baseline and MF fold-in at each K:
 * lower RMSE and higher nDCG@10 than both, or which comparison it loses. Means only; the report's
 * intervals say how much of a difference is noise.
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
    const lost: string[] = [];
    for (const other of ['bias', 'mf-foldin']) {
      const o = at(other);
      if (!o) continue;
      const name = find(other)?.label ?? other;
      const myRmse = me.rmse?.mean ?? NaN;
      const theirRmse = o.rmse?.mean ?? NaN;
      if (!(myRmse < theirRmse))
        lost.push(`RMSE ${myRmse.toFixed(4)} is not lower than ${name}'s ${theirRmse.toFixed(4)}`);
      if (!(me.ndcg10.mean > o.ndcg10.mean))
        lost.push(
          `nDCG@10 ${me.ndcg10.mean.toFixed(4)} is not higher than ${name}'s ${o.ndcg10.mean.toFixed(4)}`,
        );
    }
    lines.push(
      lost.length === 0
        ? `K = ${k}: ${label} has lower RMSE and higher nDCG@10 than both the bias baseline and MF fold-in.`
        : `K = ${k}: ${label} does NOT beat both baselines: ${lost.join('; ')}.`,
    );
  }
  return lines;
}
