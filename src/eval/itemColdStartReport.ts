/**
 * The item cold-start table in words and Markdown (issue 17): per K, whether the meta-learned
 * warm-up places a new movie in front of its likers better than the content-regression-plus-fold-in
 * reference (the likers' AUC, paired by movie), and the tables of both measures. Pure string
 * building, like topnReport.ts.
 */
import type { ItemColdStartReport, ItemResultAtK } from './itemColdStart';
import { excludesZero } from './metrics';
import { escapeCell, formatCI, formatDifference } from './report';

/**
 * One sentence per K: "At K = 3 the meta-learned warm-up beats content + fold-in in AUC: +0.031
 * [+0.012, +0.050], paired over 60 test movies", or "does not beat" (a clear loss, or a difference
 * within noise, says which). Empty when the pair was not evaluated.
 */
export function itemVerdict(
  report: ItemColdStartReport,
  method: string,
  against: string,
  part = 'test',
): string[] {
  const labelOf = (name: string) => report.methods.find((m) => m.name === name)?.label ?? name;
  const lines: string[] = [];
  for (const k of report.ks) {
    const p = report.paired.find((x) => x.method === method && x.against === against && x.k === k);
    if (!p || !Number.isFinite(p.auc.mean)) continue;
    const diff = `${formatDifference(p.auc, { decimals: 3, markNoise: false })}, paired over ${p.auc.n} ${part} movies`;
    const wins = p.auc.lo > 0;
    const how = wins
      ? 'beats'
      : excludesZero(p.auc)
        ? 'does NOT beat (clearly worse than)'
        : 'does NOT beat (within noise)';
    lines.push(
      `At K = ${k} the ${lcFirst(labelOf(method))} ${how} ${lcFirst(labelOf(against))} in likers' AUC: ${diff}.`,
    );
  }
  return lines;
}

const lcFirst = (s: string) =>
  s.startsWith('The ') ? `t${s.slice(1)}` : s.charAt(0).toLowerCase() + s.slice(1);

type Metric = 'auc' | 'topShare' | 'otherTopShare';

function cellOf(row: ItemResultAtK | undefined, metric: Metric): string {
  if (!row) return 'n/a';
  if (!row.applicable) return 'n/a';
  return formatCI(row[metric]);
}

function table(report: ItemColdStartReport, metric: Metric, lowerIsBetter = false): string[] {
  const pick = lowerIsBetter ? Math.min : Math.max;
  const best = report.ks.map((k) =>
    pick(
      ...report.methods
        .map((m) => m.byK.find((r) => r.k === k))
        .filter((r): r is ItemResultAtK => r !== undefined && r.applicable && Number.isFinite(r[metric].mean))
        .map((r) => Number(r[metric].mean.toFixed(3))),
    ),
  );
  const lines = [
    `| Method | ${report.ks.map((k) => `K=${k}`).join(' | ')} |`,
    `| --- | ${report.ks.map(() => '---:').join(' | ')} |`,
  ];
  for (const m of report.methods) {
    const cells = report.ks.map((k, j) => {
      const row = m.byK.find((r) => r.k === k);
      const text = cellOf(row, metric);
      return row?.applicable && Number(row[metric].mean.toFixed(3)) === best[j] ? `**${text}**` : text;
    });
    lines.push(`| ${escapeCell(m.label)} | ${cells.join(' | ')} |`);
  }
  return lines;
}

/** The section of eval/report.md: notes, verdict, the AUC and top-20 tables, the paired differences. */
export function renderItemColdStartMarkdown(
  report: ItemColdStartReport,
  opts: { title: string; verdict: string[]; notes: string[] },
): string {
  const n = report.listSize;
  const labelOf = (name: string) => report.methods.find((m) => m.name === name)?.label ?? name;
  const out = [
    `## ${opts.title}`,
    '',
    ...opts.notes.map((x) => `- ${x}`),
    `- ${report.numItems} new movies, ${report.numRatings} ratings; K = the movie's first K ratings in time order, judged on every later rater. Cells: mean over movies ± the 95% interval's half-width; n/a: the method cannot place a movie at that K.`,
    '',
    '### Verdict',
    '',
    ...(opts.verdict.length > 0
      ? opts.verdict.map((v) => `- ${v}`)
      : ['- The meta-learned warm-up was not evaluated.']),
    '',
    `### Likers' AUC (does the movie rank higher for raters who rated it >= ${report.relevantRating} than for the others; 0.5 = no better than chance)`,
    '',
    ...table(report, 'auc'),
    '',
    `### Share of its likers who would see it in their top ${n}`,
    '',
    ...table(report, 'topShare'),
    '',
    `### Its cost: share of the other raters (rated it below ${report.relevantRating}) who would see it in their top ${n} (lower is better)`,
    '',
    ...table(report, 'otherTopShare', true),
  ];
  if (report.paired.length > 0) {
    out.push(
      '',
      '### Paired differences by movie (same movies, same supports)',
      '',
      `| Pair | ${report.ks.map((k) => `K=${k}`).join(' | ')} |`,
      `| --- | ${report.ks.map(() => '---:').join(' | ')} |`,
    );
    const pairs = [...new Set(report.paired.map((p) => `${p.method}\u0000${p.against}`))].map((s) =>
      s.split('\u0000'),
    );
    for (const [a, b] of pairs)
      for (const metric of ['auc', 'topShare'] as const) {
        const cells = report.ks.map((k) => {
          const p = report.paired.find((x) => x.method === a && x.against === b && x.k === k);
          return p ? formatDifference(p[metric], { decimals: 3 }) : 'n/a';
        });
        const what = metric === 'auc' ? 'AUC' : `top-${n} share`;
        out.push(
          `| ${escapeCell(`${what}: ${labelOf(a ?? '')} - ${labelOf(b ?? '')}`)} | ${cells.join(' | ')} |`,
        );
      }
  }
  return out.join('\n') + '\n';
}
