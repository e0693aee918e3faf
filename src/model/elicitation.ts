/**
 * "Most informative next": which unrated movie's rating would move the adapted user state the most
 * (MeLU's evidence selection, scored in closed form). For a candidate i at the current state phi,
 * one inner step on a hypothetical rating r moves phi by lr * 2 (p_i - r) squash'(z_i) [v_i, 1];
 * the score is the expected size of that move over r in {1, ..., 5}, times log(1 + rating count)
 * so the visitor is likely to know the movie. Pure TypeScript on the Recommender's plain arrays.
 *
 * A list model (listCore.ts) has no predicted rating to be surprised by: a rating r of item i adds
 * evidence w = a(r) / (K + 1 + kappa) at i, and the next inner step moves u by w lr (v_i - vbar),
 * where vbar = sum_j softmax(z)_j v_j is the item the current state expects on average. w is the
 * same for every candidate, so the score is log(1 + rating count) * |lr (v_i - vbar)|: a movie far
 * from what the model already expects of the visitor tells it the most.
 */

export interface InformativeInput {
  /** [numItems, dim + 1] rows [v_i, 1]. */
  vectors: Float32Array;
  /** [numItems] item biases (mu included). */
  biases: Float32Array;
  /** Current adapted state [dim + 1]. */
  phi: Float32Array;
  /** Per-entry inner learning rates [dim + 1]. */
  lr: Float32Array;
  /** Meta-train rating count per item, [numItems]. */
  counts: ArrayLike<number>;
  /** What the model fits: ratings (the default) or a list over the catalog (listCore.ts). */
  objective?: 'rating' | 'list';
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));

/** Scores of the given candidates (higher: more informative), same order. */
export function informativeScores(input: InformativeInput, candidates: ArrayLike<number>): Float32Array {
  if (input.objective === 'list') return listInformativeScores(input, candidates);
  const width = input.phi.length;
  const out = new Float32Array(candidates.length);
  for (let c = 0; c < candidates.length; c++) {
    const i = candidates[c] ?? 0;
    let z = input.biases[i] ?? 0;
    let move = 0;
    for (let e = 0; e < width; e++) {
      const v = input.vectors[i * width + e] ?? 0;
      z += (input.phi[e] ?? 0) * v;
      move += ((input.lr[e] ?? 0) * v) ** 2;
    }
    const p = 0.5 + softplus(z - 0.5) - softplus(z - 5);
    const slope = sigmoid(z - 0.5) - sigmoid(z - 5);
    let surprise = 0;
    for (let r = 1; r <= 5; r++) surprise += Math.abs(p - r) / 5;
    out[c] = Math.log1p(input.counts[i] ?? 0) * surprise * slope * Math.sqrt(move);
  }
  return out;
}

function listInformativeScores(input: InformativeInput, candidates: ArrayLike<number>): Float32Array {
  const width = input.phi.length;
  const dim = width - 1;
  const n = input.biases.length;
  // vbar: the softmax-weighted mean item vector at the current state (max-shifted for stability).
  const z = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    let acc = input.biases[i] ?? 0;
    for (let e = 0; e < dim; e++) acc += (input.phi[e] ?? 0) * (input.vectors[i * width + e] ?? 0);
    z[i] = acc;
    if (acc > max) max = acc;
  }
  const vbar = new Float64Array(dim);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.exp((z[i] ?? 0) - max);
    total += p;
    for (let e = 0; e < dim; e++) vbar[e]! += p * (input.vectors[i * width + e] ?? 0);
  }
  for (let e = 0; e < dim; e++) vbar[e]! /= total || 1;
  const out = new Float32Array(candidates.length);
  for (let c = 0; c < candidates.length; c++) {
    const i = candidates[c] ?? 0;
    let move = 0;
    for (let e = 0; e < dim; e++)
      move += ((input.lr[e] ?? 0) * ((input.vectors[i * width + e] ?? 0) - (vbar[e] ?? 0))) ** 2;
    out[c] = Math.log1p(input.counts[i] ?? 0) * Math.sqrt(move);
  }
  return out;
}

/**
 * The `limit` most informative movies among the `poolSize` most rated ones, excluding some, best
 * first.
 */
export function informativeOrder(
  input: InformativeInput,
  exclude: Iterable<number>,
  limit: number,
  poolSize = 800,
): Int32Array {
  const skip = new Set(exclude);
  const n = input.biases.length;
  const byCount = Array.from({ length: n }, (_, i) => i)
    .filter((i) => !skip.has(i))
    .sort((a, b) => (input.counts[b] ?? 0) - (input.counts[a] ?? 0))
    .slice(0, poolSize);
  const scores = informativeScores(input, byCount);
  const order = byCount.map((i, c) => ({ i, s: scores[c] ?? 0 })).sort((a, b) => b.s - a.s);
  return Int32Array.from(order.slice(0, limit), (x) => x.i);
}
