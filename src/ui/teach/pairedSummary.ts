/**
 * The evaluation report's paired differences (eval/report.json `paired`, written by src/eval) in
 * one sentence per baseline, for the "How good is this really?" panel: the charts' intervals show
 * how much users differ, this says whether the default method really differs from a baseline.
 * Pure: validated here, because the report is fetched data.
 */
import { distinctPairs } from '../../eval/evaluate';
import { excludesZero } from '../../eval/metrics';

interface Interval {
  mean: number;
  lo: number;
  hi: number;
}

interface Paired {
  method: string;
  against: string;
  k: number;
  rmse: Interval | null;
}

function isInterval(x: unknown): x is Interval {
  const i = x as Interval;
  return (
    typeof i === 'object' &&
    i !== null &&
    Number.isFinite(i.mean) &&
    Number.isFinite(i.lo) &&
    Number.isFinite(i.hi)
  );
}

function isPaired(x: unknown): x is Paired {
  const p = x as Paired;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.method === 'string' &&
    typeof p.against === 'string' &&
    Number.isFinite(p.k) &&
    (p.rmse === null || isInterval(p.rmse))
  );
}

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(3)}`;

/**
 * One line per (method, baseline) pair of the report, at the given K (those present), optionally
 * only for the given methods, in their order: "MAML − MF fold-in RMSE at k = 5, 10, 20: +0.002, +0.003, +0.006;
 * every 95% interval contains 0: within noise.", or "...; clearly higher error at k = 5, 10, within
 * noise elsewhere." Empty when the report has no usable pairs.
 */
export function pairedSummary(
  paired: unknown,
  labelOf: (name: string) => string,
  ks: readonly number[] = [5, 10, 20],
  methods?: readonly string[],
): string[] {
  if (!Array.isArray(paired)) return [];
  const rows = paired
    .filter(isPaired)
    .filter((p) => p.rmse && ks.includes(p.k) && (!methods || methods.includes(p.method)));
  const baselines = distinctPairs(rows);
  // In the order the methods were asked for (the report's own order otherwise).
  if (methods) baselines.sort((a, b) => methods.indexOf(a.method) - methods.indexOf(b.method));
  return baselines.map(({ method, against }) => {
    const mine = rows.filter((p) => p.method === method && p.against === against).sort((a, b) => a.k - b.k);
    const intervals = mine.map((p) => p.rmse as Interval);
    const clearKs = mine.filter((_, j) => excludesZero(intervals[j] as Interval)).map((p) => p.k);
    const clearOnes = intervals.filter(excludesZero);
    // The direction in words: a negative RMSE difference is the lower error.
    const direction = clearOnes.every((i) => i.hi < 0)
      ? 'clearly lower error'
      : clearOnes.every((i) => i.lo > 0)
        ? 'clearly higher error'
        : 'clearly different error';
    const verdict =
      clearKs.length === 0
        ? 'every 95% interval contains 0: within noise'
        : clearKs.length === mine.length
          ? `${direction} at every k`
          : `${direction} at k = ${clearKs.join(', ')}, within noise elsewhere`;
    return (
      `${labelOf(method)} − ${labelOf(against)}, RMSE paired user by user at k = ${mine.map((p) => p.k).join(', ')}: ` +
      `${intervals.map((i) => signed(i.mean)).join(', ')}; ${verdict}.`
    );
  });
}
