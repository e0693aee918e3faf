/**
 * The interview section of eval/README.md, rendered from eval/interview/report.json (`npm run interview`)
 * so no figure is typed by hand: Recall@20 after 5, 10 and 15 offers per strategy on meta-test,
 * the paired difference against popularity x disagreement, the offers it took to collect K
 * ratings, and where a simple strategy is as good as the learned ones.
 */
import { INTERVIEW_INFO, type InterviewStrategy } from '../../src/methods/interview';
import { formatPaired, type InterviewReport, type SplitReport } from '../../src/eval/interviewReport';
import { excludesZero } from '../../src/eval/metrics';
import { evalLink } from './readmeResults';

export const INTERVIEW_START = '<!-- interview:start -->';
export const INTERVIEW_END = '<!-- interview:end -->';

const SHOWN_Q = [5, 10, 15];
const f3 = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(3) : 'n/a');

const recallAt = (r: SplitReport, s: InterviewStrategy, q: number) =>
  r.strategies.find((x) => x.strategy === s)?.byQ.find((x) => x.q === q)?.recall;

export function renderInterview(report: InterviewReport): string {
  const test = report.test;
  const label = (s: InterviewStrategy) => INTERVIEW_INFO[s].label;
  const def = report.defaultStrategy;
  const lines: string[] = [
    INTERVIEW_START,
    '',
    '## Which movie to ask next (measured by simulated sign-ups)',
    '',
    `\`npm run interview\` gives each of ${test.users} meta-test users ${report.maxOffers} offers, one movie at a time, from each strategy; a simulated visitor answers with their real rating when they rated the movie and "haven't seen" otherwise, and the model adapts after every answer exactly as the app does. Recall@20 is over the whole catalog against the ratings >= 4 never offered. The tree and the learned interviewer are learned on meta-train users; every setting and the app's default (**${label(def)}**, the best on ${report.val.users} meta-val users by Recall@20 after ${report.selectionQ} offers) are chosen on meta-val. Details: ${evalLink('eval/interview/report.md')}.`,
    '',
    `| Strategy | ${SHOWN_Q.map((q) => `R@20 after ${q}`).join(' | ')} | ${SHOWN_Q.map((q) => `vs ${label(report.reference)}, ${q} offers`).join(' | ')} | offers for 5 ratings (never) |`,
    `| --- | ${SHOWN_Q.map(() => '---:').join(' | ')} | ${SHOWN_Q.map(() => '---').join(' | ')} | ---: |`,
  ];
  const sorted = [...test.strategies].sort(
    (a, b) =>
      (recallAt(test, b.strategy, report.selectionQ)?.mean ?? 0) -
      (recallAt(test, a.strategy, report.selectionQ)?.mean ?? 0),
  );
  for (const s of sorted) {
    const k5 = s.byK.find((k) => k.k === 5);
    lines.push(
      `| ${label(s.strategy)}${s.strategy === def ? ' (default)' : ''} | ${SHOWN_Q.map((q) => f3(recallAt(test, s.strategy, q)?.mean)).join(' | ')} | ${SHOWN_Q.map(
        (q) => {
          const p = s.pairedQ?.find((x) => x.q === q)?.recall;
          return p ? `${formatPaired(p)}${excludesZero(p) ? '' : ' (noise)'}` : 'reference';
        },
      ).join(
        ' | ',
      )} | ${k5 && Number.isFinite(k5.offers.mean) ? k5.offers.mean.toFixed(1) : 'n/a'} (${k5 ? (100 * k5.neverShare).toFixed(0) : 'n/a'}%) |`,
    );
  }
  const ref10 = recallAt(test, report.reference, 10)?.mean ?? NaN;
  const d = test.strategies.find((s) => s.strategy === def);
  const reach = d?.byQ.find((x) => x.recall.mean >= ref10)?.q;
  lines.push(
    '',
    `- **The default** (${label(def)}) after 5, 10 and 15 offers on meta-test, paired against ${label(report.reference)}: ${SHOWN_Q.map(
      (q) => {
        const p = d?.pairedQ?.find((x) => x.q === q)?.recall;
        return p ? `${q}: ${formatPaired(p)}${excludesZero(p) ? '' : ' (within noise)'}` : `${q}: n/a`;
      },
    ).join(
      '; ',
    )}. ${label(report.reference)} reaches ${f3(ref10)} after 10 offers; the default ${reach !== undefined ? `reaches it by ${reach} offers (the report measures at ${report.qs.join(', ')})` : `does not reach it within ${report.maxOffers} offers`}.`,
  );
  lines.push(
    `- **Simple against learned** (after ${report.selectionQ} offers, meta-test): ${simpleAgainstLearned(report)}`,
    '',
    INTERVIEW_END,
  );
  return lines.join('\n');
}

/**
 * After report.selectionQ offers on meta-test: "the best model-based or learned strategy ...; the
 * best catalog-only one ..." and what follows from the gap. The README's summary quotes it too.
 */
export function simpleAgainstLearned(report: InterviewReport): string {
  const test = report.test;
  const label = (s: InterviewStrategy) => INTERVIEW_INFO[s].label;
  const learned = ['tree', 'learned', 'greedy', 'informative'] as InterviewStrategy[];
  const simple = ['log-entropy', 'entropy', 'popularity', 'random', 'pop-entropy'] as InterviewStrategy[];
  const bestOf = (names: InterviewStrategy[]) =>
    names.reduce((b, s) =>
      (recallAt(test, s, report.selectionQ)?.mean ?? -1) > (recallAt(test, b, report.selectionQ)?.mean ?? -1)
        ? s
        : b,
    );
  const bl = bestOf(learned);
  const bs = bestOf(simple);
  const gap =
    (recallAt(test, bl, report.selectionQ)?.mean ?? NaN) -
    (recallAt(test, bs, report.selectionQ)?.mean ?? NaN);
  return `the best model-based or learned strategy, ${label(bl)}, ${f3(recallAt(test, bl, report.selectionQ)?.mean)}; the best catalog-only one, ${label(bs)}, ${f3(recallAt(test, bs, report.selectionQ)?.mean)} (${gap >= 0 ? '+' : ''}${f3(gap)}). ${Math.abs(gap) < 0.01 ? 'A simple order is as good as the learned ones here.' : gap > 0 ? 'Learning the questions pays here.' : 'A simple order beats the learned ones here.'}`;
}

/** eval/README.md with its interview section replaced (put before the history when missing). */
export function withInterview(readme: string, section: string): string {
  const a = readme.indexOf(INTERVIEW_START);
  const b = readme.indexOf(INTERVIEW_END);
  if (a < 0 || b < a) {
    const at = readme.indexOf('## History');
    if (at < 0) throw new Error(`eval/README.md has no ${INTERVIEW_START} ... ${INTERVIEW_END} section`);
    return `${readme.slice(0, at)}${section}\n\n${readme.slice(at)}`;
  }
  return readme.slice(0, a) + section + readme.slice(b + INTERVIEW_END.length);
}
