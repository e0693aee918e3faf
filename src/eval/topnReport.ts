/**
 * Renders a TopNReport as Markdown: the list quality table (Recall@N and nDCG@N per K), what the
 * lists recommend (coverage, median popularity rank) and the paired differences of the default
 * method. Pure string building, like report.ts.
 */
import { excludesZero, type CI } from './metrics';
import { escapeCell, formatCI, formatDifference } from './report';
import type { TopNReport, TopNResultAtK } from './topn';

const DECIMALS = 3;

function rowAt(byK: TopNResultAtK[], k: number): TopNResultAtK | undefined {
  return byK.find((r) => r.k === k);
}

/** Mean rounded as printed: values that print the same are all best. */
function rounded(ci: CI | undefined): number {
  return ci && Number.isFinite(ci.mean) ? Number(ci.mean.toFixed(DECIMALS)) : NaN;
}

/** Rows = methods, columns = Recall@N at each K then nDCG@N at each K; the best per column bold. */
function qualityTable(report: TopNReport): string[] {
  const n = report.listSize;
  const columns = (['recall', 'ndcg'] as const).flatMap((metric) =>
    report.ks.map((k) => ({ metric, k, head: `${metric === 'recall' ? 'Recall' : 'nDCG'}@${n} K=${k}` })),
  );
  const best = columns.map(({ metric, k }) =>
    Math.max(...report.methods.map((m) => rounded(rowAt(m.byK, k)?.[metric])).filter(Number.isFinite)),
  );
  const lines = [
    `| Method | ${columns.map((c) => c.head).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
  ];
  for (const m of report.methods) {
    const cells = columns.map(({ metric, k }, j) => {
      const ci = rowAt(m.byK, k)?.[metric];
      const text = formatCI(ci);
      return rounded(ci) === best[j] ? `**${text}**` : text;
    });
    lines.push(`| ${escapeCell(m.label)} | ${cells.join(' | ')} |`);
  }
  return lines;
}

/** Rows = methods, columns = K, cells from `cell`. */
function perKTable(report: TopNReport, cell: (row: TopNResultAtK | undefined) => string): string[] {
  const lines = [
    `| Method | ${report.ks.map((k) => `K=${k}`).join(' | ')} |`,
    `| --- | ${report.ks.map(() => '---:').join(' | ')} |`,
  ];
  for (const m of report.methods)
    lines.push(`| ${escapeCell(m.label)} | ${report.ks.map((k) => cell(rowAt(m.byK, k))).join(' | ')} |`);
  return lines;
}

/** Rows = (other method, metric), columns = K: the default minus the other, "clear" when 0 is outside. */
function pairedTable(report: TopNReport): string[] {
  const paired = report.paired ?? [];
  if (paired.length === 0) return [];
  const labelOf = (name: string) => report.methods.find((m) => m.name === name)?.label ?? name;
  const method = (paired[0] as (typeof paired)[number]).method;
  const against: string[] = [];
  for (const p of paired) if (!against.includes(p.against)) against.push(p.against);
  const n = report.listSize;
  const lines = [
    `## ${labelOf(method)} minus each other method (paired by user)`,
    '',
    "Each user's metric for the default method minus the same user's for the other method, averaged over " +
      'seeds, then the mean across users with its 95% interval. "clear" marks an interval that leaves 0 out; ' +
      'a positive difference favours the default method.',
    '',
    `| Against | Metric | ${report.ks.map((k) => `K=${k}`).join(' | ')} |`,
    `| --- | --- | ${report.ks.map(() => '---:').join(' | ')} |`,
  ];
  for (const other of against)
    for (const metric of ['recall', 'ndcg'] as const) {
      const cells = report.ks.map((k) => {
        const ci = paired.find((p) => p.against === other && p.k === k)?.[metric];
        if (!ci || !Number.isFinite(ci.mean)) return 'n/a';
        const text = formatDifference(ci, { decimals: DECIMALS, markNoise: false });
        return excludesZero(ci) ? `${text} clear` : text;
      });
      const title = `${metric === 'recall' ? 'Recall' : 'nDCG'}@${n}`;
      lines.push(`| ${escapeCell(labelOf(other))} | ${title} | ${cells.join(' | ')} |`);
    }
  return lines;
}

/**
 * Markdown for a top-N report: a title, one paragraph on the protocol, the list quality table
 * (cells "mean ± half-width of the 95% interval across users", best per column in bold), catalog
 * coverage and the median popularity rank per K, then the default method's paired differences when
 * the report has them.
 */
export function renderTopNMarkdown(report: TopNReport, opts: { title?: string } = {}): string {
  const n = report.listSize;
  const order =
    report.order === 'time'
      ? 'the first K ratings by timestamp'
      : `K ratings drawn at random (seeds ${report.seeds.join(', ')})`;
  const out = [
    `# ${opts.title ?? `Top-${n} lists for new users`}`,
    '',
    `${report.numUsers} held-out users, ${report.numEpisodes} episodes. The support is ${order}; ` +
      `each method lists the top ${n} of the ${report.catalogSize} catalog items outside the support, judged ` +
      `against the rest of the user's ratings (relevant: rated >= ${report.relevantRating}). ` +
      `Recall@${n} = hits / min(${n}, relevant items); nDCG@${n} with binary gains. Each metric is averaged ` +
      'per user over seeds; cells show the mean across users ± the half-width of its 95% interval; the best ' +
      'per column is bold.',
    '',
    `## Recall@${n} and nDCG@${n}, higher is better`,
    '',
    ...qualityTable(report),
    '',
    '## Catalog coverage',
    '',
    `Distinct items in all the top-${n} lists of a method at that K, as a share of the catalog.`,
    '',
    ...perKTable(report, (r) => (r ? `${(100 * r.coverage).toFixed(1)}%` : 'n/a')),
    '',
    '## Median popularity rank of the recommended items',
    '',
    'Over every recommended slot; rank 1 is the item most rated in meta-train. Lower means more mainstream lists.',
    '',
    ...perKTable(report, (r) =>
      r && Number.isFinite(r.medianPopularityRank) ? String(r.medianPopularityRank) : 'n/a',
    ),
    '',
  ];
  const paired = pairedTable(report);
  if (paired.length > 0) out.push(...paired, '');
  return out.join('\n');
}
