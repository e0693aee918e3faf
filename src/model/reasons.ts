/**
 * Why a movie is in a visitor's list: an exact split of its score change over the rated movies,
 * and the reason a card states from it. Plain TypeScript, no tfjs: the worker runs it on the states
 * its adaptation already read back (N movies x d entries x S steps: a few milliseconds).
 *
 * The list rule's update is linear in the evidence A (listCore.ts). An inner step is
 *   u_{s+1} = u_s - lr ⊙ (rowsum(A) m_s - A V),   m_s = softmax(z(u_s)) V (the expected item vector),
 * so after S steps from u_start
 *   u_S - u_start = sum_j A_j lr ⊙ (S v_j - M),   M = sum_{s<S} m_s,
 * and the encoder pass adds u_start - u0 = (A V) W = sum_j A_j (v_j W). Item i's score
 * z_i = u . v_i + b_i therefore moves by
 *   (u_S - u0) . v_i = sum_j c_ij,   c_ij = A_j g_j . v_i,   g_j = [v_j W] + lr ⊙ (S v_j - M),
 * exactly: c_ij is how much rated movie j raised (or lowered) movie i's score.
 */
import { ratingLevel } from './listEpisodes';

/** A list model's adaptation as plain arrays (Recommender.attributionModel builds it). */
export interface AttributionModel {
  dim: number;
  /** [N, stride] item rows; the first `dim` entries of row i are v_i. */
  vectors: Float32Array;
  stride: number;
  /** [N] list biases b_i. */
  biases: Float32Array;
  /** [dim] initial state u0. */
  u0: Float32Array;
  /** The inner rate: [dim] per entry, or one scalar. */
  lr: Float32Array | number;
  /** [10] evidence weight a(r) per half-star level. */
  levelWeights: Float32Array;
  /** kappa: K ratings weigh a(r) / (K + kappa) each. */
  shrink: number;
  /** [dim, dim] encoder W, row-major (u = u0 + (A V) W), or null when the rule has no encoder pass. */
  encoder: Float32Array | null;
}

/** Ratings at or above this are "liked" in a reason; below, never. */
export const LIKED_STARS = 3.5;
/**
 * A rated movie is cited beside the largest contributor only with at least this share of the
 * positive push on the movie (the sum of the positive c_ij).
 */
export const MIN_SHARE = 0.1;
/** Score changes below this (logits) move no movie in a list: no rated movie contributes. */
export const MIN_PUSH = 1e-3;

/**
 * 'liked': rated >= 3.5 and counts toward its neighbours; 'watched': rated below 3.5 but, with a
 * positive a(r), still counts toward its neighbours (people who watch it watch this); 'unlike': a
 * rating with a negative a(r) that pushes this movie up by pushing away from the rated one.
 */
export type ReasonKind = 'liked' | 'unlike' | 'watched';

export interface Reason {
  /** Catalog index of the rated movie cited. */
  index: number;
  kind: ReasonKind;
  /** Its share of the positive push on the recommended movie, (0, 1]. */
  share: number;
}

/** A_j = a(r_j) / (K + kappa) of each rated movie, [K]. */
export function evidenceWeights(model: AttributionModel, ratings: ArrayLike<number>): Float64Array {
  const k = ratings.length;
  return Float64Array.from({ length: k }, (_, j) => {
    const a = model.levelWeights[ratingLevel(ratings[j] ?? 0)] ?? 0;
    return a / (k + model.shrink);
  });
}

/**
 * The direction g_j of each rated movie, [K * dim], such that u_S - u0 = sum_j A_j g_j.
 * @param states the state after the encoder pass (u0 without one) and after each of the S inner
 *   steps: [(S + 1) * stateStride], entries past `dim` ignored.
 */
export function directions(
  model: AttributionModel,
  items: ArrayLike<number>,
  states: Float32Array,
  stateStride: number,
): Float64Array {
  const d = model.dim;
  const k = items.length;
  const steps = Math.max(0, Math.floor(states.length / stateStride) - 1);
  // M = sum over the steps taken of the expected item vector under softmax(z(u_s)).
  const sumM = new Float64Array(d);
  for (let s = 0; s < steps; s++) {
    const m = expectedVector(model, states.subarray(s * stateStride, s * stateStride + d));
    for (let t = 0; t < d; t++) sumM[t]! += m[t]!;
  }
  const g = new Float64Array(k * d);
  const rate = (t: number) => (typeof model.lr === 'number' ? model.lr : (model.lr[t] ?? 0));
  for (let j = 0; j < k; j++) {
    const row = (items[j] ?? 0) * model.stride;
    for (let t = 0; t < d; t++) {
      let x = rate(t) * (steps * (model.vectors[row + t] ?? 0) - sumM[t]!);
      if (model.encoder)
        for (let r = 0; r < d; r++) x += (model.vectors[row + r] ?? 0) * (model.encoder[r * d + t] ?? 0);
      g[j * d + t] = x;
    }
  }
  return g;
}

