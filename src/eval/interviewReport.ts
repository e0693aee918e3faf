/**
 * The interview report: per strategy, Recall@20 and nDCG@20 after Q offers and after K ratings
 * (means with 95% intervals across users), the offers it took to collect K ratings, and paired
 * differences against the reference strategy (popularity x disagreement), user by user. Plain JSON
 * (eval/interview/report.json, which the teaching panel draws) and Markdown. Pure TypeScript.
 */
import { INTERVIEW_INFO, type InterviewStrategy } from '../methods/interview';
import { pairedCI } from './evaluate';
import type { UserInterview } from './interview';
import { excludesZero, meanCI95, type CI } from './metrics';

export interface QualityAt {
  recall: CI;
  ndcg: CI;
}

export interface StrategyResult {
  strategy: InterviewStrategy;
  label: string;
  byQ: ({ q: number } & QualityAt)[];
  byK: ({
    k: number;
    /** Mean offers to collect K ratings, over the users who did within the interview. */
    offers: CI;
    /** Median of the same. */
    medianOffers: number;
    /** Share of users who never gave K ratings within the interview's offers. */
    neverShare: number;
  } & QualityAt)[];
  /** This strategy minus the reference, user by user (absent for the reference itself). */
  pairedQ?: ({ q: number } & QualityAt)[];
  pairedK?: ({ k: number } & QualityAt)[];
}

export interface SplitReport {
  /** 'meta-val' or 'meta-test'. */
  split: string;
  users: number;
  strategies: StrategyResult[];
}

export interface InterviewReport {
  qs: number[];
  ks: number[];
  /** The offers of one interview (the largest Q). */
  maxOffers: number;
  reference: InterviewStrategy;
  /** The app's default: the best on meta-val by Recall@20 after `selectionQ` offers. */
  defaultStrategy: InterviewStrategy;
  selectionQ: number;
  defaultReason: string;
  /** Settings chosen on meta-val and what was learned (in words and numbers). */
  settings: Record<string, unknown>;
  notes: string[];
  val: SplitReport;
  test: SplitReport;
}

const byUser = (runs: readonly UserInterview[], pick: (r: UserInterview) => number | undefined) =>
  new Map(runs.map((r) => [r.userId, pick(r) ?? NaN]));

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Summarize one split's simulations (strategy -> per-user interviews). */
export function summarizeSplit(
  split: string,
  runs: ReadonlyMap<InterviewStrategy, readonly UserInterview[]>,
  qs: readonly number[],
  ks: readonly number[],
  reference: InterviewStrategy,
): SplitReport {
  const ref = runs.get(reference);
  const strategies: StrategyResult[] = [];
  let users = 0;
  for (const [strategy, r] of runs) {
    users = Math.max(users, r.length);
    const qAt = (j: number, m: 'recall' | 'ndcg') => byUser(r, (x) => x.byQ[j]?.[m]);
    const kAt = (j: number, m: 'recall' | 'ndcg') => byUser(r, (x) => x.byK[j]?.[m] ?? NaN);
    const res: StrategyResult = {
      strategy,
      label: INTERVIEW_INFO[strategy].label,
      byQ: qs.map((q, j) => ({
        q,
        recall: meanCI95([...qAt(j, 'recall').values()]),
        ndcg: meanCI95([...qAt(j, 'ndcg').values()]),
      })),
      byK: ks.map((k, j) => {
        const offers = r.map((x) => x.offersToK[j]).filter((v): v is number => v !== null && v !== undefined);
        return {
          k,
          recall: meanCI95([...kAt(j, 'recall').values()]),
          ndcg: meanCI95([...kAt(j, 'ndcg').values()]),
          offers: meanCI95(offers),
          medianOffers: median(offers),
          neverShare: r.length > 0 ? 1 - offers.length / r.length : NaN,
        };
      }),
    };
    if (ref && strategy !== reference) {
      const rq = (j: number, m: 'recall' | 'ndcg') => byUser(ref, (x) => x.byQ[j]?.[m]);
      const rk = (j: number, m: 'recall' | 'ndcg') => byUser(ref, (x) => x.byK[j]?.[m] ?? NaN);
      res.pairedQ = qs.map((q, j) => ({
        q,
        recall: pairedCI(qAt(j, 'recall'), rq(j, 'recall')),
        ndcg: pairedCI(qAt(j, 'ndcg'), rq(j, 'ndcg')),
      }));
      res.pairedK = ks.map((k, j) => ({
        k,
        recall: pairedCI(kAt(j, 'recall'), rk(j, 'recall')),
        ndcg: pairedCI(kAt(j, 'ndcg'), rk(j, 'ndcg')),
      }));
    }
    strategies.push(res);
  }
  return { split, users, strategies };
}

