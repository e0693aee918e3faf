/**
 * Renders an `EvalReport` as Markdown tables (the SVG chart is reportSvg.ts), and the cell formats
 * the top-N report shares. Pure string building (no DOM), so scripts can write the output to files.
 */
import { excludesZero, type CI } from './metrics';
import { distinctPairs, type EvalReport, type MethodResultAtK } from './evaluate';

/** The per-K metrics of a method's results (shared with reportSvg.ts). */
export type MetricKey = 'rmse' | 'mae' | 'ndcg3' | 'ndcg10' | 'recall20';

interface MetricSpec {
  key: MetricKey;
  title: string;
  lowerIsBetter: boolean;
  /** Set when the random floor has this metric (ranking metrics only). */
  floorKey?: 'ndcg3' | 'ndcg10' | 'recall20';
}

const METRICS: MetricSpec[] = [
  { key: 'rmse', title: 'RMSE', lowerIsBetter: true },
  { key: 'mae', title: 'MAE', lowerIsBetter: true },
  { key: 'ndcg3', title: 'nDCG@3 (within the query)', lowerIsBetter: false, floorKey: 'ndcg3' },
  { key: 'ndcg10', title: 'nDCG@10 (within the query)', lowerIsBetter: false, floorKey: 'ndcg10' },
  {
    key: 'recall20',
    title: 'Recall@20 (whole catalog, query items rated >= 4)',
    lowerIsBetter: false,
    floorKey: 'recall20',
  },
];

const DECIMALS = 3;

/** "0.412 ± 0.030": the mean and the half-width of its 95% interval; "-" when undefined, "n/a" when absent. */
export function formatCI(ci: CI | null | undefined): string {
  if (!ci) return 'n/a';
  if (!Number.isFinite(ci.mean)) return '-';
  const half = Number.isFinite(ci.hi - ci.lo) ? (ci.hi - ci.lo) / 2 : 0;
  return `${ci.mean.toFixed(DECIMALS)} ± ${half.toFixed(DECIMALS)}`;
}

/** Pipes and line breaks would break a table row. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function metricAt(byK: MethodResultAtK[], k: number, key: MetricKey): CI | null | undefined {
  return byK.find((r) => r.k === k)?.[key];
}

function metricTable(report: EvalReport, spec: MetricSpec): string[] {
  const { ks } = report;
  const lines = [
    `| Method | ${ks.map((k) => `K=${k}`).join(' | ')} |`,
    `| --- | ${ks.map(() => '---:').join(' | ')} |`,
  ];
  // Best per column compares the rounded means, so values that print the same are all bold.
  const best = ks.map((k) => {
    const means = report.methods
      .map((m) => metricAt(m.byK, k, spec.key)?.mean)
      .filter((v): v is number => v !== undefined && Number.isFinite(v))
      .map((v) => Number(v.toFixed(DECIMALS)));
    if (means.length === 0) return NaN;
    return spec.lowerIsBetter ? Math.min(...means) : Math.max(...means);
  });
  for (const m of report.methods) {
    const cells = ks.map((k, j) => {
      const ci = metricAt(m.byK, k, spec.key);
      const text = formatCI(ci);
      const isBest = ci && Number.isFinite(ci.mean) && Number(ci.mean.toFixed(DECIMALS)) === best[j];
      return isBest ? `**${text}**` : text;
    });
    lines.push(`| ${escapeCell(m.label)} | ${cells.join(' | ')} |`);
  }
  const key = spec.floorKey;
  if (key) {
    const cells = ks.map((k) => formatCI(report.floors.random.find((f) => f.k === k)?.[key]));
    lines.push(`| *Random (expected)* | ${cells.map((c) => `*${c}*`).join(' | ')} |`);
  }
  return lines;
}

/**
 * A signed difference with its interval, e.g. "+0.0024 [-0.0055, +0.0103]", followed by " (noise)"
 * when the interval contains 0 (unless `markNoise` is false).
 */
