/** Running the cold-start evaluation on a set of users and writing eval/report.{json,md,svg}. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserHistory } from '../../src/data/types';
import { evaluateMethods, type EvalReport } from '../../src/eval/evaluate';
import { buildEvalMethods, fitBaselines, type BaselineSettings, type EvalMethodName } from '../../src/eval/methods';
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

export const DEFAULT_PROTOCOL: EvalProtocol = { ks: [0, 1, 3, 5, 10, 20], seeds: [1, 2, 3], querySize: 10, minRatings: 30 };

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
  if (episodes.length === 0) throw new Error(`No user has the ${protocol.minRatings} ratings the evaluation needs.`);
  const bar = opts.quiet ? null : createProgress(opts.label, methods.length * episodes.length * protocol.ks.length);
  try {
    const report = await evaluateMethods(methods, episodes, { ks: protocol.ks, onProgress: (done) => bar?.update(done) });
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
  writeFileSync(join(dir, 'report.md'), renderReportMarkdown(report, { title: meta.title, notes: meta.notes, svgFile: 'report.svg' }));
}

/** Mean RMSE over the given K of one method in a report (NaN when absent). */
export function meanRmse(report: EvalReport, name: string, ks: number[]): number {
  const m = report.methods.find((x) => x.name === name);
  if (!m) return NaN;
  const values = m.byK.filter((r) => ks.includes(r.k)).map((r) => r.rmse?.mean ?? NaN);
  return values.reduce((a, b) => a + b, 0) / values.length;
}