/** The strategy with the highest mean Recall@20 after `q` offers (ties: registry order). */
export function bestStrategy(report: SplitReport, q: number): StrategyResult {
  let best: StrategyResult | null = null;
  let bestValue = -Infinity;
  for (const s of report.strategies) {
    const v = s.byQ.find((x) => x.q === q)?.recall.mean ?? NaN;
    if (v > bestValue) {
      bestValue = v;
      best = s;
    }
  }
  if (!best) throw new Error(`bestStrategy: no strategy has Recall@20 after ${q} offers`);
  return best;
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const signed = (x: number) => (x >= 0 ? '+' : '') + f3(x);
/** A paired difference as "+0.012 [-0.002, +0.027]". */
export const formatPaired = (ci: CI): string => `${signed(ci.mean)} [${signed(ci.lo)}, ${signed(ci.hi)}]`;
const verdict = (ci: CI) => (excludesZero(ci) ? (ci.mean > 0 ? 'better' : 'worse') : 'noise');

function splitMarkdown(r: SplitReport, report: InterviewReport): string[] {
  const lines: string[] = [];
  const q = report.qs;
  lines.push(`### ${r.split} (${r.users} users)`, '');
  lines.push(
    `| Strategy | ${q.map((x) => `R@20 Q=${x}`).join(' | ')} | ${q.map((x) => `nDCG@20 Q=${x}`).join(' | ')} |`,
    `| --- | ${q.map(() => '---:').join(' | ')} | ${q.map(() => '---:').join(' | ')} |`,
  );
  for (const s of r.strategies)
    lines.push(
      `| ${s.label}${s.strategy === report.defaultStrategy ? ' (default)' : ''} | ${s.byQ.map((x) => f3(x.recall.mean)).join(' | ')} | ${s.byQ.map((x) => f3(x.ndcg.mean)).join(' | ')} |`,
    );
  lines.push('', `Paired Recall@20 against ${report.reference} (user by user, 95% interval):`, '');
  lines.push(
    `| Strategy | ${q.map((x) => `Q=${x}`).join(' | ')} |`,
    `| --- | ${q.map(() => '---').join(' | ')} |`,
  );
  for (const s of r.strategies)
    if (s.pairedQ)
      lines.push(
        `| ${s.label} | ${s.pairedQ.map((x) => `${formatPaired(x.recall)} (${verdict(x.recall)})`).join(' | ')} |`,
      );
  const k = report.ks;
  lines.push(
    '',
    `After K ratings (Recall@20; offers it took, mean / median; share who never got there in ${report.maxOffers} offers):`,
    '',
  );
  lines.push(
    `| Strategy | ${k.map((x) => `K=${x}`).join(' | ')} |`,
    `| --- | ${k.map(() => '---').join(' | ')} |`,
  );
  for (const s of r.strategies)
    lines.push(
      `| ${s.label} | ${s.byK.map((x) => `${f3(x.recall.mean)}; ${Number.isFinite(x.offers.mean) ? x.offers.mean.toFixed(1) : 'n/a'} / ${Number.isFinite(x.medianOffers) ? x.medianOffers : 'n/a'}; ${(100 * x.neverShare).toFixed(0)}%`).join(' | ')} |`,
    );
  lines.push('');
  return lines;
}

export function interviewMarkdown(report: InterviewReport): string {
  const lines = [
    '# Which movie to ask next: simulated sign-ups',
    '',
    `Written by \`npm run interview\`. The default strategy is **${INTERVIEW_INFO[report.defaultStrategy].label}** (${report.defaultStrategy}): ${report.defaultReason}`,
    '',
    ...report.notes.map((n) => `- ${n}`),
    '',
    '## Strategies',
    '',
    ...report.val.strategies.map(
      (s) =>
        `- **${s.label}** (\`${s.strategy}\`, \`e=${INTERVIEW_INFO[s.strategy].code}\`): ${INTERVIEW_INFO[s.strategy].description}`,
    ),
    '',
    '## Settings chosen on meta-val',
    '',
    '```json',
    JSON.stringify(report.settings, null, 2),
    '```',
    '',
    '## Results',
    '',
    ...splitMarkdown(report.test, report),
    ...splitMarkdown(report.val, report),
  ];
  return lines.join('\n');
}