export function formatDifference(
  ci: CI | null | undefined,
  { decimals = 4, markNoise = true }: { decimals?: number; markNoise?: boolean } = {},
): string {
  if (!ci || !Number.isFinite(ci.mean)) return 'n/a';
  const f = (x: number) => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(decimals)}`;
  return `${f(ci.mean)} [${f(ci.lo)}, ${f(ci.hi)}]${markNoise && !excludesZero(ci) ? ' (noise)' : ''}`;
}

/**
 * The paired comparisons (EvalReport.paired) as a table: one row per K, one column per pair and
 * metric, each cell the mean difference and its 95% interval, marked "(noise)" when it contains 0.
 */
function pairedTable(report: EvalReport, labelOf: (name: string) => string): string[] {
  const paired = report.paired ?? [];
  const pairs = distinctPairs(paired);
  if (pairs.length === 0) return [];
  const ks = report.ks.filter((k) => paired.some((p) => p.k === k));
  const heads = pairs.flatMap((p) => [
    `RMSE, ${labelOf(p.method)} - ${labelOf(p.against)}`,
    `nDCG@10, ${labelOf(p.method)} - ${labelOf(p.against)}`,
  ]);
  const lines = [
    '## Paired differences (same users, same supports)',
    '',
    "Each user's metric for one method minus the same user's for the other, averaged over seeds, then the mean " +
      'across users with its 95% interval in brackets. Most of the spread between users is shared by both methods, ' +
      'so these intervals are far narrower than the tables\' own; "(noise)" marks an interval that contains 0. ' +
      'A negative RMSE difference and a positive nDCG@10 difference favour the first method.',
    '',
    `| K | ${heads.map(escapeCell).join(' | ')} |`,
    `| ---: | ${heads.map(() => '---:').join(' | ')} |`,
  ];
  for (const k of ks) {
    const cells = pairs.flatMap((pair) => {
      const p = paired.find((x) => x.k === k && x.method === pair.method && x.against === pair.against);
      return [formatDifference(p?.rmse), formatDifference(p?.ndcg10)];
    });
    lines.push(`| ${k} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  return lines;
}

/**
 * Markdown report: a title, a one-line description of the protocol, optional notes and chart,
 * then one table per metric (rows = methods, columns = K). Cells are `mean ± half-width of the
 * 95% interval across users`; the best method per column is bold; ranking methods show n/a for
 * RMSE/MAE; the nDCG and Recall tables end with the random-ordering floor in italics. When the
 * report carries paired differences, their table comes first.
 */
export function renderReportMarkdown(
  report: EvalReport,
  meta: {
    title: string;
    notes?: string[];
    svgFile?: string;
    /** Only the stars' errors (RMSE, MAE): the top-N report carries the lists, whose figures these are not. */
    starsOnly?: boolean;
  },
): string {
  const out: string[] = [`# ${meta.title}`, ''];
  out.push(
    `${report.numUsers} test users, ${report.numEpisodes} episodes (seeds ${report.seeds.join(', ')}), ` +
      `query of ${report.querySize} ratings per episode, support sizes K = ${report.ks.join(', ')}. ` +
      'Each metric is averaged per user over seeds; cells show the mean across users ± the half-width of its ' +
      '95% interval; the best method per column is in bold.',
    '',
  );
  if (meta.notes && meta.notes.length > 0) {
    for (const note of meta.notes) out.push(`- ${note}`);
    out.push('');
  }
  if (meta.svgFile) out.push(`![RMSE and nDCG@10 against support size K](${meta.svgFile})`, '');
  const labels = new Map(report.methods.map((m) => [m.name, m.label]));
  if (!meta.starsOnly) out.push(...pairedTable(report, (name) => labels.get(name) ?? name));
  for (const spec of meta.starsOnly ? METRICS.filter((m) => m.lowerIsBetter) : METRICS) {
    const direction = spec.lowerIsBetter ? 'lower is better' : 'higher is better';
    out.push(`## ${spec.title}, ${direction}`, '', ...metricTable(report, spec), '');
  }
  return out.join('\n');
}
