/**
 * The results section of eval/README.md, rendered from the evaluation reports (eval/report.json and
 * eval/crossval/report.json), so no figure in it is typed by hand: `npm run readme` rewrites the
 * part between the results markers, and a test fails when the file and the reports disagree. Links
 * are relative to eval/, where the section is written.
 */
import type { ShippedReport } from '../../src/eval/shippedReport';
import type { TopNReport } from '../../src/eval/topn';
import { METHOD_INFO, isEvalMethod } from '../../src/methods/registry';
import { renderItemResults } from './readmeItems';

export const START = '<!-- results:start -->';
export const END = '<!-- results:end -->';

const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(3));

/** Recall@20 (and nDCG@20) by K, one row per method, baselines in italics after the model's methods. */
function table(report: TopNReport, ks: number[]): string[] {
  const head = `| Method | ${ks.map((k) => `R@20 K=${k}`).join(' | ')} | ${[5, 10, 20].map((k) => `nDCG@20 K=${k}`).join(' | ')} |`;
  const rule = `| --- | ${ks.map(() => '---:').join(' | ')} | ${[5, 10, 20].map(() => '---:').join(' | ')} |`;
  const rows = report.methods.map((m) => {
    const baseline = isEvalMethod(m.name) && METHOD_INFO[m.name].family === 'baseline';
    const label = baseline ? `_${m.label}_` : m.label;
    const at = (k: number) => m.byK.find((r) => r.k === k);
    return `| ${label} | ${ks.map((k) => f3(at(k)?.recall.mean)).join(' | ')} | ${[5, 10, 20].map((k) => f3(at(k)?.ndcg.mean)).join(' | ')} |`;
  });
  return [head, rule, ...rows];
}

/** A link from eval/README.md to a file under eval/, shown by its path from the repository root. */
export const evalLink = (path: string) => `[\`${path}\`](${path.replace(/^eval\//, '')})`;

/** Where the meta-learners beat the same model trained the plain way, per K, by the paired... means. */
function againstPlain(report: TopNReport, defaultName: string): string {
  const me = report.methods.find((m) => m.name === defaultName);
  const plain = report.methods.find((m) => m.name === 'pretrain');
  if (!me || !plain || defaultName === 'pretrain') return '';
  const cells = report.ks
    .filter((k) => k > 0)
    .map((k) => {
      const p = report.paired?.find(
        (x) => x.method === defaultName && x.against === 'pretrain' && x.k === k,
      )?.recall;
      if (!p) return `K = ${k}: n/a`;
      const sign = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
      const clear = p.lo > 0 || p.hi < 0;
      return `K = ${k}: ${sign(p.mean)} [${sign(p.lo)}, ${sign(p.hi)}]${clear ? '' : ' (noise)'}`;
    });
  return `Against the same model trained the plain way (pretrain + fine-tune), the default's paired Recall@20 difference is ${cells.join('; ')}.`;
}

/**
 * Where the default does not beat every baseline, or only within noise, in plain words: the Ks of
 * each protocol where a baseline's mean Recall@20 is at least as high, and where the paired
 * difference with the strongest one contains 0.
 */
