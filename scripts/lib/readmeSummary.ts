/**
 * The README's short "Results": where meta-learning wins and where it does not, in the sentences of
 * eval/README.md's full results (rendered from the same reports, so no figure in it is typed by
 * hand, each with the command that measured it). `npm run readme` rewrites the part between the
 * summary markers; a test fails when the README and the reports disagree.
 */
import type { ShippedReport } from '../../src/eval/shippedReport';
import type { TopNReport } from '../../src/eval/topn';
import { METHOD_INFO, isEvalMethod } from '../../src/methods/registry';
import type { InterviewReport } from '../../src/eval/interviewReport';
import { simpleAgainstLearned } from './readmeInterview';
import { itemSummaryLine } from './readmeItems';
import { whereNot, zeroShot } from './readmeResults';

export const SUMMARY_START = '<!-- summary:start -->';
export const SUMMARY_END = '<!-- summary:end -->';

/** The Ks where the default's paired Recall@20 difference with `against(k)` is above 0 with 95% confidence. */
function clearlyAhead(report: TopNReport, defaultName: string, against: (k: number) => string | undefined) {
  return report.ks.filter((k) => {
    const other = against(k);
    const p = report.paired?.find(
      (x) => x.method === defaultName && x.against === other && x.k === k,
    )?.recall;
    return k > 0 && p !== undefined && p.lo > 0;
  });
}

/** The baseline with the highest mean Recall@20 at K. */
function strongestBaseline(report: TopNReport, k: number): string | undefined {
  return report.methods
    .filter((m) => isEvalMethod(m.name) && METHOD_INFO[m.name].family === 'baseline')
    .map((m) => ({ name: m.name, r: m.byK.find((x) => x.k === k)?.recall.mean ?? NaN }))
    .sort((a, b) => b.r - a.r)[0]?.name;
}

const ks = (list: number[]) => (list.length ? `K = ${list.join(', ')}` : 'no K');

/** "clearly ahead of the strongest baseline at K = ..., and of pretrain + fine-tune at K = ...". */
function wins(report: ShippedReport): string {
  const topn = report.topn;
  const baseline = clearlyAhead(topn, report.defaultMethod, (k) => strongestBaseline(topn, k));
  const plain = clearlyAhead(topn, report.defaultMethod, () => 'pretrain');
  return `clearly ahead of the strongest baseline at ${ks(baseline)}, and of the same model trained the plain way (pretrain + fine-tune) at ${ks(plain)}`;
}

export function renderSummary(
  report: ShippedReport,
  crossval: ShippedReport | null,
  interview: InterviewReport | null,
): string {
  const notWin = [
    whereNot(report.topn, report.defaultMethod, 'K ratings at random'),
    report.topnTime
      ? whereNot(report.topnTime, report.defaultMethod, "The user's first K ratings by time")
      : '',
    zeroShot(report.topn, report.defaultMethod),
  ].filter(Boolean);
  const lines = [
    SUMMARY_START,
    '',
    '## Results',
    '',
    `Measured on users the model never saw, on the list a visitor sees: Recall@20 of the top 20 of the whole catalog, after K ratings, against the baselines a recommender engineer tries first (popularity, item-kNN, EASE, EASE + a popularity prior, PureSVD, MF fold-in).`,
    '',
    `- **Where meta-learning wins.** \`npm run eval\` (${report.topn.numUsers} meta-test users, K ratings at random): the default (${report.defaultLabel}) is ${wins(report)}.${crossval ? ` \`npm run crossval\` (all ${crossval.topn.numUsers} users, each tested once): ${wins(crossval)}.` : ''}`,
  ];
  if (crossval)
    notWin.push(
      whereNot(crossval.topn, crossval.defaultMethod, 'Cross-validated, K ratings at random'),
      crossval.topnTime
        ? whereNot(crossval.topnTime, crossval.defaultMethod, 'Cross-validated, the first K ratings by time')
        : '',
    );
  lines.push(
    `- **Where it does not** (\`npm run eval\`${crossval ? ', then `npm run crossval`' : ''}). ${notWin.filter(Boolean).join(' ')}`,
  );
  const items = itemSummaryLine(report);
  if (items) lines.push(items);
  if (interview)
    lines.push(
      `- **Which movie to ask next.** \`npm run interview\` (simulated sign-ups), after ${interview.selectionQ} offers on meta-test: ${simpleAgainstLearned(interview)}`,
    );
  lines.push(
    '',
    "The tables with their intervals, the cross-validation, the interview, the lists' rating-count floor and the history of what was tried: [`eval/README.md`](eval/README.md).",
    '',
    SUMMARY_END,
  );
  return lines.join('\n');
}

/** The README with its summary replaced. @throws Error when the markers are missing. */
export function withSummary(readme: string, section: string): string {
  const a = readme.indexOf(SUMMARY_START);
  const b = readme.indexOf(SUMMARY_END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${SUMMARY_START} ... ${SUMMARY_END} section`);
  return readme.slice(0, a) + section + readme.slice(b + SUMMARY_END.length);
}
