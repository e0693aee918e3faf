/**
 * The evaluation report's paired differences (written by src/eval) in one sentence per baseline,
 * for the "How good is this really?" panel: the charts' intervals show how much users differ, this
 * says whether the default method really differs from a baseline. Pure: validated here, because
 * the report is fetched data. Reads the rating report's `paired` (RMSE, lower is better) and the
 * top-N report's (Recall@20 or nDCG@20, higher is better).
 */
import { distinctPairs } from '../../eval/evaluate';

interface Interval {
  mean: number;
  lo: number;
  hi: number;
}

/** Which difference a sentence is about, and the words for its direction. */
export interface PairedMetric {
  /** The interval's field in a paired row. */
  key: 'rmse' | 'recall' | 'ndcg';
  name: string;
  /** What a clearly positive and a clearly negative difference mean. */
  above: string;
  below: string;
}

export const RMSE_PAIRED: PairedMetric = {
  key: 'rmse',
  name: 'RMSE',
  above: 'clearly higher error',
  below: 'clearly lower error',
};
export const RECALL_PAIRED: PairedMetric = {
  key: 'recall',
  name: 'Recall@20',
  above: 'clearly better',
  below: 'clearly worse',
};

interface Paired {
  method: string;
  against: string;
  k: number;
  value: Interval;
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

/** A paired row with a usable interval of the metric, or null. */
function pairedOf(x: unknown, key: PairedMetric['key']): Paired | null {
  const p = x as Record<string, unknown> | null;
  if (
    typeof p !== 'object' ||
    p === null ||
    typeof p.method !== 'string' ||
    typeof p.against !== 'string' ||
    !Number.isFinite(p.k) ||
    !isInterval(p[key])
  )
    return null;
  return { method: p.method, against: p.against, k: p.k as number, value: p[key] };
}

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(3)}`;

/**
 * One line per (method, baseline) pair of the report, at the given K (those present), optionally
 * only for the given methods, in their order, and only against the given baselines: "MAML − MF
 * fold-in, RMSE paired user by user at k = 5, 10, 20: +0.002, +0.003, +0.006; every 95% interval
 * contains 0: within noise.", or "...; clearly higher error at k = 5, 10, within noise elsewhere."
 * Empty when the report has no usable pairs.
 */
export function pairedSummary(
  paired: unknown,
  labelOf: (name: string) => string,
  ks: readonly number[] = [5, 10, 20],
  methods?: readonly string[],
  opts: { metric?: PairedMetric; against?: readonly string[] } = {},
): string[] {
  if (!Array.isArray(paired)) return [];
  const metric = opts.metric ?? RMSE_PAIRED;
  const rows = paired
    .map((x) => pairedOf(x, metric.key))
    .filter(
      (p): p is Paired =>
        p !== null &&
        ks.includes(p.k) &&
        (!methods || methods.includes(p.method)) &&
        (!opts.against || opts.against.includes(p.against)),
    );
  const baselines = distinctPairs(rows);
  // In the order the methods (then the baselines) were asked for; the report's own order otherwise.
  const at = (list: readonly string[] | undefined, x: string) => list?.indexOf(x) ?? 0;
  baselines.sort(
    (a, b) =>
      at(methods, a.method) - at(methods, b.method) ||
      at(opts.against, a.against) - at(opts.against, b.against),
  );
  return baselines.map(({ method, against }) => {
    const mine = rows.filter((p) => p.method === method && p.against === against).sort((a, b) => a.k - b.k);
    const intervals = mine.map((p) => p.value);
    const aboveKs = mine.filter((p) => p.value.lo > 0).map((p) => p.k);
    const belowKs = mine.filter((p) => p.value.hi < 0).map((p) => p.k);
    const clear = aboveKs.length + belowKs.length;
    // One direction: "at every k" or "at k = ..."; both: each with its own k.
    const at = (ks: number[]) =>
      clear === mine.length && ks.length === clear ? 'every k' : `k = ${ks.join(', ')}`;
    const parts = [
      ...(aboveKs.length ? [`${metric.above} at ${at(aboveKs)}`] : []),
      ...(belowKs.length ? [`${metric.below} at ${at(belowKs)}`] : []),
    ];
    const verdict =
      clear === 0
        ? 'every 95% interval contains 0: within noise'
        : `${parts.join('; ')}${clear < mine.length ? ', within noise elsewhere' : ''}`;
    return (
      `${labelOf(method)} − ${labelOf(against)}, ${metric.name} paired user by user at k = ${mine.map((p) => p.k).join(', ')}: ` +
      `${intervals.map((i) => signed(i.mean)).join(', ')}; ${verdict}.`
    );
  });
}
