/**
 * The README's and eval/README.md's words about new movies (issue 17), rendered from the item
 * cold-start section of eval/report.json: which K the meta-learned warm-up beats the
 * content-regression-plus-fold-in reference at (likers' AUC, paired by movie), and the table. Empty
 * for a report without the section.
 */
import type { ItemColdStartReport } from '../../src/eval/itemColdStart';
import type { ShippedReport } from '../../src/eval/shippedReport';
import { formatCI } from '../../src/eval/report';

const WARMUP = 'warmup';
const REFERENCE = 'foldin';

function ksWhere(report: ItemColdStartReport, test: (lo: number, hi: number) => boolean): number[] {
  return report.paired
    .filter((p) => p.method === WARMUP && p.against === REFERENCE && Number.isFinite(p.auc.mean))
    .filter((p) => test(p.auc.lo, p.auc.hi))
    .map((p) => p.k);
}

const list = (ks: number[]) => (ks.length > 0 ? `K = ${ks.join(', ')}` : 'no K');

/** The method with the highest mean likers' AUC at each K, e.g. "K = 0: Content regression (0.535)". */
function bestPerK(report: ItemColdStartReport): string {
  return report.ks
    .map((k) => {
      const top = report.methods
        .map((m) => ({ m, row: m.byK.find((x) => x.k === k) }))
        .filter((x) => x.row?.applicable && Number.isFinite(x.row.auc.mean))
        .sort((a, b) => (b.row?.auc.mean ?? 0) - (a.row?.auc.mean ?? 0))[0];
      return top ? `K = ${k}: ${top.m.label} (${top.row?.auc.mean.toFixed(3)})` : `K = ${k}: none`;
    })
    .join('; ');
}

/** Plain sentences: where the warm-up beats the reference, where it loses, and which method is best at each K. */
export function itemWinner(report: ItemColdStartReport): string {
  const best = `Highest mean likers' AUC: ${bestPerK(report)}.`;
  const hasWarmup = report.methods.some((m) => m.name === WARMUP);
  if (!hasWarmup) return `The meta-learned warm-up was not evaluated. ${best}`;
  const parts = [
    ["beats content + fold-in (RLFM-style) in likers' AUC at", ksWhere(report, (lo) => lo > 0)],
    ['loses to it at', ksWhere(report, (_, hi) => hi < 0)],
    ['is within noise of it at', ksWhere(report, (lo, hi) => lo <= 0 && hi >= 0)],
  ] as const;
  const said = parts.filter(([, ks]) => ks.length > 0).map(([what, ks]) => `${what} ${list(ks)}`);
  return `The meta-learned warm-up ${said.join(', ')} (paired over ${report.numItems} held-out test movies). ${best}`;
}

/**
 * What the table does not say by itself, from the same report: how close to chance every AUC is, and
 * whom the warm-up shows a new movie to (its likers' top-20 share against the others').
 */
export function itemCaveat(report: ItemColdStartReport): string {
  const aucs = report.methods.flatMap((m) =>
    m.byK.filter((r) => r.applicable && Number.isFinite(r.auc.mean)).map((r) => r.auc.mean),
  );
  if (aucs.length === 0) return '';
  const range = `Every mean likers' AUC lies between ${Math.min(...aucs).toFixed(3)} and ${Math.max(...aucs).toFixed(3)} (0.5 = chance)`;
  const warm = report.methods.find((m) => m.name === WARMUP);
  const k = report.ks.includes(5) ? 5 : report.ks[0];
  const row = warm?.byK.find((r) => r.k === k);
  if (!row?.applicable || !row.otherTopShare || !Number.isFinite(row.otherTopShare.mean)) return `${range}.`;
  return `${range}; at K = ${k} the warm-up puts the movie in the top ${report.listSize} of ${row.topShare.mean.toFixed(2)} of its likers and of ${row.otherTopShare.mean.toFixed(2)} of its other raters: it makes a new movie visible more than it targets it (eval/README.md reads the table plainly).`;
}

/** The README summary's bullet (empty without an item section). */
export function itemSummaryLine(report: ShippedReport): string {
  const items = report.items;
  if (!items) return '';
  return `- **A new movie.** \`npm run eval\` (${items.report.numItems} held-out movies released last, placed from their first K ratings and judged on their later raters): ${itemWinner(items.report)} ${itemCaveat(items.report)}`.trimEnd();
}

/** eval/README.md's subsection (no lines without an item section). */
export function renderItemResults(report: ShippedReport): string[] {
  const items = report.items;
  if (!items) return [];
  const r = items.report;
  return [
    '',
    '### A new movie: the item cold-start table',
    '',
    `\`npm run train\` holds out the ${r.numItems} test movies (and the validation movies settings were chosen on) among the movies released last with at least 25 ratings: none of their ratings reaches any fit. Each is placed from its first K ratings (in time order) and judged on its later raters: the likers' AUC says whether it ranks higher in the lists of raters who rated it 4 or more than in the others' (0.5 = chance). Means over movies with the 95% interval's half-width (the top-20 share and the paired differences are in [\`eval/report.md\`](report.md)).`,
    '',
    `| Method | ${r.ks.map((k) => `K=${k}`).join(' | ')} |`,
    `| --- | ${r.ks.map(() => '---:').join(' | ')} |`,
    ...r.methods.map(
      (m) =>
        `| ${m.label} | ${r.ks
          .map((k) => {
            const row = m.byK.find((x) => x.k === k);
            return row?.applicable ? formatCI(row.auc) : 'n/a';
          })
          .join(' | ')} |`,
    ),
    '',
    ...items.verdict.map((v) => `- ${v}`),
    '',
    `**Which wins:** ${itemWinner(r)}`,
  ];
}