export function whereNot(report: TopNReport, defaultName: string, protocol: string): string {
  const me = report.methods.find((m) => m.name === defaultName);
  if (!me) return '';
  const lost: string[] = [];
  const noise: number[] = [];
  for (const k of report.ks.filter((x) => x > 0)) {
    const mine = me.byK.find((r) => r.k === k)?.recall.mean ?? NaN;
    const best = report.methods
      .filter((m) => isEvalMethod(m.name) && METHOD_INFO[m.name].family === 'baseline')
      .map((m) => ({ m, r: m.byK.find((x) => x.k === k)?.recall.mean ?? NaN }))
      .sort((a, b) => b.r - a.r)[0];
    if (!best) continue;
    if (Math.round(best.r * 1e3) >= Math.round(mine * 1e3)) lost.push(`K = ${k} (${best.m.label})`);
    else {
      const p = report.paired?.find(
        (x) => x.method === defaultName && x.against === best.m.name && x.k === k,
      )?.recall;
      if (p && p.lo <= 0 && p.hi >= 0) noise.push(k);
    }
  }
  const parts = [
    lost.length ? `a baseline is as good or better at ${lost.join(', ')}` : '',
    noise.length ? `the lead over the strongest baseline is within noise at K = ${noise.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length
    ? `${protocol}: ${parts.join('; ')}.`
    : `${protocol}: the default leads every baseline at every K, clearly.`;
}

/** K = 0: the one list everyone gets before rating anything, against the most popular movies. */
export function zeroShot(report: TopNReport, defaultName: string): string {
  const at0 = (name: string) =>
    report.methods.find((m) => m.name === name)?.byK.find((r) => r.k === 0)?.recall.mean;
  return `With no rating (K = 0) everyone gets one list, the learned prior: Recall@20 ${f3(at0(defaultName))} against ${f3(at0('popularity'))} for the most popular movies.`;
}

export function renderResults(report: ShippedReport, crossval: ShippedReport | null): string {
  const ks = report.topn.ks;
  const out = [
    START,
    '',
    "## Does meta-learning help a newcomer's list? (measured, not claimed)",
    '',
    `What counts is the list a visitor sees: the top 20 of the whole catalog (${report.topn.catalogSize} movies) for a user the model never saw. \`npm run eval\` (or the end of \`npm run train\`) gives each of the ${report.topn.numUsers} meta-test users with at least 30 ratings K of their ratings (drawn at random, seeds ${report.topn.seeds.join(', ')}); every other rating of theirs is the test set, relevant = rated 4 or more, and the K rated movies are left out of the list. Means across users; the intervals, coverage, how mainstream each list is, the first-K-by-time protocol and predicted stars are in ${evalLink('eval/report.md')}. Baselines (italics) are fitted on meta-train ratings with every setting chosen on meta-val, as is the default method (${report.defaultLabel}).`,
    '',
    ...table(report.topn, ks),
    '',
    'Paired user by user against the strongest baseline at each K (the verdict of `eval/report.md`):',
    '',
    ...report.verdict.map((v) => `- ${v}`),
    '',
    againstPlain(report.topn, report.defaultMethod),
    '',
    `**Where meta-learning does not win.** ${[
      whereNot(report.topn, report.defaultMethod, 'K ratings at random'),
      report.topnTime
        ? whereNot(report.topnTime, report.defaultMethod, "The user's first K ratings by time")
        : '',
    ]
      .filter(Boolean)
      .join(' ')} ${zeroShot(report.topn, report.defaultMethod)}`,
  ];
  if (report.topnTime) {
    const time = report.topnTime;
    const best = (k: number) =>
      time.methods
        .filter((m) => isEvalMethod(m.name) && METHOD_INFO[m.name].family === 'baseline')
        .map((m) => ({ m, r: m.byK.find((x) => x.k === k)?.recall.mean ?? NaN }))
        .sort((a, b) => b.r - a.r)[0];
    const me = time.methods.find((m) => m.name === report.defaultMethod);
    out.push(
      '',
      `With the user's first K ratings by time as the support (close to MovieLens's own sign-up interview), Recall@20 of the default against the best baseline: ${time.ks
        .filter((k) => k > 0)
        .map((k) => {
          const b = best(k);
          return `K = ${k}: ${f3(me?.byK.find((x) => x.k === k)?.recall.mean)} vs ${f3(b?.r)} (${b?.m.label ?? 'n/a'})`;
        })
        .join('; ')}.`,
    );
  }
  if (crossval) {
    out.push(
      '',
      '### Across every user: cross-validation',
      '',
      `\`npm run crossval\` runs the whole recipe of \`npm run train\` once per fold of users, so each of ${crossval.topn.numUsers} users is tested once by a model that never saw them (${evalLink('eval/crossval/report.md')}); the default is chosen per fold on that fold's meta-val.`,
      '',
      ...table(crossval.topn, crossval.topn.ks),
      '',
      ...crossval.verdict.map((v) => `- ${v}`),
      '',
      againstPlain(crossval.topn, crossval.defaultMethod),
      '',
      [
        whereNot(crossval.topn, crossval.defaultMethod, 'Cross-validated, K ratings at random'),
        crossval.topnTime
          ? whereNot(
              crossval.topnTime,
              crossval.defaultMethod,
              'Cross-validated, the first K ratings by time',
            )
          : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
  }
  out.push(...renderItemResults(report), '', END);
  return out.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n');
}

/** eval/README.md with its results section replaced. @throws Error when the markers are missing. */
export function withResults(readme: string, section: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`eval/README.md has no ${START} ... ${END} section`);
  return readme.slice(0, a) + section + readme.slice(b + END.length);
}
