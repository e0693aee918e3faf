/**
 * Running the evaluation on a set of users and writing eval/report.{json,md,svg}: the catalog-wide
 * top-N lists first (random support order, and the user's first K ratings by time), predicted stars
 * second. The work is in src/eval; this file wires it to a model and the terminal.
 */
import type { UserHistory } from '../../src/data/types';
import { evaluateMethods } from '../../src/eval/evaluate';
import {
  buildEvalMethods,
  STAR_METHODS,
  trainRatingsOf,
  type BaselineSettings,
  type EvalMethodName,
} from '../../src/eval/methods';
import { buildEpisodes } from '../../src/eval/protocol';
import { renderItemColdStartMarkdown } from '../../src/eval/itemColdStartReport';
import { renderReportMarkdown } from '../../src/eval/report';
import { renderTopNSvg } from '../../src/eval/reportSvg';
import {
  SHIPPED_REPORT_VERSION,
  type ItemColdStartSection,
  type ShippedReport,
} from '../../src/eval/shippedReport';
import { evaluateTopN, popularityRanks } from '../../src/eval/topn';
import { buildTopNEpisodes, type SupportOrder } from '../../src/eval/topnProtocol';
import { renderTopNMarkdown } from '../../src/eval/topnReport';
import { topNVerdict } from '../../src/eval/topnVerdict';
import { colorOf } from '../../src/methods/registry';
import type { ShippedModel } from '../../src/model/shipped';
import { writeFilesAtomic } from './atomicWrite';
import { createProgress } from './progress';

export interface EvalProtocol {
  ks: number[];
  seeds: number[];
  /** Users with fewer ratings are left out. */
  minRatings: number;
  /** Held-out ratings of the secondary (stars) evaluation. */
  querySize: number;
}

export const DEFAULT_PROTOCOL: EvalProtocol = {
  ks: [0, 1, 3, 5, 10, 20],
  seeds: [1, 2, 3],
  minRatings: 30,
  querySize: 10,
};

/** Whether the users' ratings carry timestamps (the first-K-by-time protocol needs them). */
function timed(users: readonly UserHistory[]): boolean {
  return users.some((h) => h.timestamps?.some((t) => t > 0));
}

/**
 * Evaluates every requested method on `users` (fitted baselines on `train`, meta-train only).
 * @throws Error when no user has protocol.minRatings ratings.
 */
export async function runEvaluation(
  model: ShippedModel,
  train: UserHistory[],
  users: UserHistory[],
  settings: BaselineSettings,
  protocol: EvalProtocol,
  opts: { label: string; names?: readonly EvalMethodName[]; quiet?: boolean; notes?: string[] },
): Promise<ShippedReport> {
  const numItems = model.movies.length;
  const defaultMethod = model.manifest.defaultMethod;
  const { methods, dispose } = buildEvalMethods(model, train, settings, opts.names);
  const counts = new Float32Array(numItems);
  for (const item of trainRatingsOf(train, numItems).items) counts[item]! += 1;
  const popularityRank = popularityRanks(counts);
  const hasDefault = methods.some((m) => m.name === defaultMethod);
  try {
    const topN = async (order: SupportOrder) => {
      const episodes = buildTopNEpisodes(users, {
        ks: protocol.ks,
        seeds: order === 'random' ? protocol.seeds : [0],
        order,
        minRatings: protocol.minRatings,
      });
      if (episodes.length === 0)
        throw new Error(`No user has the ${protocol.minRatings} ratings the evaluation needs.`);
      const bar = opts.quiet
        ? null
        : createProgress(`${opts.label} (${order})`, methods.length * episodes.length * protocol.ks.length);
      const report = await evaluateTopN(methods, episodes, {
        ks: protocol.ks,
        popularityRank,
        ...(hasDefault ? { defaultMethod } : {}),
        onProgress: (done) => bar?.update(done),
      });
      bar?.done(`${report.numUsers} users, ${report.numEpisodes} episodes`);
      return report;
    };
    const topn = await topN('random');
    const topnTime = timed(users) ? await topN('time') : null;
    const stars = methods.filter((m) => (STAR_METHODS as readonly string[]).includes(m.name));
    const ratings =
      stars.length > 0
        ? await evaluateMethods(stars, buildEpisodes(users, protocol), { ks: protocol.ks })
        : null;
    const label = model.method(defaultMethod).label;
    return {
      version: SHIPPED_REPORT_VERSION,
      defaultMethod,
      defaultLabel: label,
      topn,
      topnTime,
      ratings,
      verdict: topNVerdict(topn, defaultMethod),
      notes: opts.notes ?? [],
    };
  } finally {
    dispose();
  }
}

/** The report's Markdown: notes and verdict, the top-N tables (both orders), then the stars. */
export function renderShippedMarkdown(report: ShippedReport, title: string): string {
  const out = [
    `# ${title}`,
    '',
    ...report.notes.map((n) => `- ${n}`),
    '',
    '## Verdict (random support order)',
    '',
    ...report.verdict.map((v) => `- ${v}`),
    '',
    '![Recall@20 and nDCG@20 against K](report.svg)',
    '',
    renderTopNMarkdown(report.topn, { title: 'Top-20 lists, K ratings drawn at random' }).replace(
      /^# /,
      '## ',
    ),
  ];
  if (report.topnTime)
    out.push(
      '',
      renderTopNMarkdown(report.topnTime, {
        title: "Top-20 lists, the user's first K ratings by time",
      }).replace(/^# /, '## '),
    );
  if (report.ratings)
    out.push(
      '',
      renderReportMarkdown(report.ratings, {
        title: 'Predicted stars (secondary): the methods with a rating head',
        starsOnly: true,
        notes: [
          'RMSE/MAE on 10 held-out ratings after K (the previous protocol); the lists above are what a visitor sees.',
        ],
      }).replace(/^# /, '## '),
    );
  if (report.items) out.push('', renderItemSection(report.items));
  return out.join('\n') + '\n';
}

/** The item cold-start section of the report (issue 17). */
export function renderItemSection(items: ItemColdStartSection): string {
  return renderItemColdStartMarkdown(items.report, {
    title: `New movies (item cold start): held-out ${items.part === 'test' ? 'test' : 'validation'} movies placed from their first K ratings`,
    verdict: items.verdict,
    notes: items.notes,
  }).trimEnd();
}

/**
 * Writes report.{json,svg,md} into `dir`: everything is rendered first, then written through
 * temporary files and renames, so a failure leaves the previous report whole, never a mix.
 */
export function writeReport(dir: string, report: ShippedReport, title: string): void {
  writeFilesAtomic(dir, {
    'report.json': `${JSON.stringify(report, null, 1)}\n`,
    'report.svg': renderTopNSvg(report.topn, colorOf),
    'report.md': renderShippedMarkdown(report, title),
  });
}

/** Mean Recall@20 of a method over some K (NaN when absent). */
export function meanRecall(report: ShippedReport, name: string, ks: number[]): number {
  const m = report.topn.methods.find((x) => x.name === name);
  if (!m) return NaN;
  const values = m.byK.filter((r) => ks.includes(r.k)).map((r) => r.recall.mean);
  return values.reduce((a, b) => a + b, 0) / values.length;
}
