/**
 * What a top-N report says in words: at each K, whether the default method's list beats every
 * baseline (by the mean, and whether the paired difference is clear), and how it compares with
 * the same model trained the plain way. eval/README.md and the report's notes quote these lines; the
 * app's panel says the same.
 */
import { METHOD_INFO, isEvalMethod } from '../methods/registry';
import { excludesZero } from './metrics';
import { formatDifference } from './report';
import type { TopNReport } from './topn';

const isBaseline = (name: string) => isEvalMethod(name) && METHOD_INFO[name].family === 'baseline';

/**
 * One sentence per K (K = 0 left out: with no rating, every baseline is the popularity list).
 * Compared at the printed precision (3 decimals).
 */
export function topNVerdict(report: TopNReport, defaultName: string): string[] {
  const find = (name: string) => report.methods.find((m) => m.name === name);
  const me = find(defaultName);
  if (!me) return [];
  const n = report.listSize;
  const r3 = (x: number | undefined) => Math.round((x ?? NaN) * 1e3) / 1e3;
  const lines: string[] = [];
  for (const k of report.ks) {
    if (k === 0) continue;
    const mine = me.byK.find((r) => r.k === k)?.recall.mean;
    const rows = report.methods
      .filter((m) => isBaseline(m.name))
      .map((m) => ({ m, recall: m.byK.find((r) => r.k === k)?.recall.mean ?? NaN }))
      .filter((x) => Number.isFinite(x.recall))
      .sort((a, b) => b.recall - a.recall);
    const best = rows[0];
    if (mine === undefined || !best) continue;
    const pair = (against: string) =>
      report.paired?.find((p) => p.k === k && p.method === defaultName && p.against === against)?.recall;
    const lostTo = rows.filter((x) => r3(x.recall) >= r3(mine));
    const bestPair = pair(best.m.name);
    const clear = bestPair && Number.isFinite(bestPair.mean) ? excludesZero(bestPair) : false;
    const vs = `${best.m.label} ${r3(best.recall).toFixed(3)}${bestPair ? `; paired ${formatDifference(bestPair, { decimals: 3, markNoise: false })}, ${clear ? 'clear' : 'within noise'}` : ''}`;
    const plain = find('pretrain')?.byK.find((r) => r.k === k)?.recall.mean;
    const plainText =
      plain !== undefined && defaultName !== 'pretrain'
        ? ` The same model trained the plain way (pretrain + fine-tune): ${r3(plain).toFixed(3)}.`
        : '';
    lines.push(
      lostTo.length === 0
        ? `K = ${k}: ${me.label} has the highest Recall@${n}, ${r3(mine).toFixed(3)}, above every baseline (best: ${vs}).${plainText}`
        : `K = ${k}: ${me.label} (Recall@${n} ${r3(mine).toFixed(3)}) does NOT beat ${lostTo.map((x) => `${x.m.label} (${r3(x.recall).toFixed(3)})`).join(', ')} (best: ${vs}).${plainText}`,
    );
  }
  return lines;
}
