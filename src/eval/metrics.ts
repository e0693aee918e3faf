/**
 * Evaluation metrics: rating error, ranking quality within a query set, catalog-wide recall and a
 * confidence interval for the across-user mean. Pure TypeScript (runs in Node and the browser).
 *
 * Conventions: ratings are on the MovieLens 0.5-5 scale; ranking ties are broken by the lower index
 * first so every metric is deterministic; "undefined" results (nothing relevant, no gain) are NaN so
 * the aggregation can skip them instead of counting them as zero.
 */

/** A mean with a 95% confidence interval over `n` finite values. */
export interface CI {
  mean: number;
  lo: number;
  hi: number;
  /** Number of finite values the mean is over. */
  n: number;
}

/** Whether a difference's interval leaves 0 out: a real difference rather than noise. */
export function excludesZero(ci: Pick<CI, 'lo' | 'hi'>): boolean {
  return ci.lo > 0 || ci.hi < 0;
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: length mismatch (${a.length} vs ${b.length})`);
}

/** Root mean squared error; NaN for empty input. */
export function rmse(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  checkSameLength(pred, truth, 'rmse');
  if (pred.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < pred.length; i++) {
    const d = (pred[i] as number) - (truth[i] as number);
    sum += d * d;
  }
  return Math.sqrt(sum / pred.length);
}

/** Mean absolute error; NaN for empty input. */
export function mae(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  checkSameLength(pred, truth, 'mae');
  if (pred.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < pred.length; i++) sum += Math.abs((pred[i] as number) - (truth[i] as number));
  return sum / pred.length;
}

/** Exponential gain 2^r - 1: a 5-star item is worth about twice a 4-star one. */
function gain(rating: number): number {
  return Math.pow(2, rating) - 1;
}

function discount(position: number): number {
  return 1 / Math.log2(position + 2);
}

/** DCG@k of the ideal ordering (truth sorted descending). */
function idealDcg(truth: ArrayLike<number>, k: number): number {
  const sorted = Array.from(truth).sort((a, b) => b - a);
  const m = Math.min(k, sorted.length);
  let dcg = 0;
  for (let i = 0; i < m; i++) dcg += gain(sorted[i] as number) * discount(i);
  return dcg;
}

/** Score used for ordering: NaN scores sink to the bottom instead of poisoning the comparator. */
function rankScore(s: number): number {
  return Number.isNaN(s) ? -Infinity : s;
}

/**
 * nDCG@k of the query items ordered by `scores` (descending; ties by original index ascending),
 * with gain 2^r - 1 and discount 1/log2(position + 2). NaN when the ideal DCG is 0 (every true
 * rating is 0 or the query is empty).
 */
export function ndcgAtK(scores: ArrayLike<number>, truth: ArrayLike<number>, k: number): number {
  checkSameLength(scores, truth, 'ndcgAtK');
  const ideal = idealDcg(truth, k);
  if (!(ideal > 0)) return NaN;
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => rankScore(scores[b] as number) - rankScore(scores[a] as number) || a - b);
  const m = Math.min(k, order.length);
  let dcg = 0;
  for (let i = 0; i < m; i++) dcg += gain(truth[order[i] as number] as number) * discount(i);
  return dcg / ideal;
}

/**
 * Exact expected nDCG@k of a uniformly random ordering of the query: each position's expected gain
 * is the mean gain, so E[DCG@k] = meanGain * sum_{i < min(k, n)} 1/log2(i + 2); divided by the
 * ideal DCG@k (a constant). NaN when the ideal DCG is 0.
 */
export function expectedRandomNdcgAtK(truth: ArrayLike<number>, k: number): number {
  const ideal = idealDcg(truth, k);
  if (!(ideal > 0)) return NaN;
  let meanGain = 0;
  for (let i = 0; i < truth.length; i++) meanGain += gain(truth[i] as number);
  meanGain /= truth.length;
  const m = Math.min(k, truth.length);
  let discounts = 0;
  for (let i = 0; i < m; i++) discounts += discount(i);
  return (meanGain * discounts) / ideal;
}

/**
 * Catalog indices of the k highest-scoring items, best first (ties by lower index), skipping
 * `exclude`. A bounded insertion list: O(N k) worst case but O(N) in practice for k = 20, with no
 * per-call sort of the whole catalog.
 */
export function topKIndices(
  scores: ArrayLike<number>,
  k: number,
  exclude: ArrayLike<number> = [],
): Int32Array {
  const excluded = new Set<number>();
  for (let i = 0; i < exclude.length; i++) excluded.add(exclude[i] as number);
  const size = Math.max(0, Math.min(k, scores.length));
  const idx = new Int32Array(size);
  const val = new Float64Array(size);
  let count = 0;
  for (let i = 0; i < scores.length; i++) {
    if (excluded.has(i)) continue;
    const s = rankScore(scores[i] as number);
    // Scanning in index order, a later item only displaces on a strictly greater score: ties keep
    // the lower index ahead.
    if (count === size && (size === 0 || s <= (val[size - 1] as number))) continue;
    let pos = count < size ? count : size - 1;
    while (pos > 0 && (val[pos - 1] as number) < s) {
      val[pos] = val[pos - 1] as number;
      idx[pos] = idx[pos - 1] as number;
      pos--;
    }
    val[pos] = s;
    idx[pos] = i;
    if (count < size) count++;
  }
  return count === size ? idx : idx.slice(0, count);
}

/**
 * Recall@k over the whole catalog: the fraction of the (distinct) `relevant` catalog indices that
 * appear in the top k of `catalogScores` once the `exclude`d indices (e.g. the support items, which
 * the user already rated) are removed. NaN when there are no relevant items.
 */
export function recallAtK(
  catalogScores: Float32Array,
  exclude: ArrayLike<number>,
  relevant: ArrayLike<number>,
  k: number,
): number {
  const rel = new Set<number>();
  for (let i = 0; i < relevant.length; i++) rel.add(relevant[i] as number);
  if (rel.size === 0) return NaN;
  const top = topKIndices(catalogScores, k, exclude);
  let hits = 0;
  for (const i of top) if (rel.has(i)) hits++;
  return hits / rel.size;
}

/**
 * Mean of the finite values with a normal-approximation 95% interval, mean ± 1.96 * sd / sqrt(n)
 * (sample sd, n - 1). NaN values are skipped; lo = hi = mean when n < 2; all NaN when n = 0.
 */
export function meanCI95(values: number[]): CI {
  const xs = values.filter((v) => !Number.isNaN(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, lo: mean, hi: mean, n };
  const variance = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (n - 1);
  const half = (1.96 * Math.sqrt(variance)) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half, n };
}

/**
 * The meanCI95 of the union of disjoint samples, from each sample's meanCI95 alone: each part's
 * sample sd is recovered from its half-width and n, and the pooled variance adds the spread
 * between the parts' means (so the result equals meanCI95 of the concatenated values, up to
 * rounding). Used to pool cross-validation folds, whose test users are disjoint. Parts with n = 0
 * are skipped.
 */
export function poolCI95(parts: readonly CI[]): CI {
  const used = parts.filter((p) => p.n > 0);
  const n = used.reduce((a, p) => a + p.n, 0);
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN, n: 0 };
  const mean = used.reduce((a, p) => a + p.n * p.mean, 0) / n;
  if (n < 2) return { mean, lo: mean, hi: mean, n };
  let squares = 0;
  for (const p of used) {
    const sd = p.n < 2 ? 0 : (((p.hi - p.lo) / 2) * Math.sqrt(p.n)) / 1.96;
    squares += (p.n - 1) * sd * sd + p.n * (p.mean - mean) * (p.mean - mean);
  }
  const half = (1.96 * Math.sqrt(squares / (n - 1))) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half, n };
}

/**
 * Recall@k of a ranked list (catalog indices, best first) against a set of relevant items: the hits
 * among the first k over min(k, |relevant|), so a perfect list scores 1 even when more than k items
 * are relevant. NaN when nothing is relevant.
 */
export function truncatedRecallAtK(
  list: ArrayLike<number>,
  relevant: ReadonlySet<number>,
  k: number,
): number {
  if (relevant.size === 0) return NaN;
  const m = Math.min(k, list.length);
  let hits = 0;
  for (let p = 0; p < m; p++) if (relevant.has(list[p] as number)) hits++;
  return hits / Math.min(k, relevant.size);
}

/**
 * nDCG@k of a ranked list with binary gains (1 for a relevant item, else 0) and discount
 * 1/log2(position + 2); the ideal DCG puts min(k, |relevant|) relevant items first. NaN when nothing
 * is relevant.
 */
export function binaryNdcgAtK(list: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return NaN;
  const m = Math.min(k, list.length);
  let dcg = 0;
  for (let p = 0; p < m; p++) if (relevant.has(list[p] as number)) dcg += discount(p);
  let ideal = 0;
  for (let p = 0; p < Math.min(k, relevant.size); p++) ideal += discount(p);
  return dcg / ideal;
}

/**
 * The median of a multiset given as values and how often each occurs (counts[i] copies of
 * values[i]; the values need not be sorted or distinct): the middle value, or the mean of the two
 * middle values when the total count is even. NaN when the total count is 0.
 */
export function medianOfCounts(values: ArrayLike<number>, counts: ArrayLike<number>): number {
  checkSameLength(values, counts, 'medianOfCounts');
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => (values[a] as number) - (values[b] as number),
  );
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  if (total === 0) return NaN;
  // The values at 0-based positions lo and hi of the sorted multiset (equal when the total is odd).
  const lo = Math.floor((total - 1) / 2);
  const hi = Math.floor(total / 2);
  let seen = 0;
  let atLo = NaN;
  for (const i of order) {
    seen += counts[i] as number;
    if (Number.isNaN(atLo) && seen > lo) atLo = values[i] as number;
    if (seen > hi) return (atLo + (values[i] as number)) / 2;
  }
  return NaN;
}