/** softmax(z(u)) V, [dim], in float64 (max-shifted). */
function expectedVector(model: AttributionModel, u: Float32Array): Float64Array {
  const { dim: d, stride, vectors, biases } = model;
  const n = biases.length;
  const z = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    let s = biases[i] ?? 0;
    for (let t = 0; t < d; t++) s += (u[t] ?? 0) * (vectors[i * stride + t] ?? 0);
    z[i] = s;
    if (s > max) max = s;
  }
  const m = new Float64Array(d);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.exp(z[i]! - max);
    total += p;
    for (let t = 0; t < d; t++) m[t]! += p * (vectors[i * stride + t] ?? 0);
  }
  for (let t = 0; t < d; t++) m[t]! /= total;
  return m;
}

/**
 * c_ij for each target movie i and rated movie j: [targets.length * K], row i's entries sum to
 * (u_S - u0) . v_i, the target's score change. See the file's first lines.
 */
export function contributions(
  model: AttributionModel,
  support: { items: ArrayLike<number>; ratings: ArrayLike<number> },
  states: Float32Array,
  stateStride: number,
  targets: ArrayLike<number>,
): Float64Array {
  const d = model.dim;
  const k = support.items.length;
  const weights = evidenceWeights(model, support.ratings);
  const g = directions(model, support.items, states, stateStride);
  const out = new Float64Array(targets.length * k);
  for (let a = 0; a < targets.length; a++) {
    const row = (targets[a] ?? 0) * model.stride;
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let t = 0; t < d; t++) dot += g[j * d + t]! * (model.vectors[row + t] ?? 0);
      out[a * k + j] = weights[j]! * dot;
    }
  }
  return out;
}

/**
 * The reason for one recommended movie from its contributions c_j (one per rated movie).
 *   - No rated movie pushes it up by at least MIN_PUSH: [] (it is there on the crowd's prior).
 *   - The largest positive contributor is a liked movie (>= 3.5 stars): it and at most one more
 *     liked movie with at least MIN_SHARE of the push, kind 'liked'.
 *   - Otherwise the largest contributor is cited as what it is ('watched' when its a(r) is
 *     positive: a low rating still pulls toward that movie's neighbours; 'unlike' when a(r) is
 *     negative), then at most one liked movie with at least MIN_SHARE.
 * A rating below 3.5 is never 'liked'. Non-finite contributions count as 0.
 */
export function reasonOf(
  c: ArrayLike<number>,
  support: { items: ArrayLike<number>; ratings: ArrayLike<number> },
  levelWeights: ArrayLike<number>,
): Reason[] {
  const k = support.items.length;
  let push = 0;
  const pos: { j: number; c: number }[] = [];
  for (let j = 0; j < k; j++) {
    const v = c[j] ?? 0;
    if (Number.isFinite(v) && v > 0) {
      push += v;
      pos.push({ j, c: v });
    }
  }
  pos.sort((a, b) => b.c - a.c || a.j - b.j);
  if ((pos[0]?.c ?? 0) < MIN_PUSH) return [];
  const rating = (j: number) => support.ratings[j] ?? 0;
  const kindOf = (j: number): ReasonKind =>
    (levelWeights[ratingLevel(rating(j))] ?? 0) < 0
      ? 'unlike'
      : rating(j) >= LIKED_STARS
        ? 'liked'
        : 'watched';
  const cite = (p: { j: number; c: number }): Reason => ({
    index: support.items[p.j] ?? 0,
    kind: kindOf(p.j),
    share: p.c / push,
  });
  const [top, ...rest] = pos as [{ j: number; c: number }, ...{ j: number; c: number }[]];
  const second = rest.find((p) => kindOf(p.j) === 'liked' && p.c / push >= MIN_SHARE);
  return second ? [cite(top), cite(second)] : [cite(top)];
}

/**
 * The reasons of several recommended movies at once (one pass for M), and the liked movies each
 * cites (Recommendation.because).
 */
export function explainList(
  model: AttributionModel,
  support: { items: ArrayLike<number>; ratings: ArrayLike<number> },
  states: Float32Array,
  stateStride: number,
  targets: ArrayLike<number>,
): Reason[][] {
  const k = support.items.length;
  if (k === 0) return Array.from(targets, () => []);
  const c = contributions(model, support, states, stateStride, targets);
  return Array.from(targets, (_, a) => reasonOf(c.subarray(a * k, (a + 1) * k), support, model.levelWeights));
}
