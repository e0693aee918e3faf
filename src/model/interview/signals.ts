/**
 * What the list model's adapted state says about each candidate movie, for the model-based
 * interview strategies: how likely the visitor has seen it and how far a rating of it would move
 * the state. Pure TypeScript on the Recommender's plain arrays.
 */

/** The list model's plain arrays (Recommender.attributionModel()). */
export interface InterviewModel {
  dim: number;
  /** [N, stride] rows; the first `dim` entries of row i are v_i. */
  vectors: Float32Array;
  stride: number;
  biases: Float32Array;
  /** [dim] inner learning rates. */
  lr: Float32Array;
}

/**
 * What the model's state says about every catalog movie: p = softmax(scores) (the model's
 * probability that the visitor's next rated movie is i) and vbar = sum_i p_i v_i, the movie it
 * expects on average. O(N dim).
 */
export function stateSummary(
  model: InterviewModel,
  scores: Float32Array,
): { logp: Float64Array; vbar: Float64Array } {
  const n = scores.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) if ((scores[i] ?? -Infinity) > max) max = scores[i] as number;
  let total = 0;
  const vbar = new Float64Array(model.dim);
  for (let i = 0; i < n; i++) {
    const e = Math.exp((scores[i] ?? -Infinity) - max);
    total += e;
    const row = i * model.stride;
    for (let t = 0; t < model.dim; t++) vbar[t]! += e * (model.vectors[row + t] ?? 0);
  }
  for (let t = 0; t < model.dim; t++) vbar[t]! /= total || 1;
  const lse = max + Math.log(total || 1);
  const logp = Float64Array.from(scores, (z) => z - lse);
  return { logp, vbar };
}

/** |lr ⊙ (v_i - vbar)|: how far one more rating of i would move the state (src/model/elicitation.ts). */
export function stateMove(model: InterviewModel, vbar: Float64Array, item: number): number {
  let s = 0;
  const row = item * model.stride;
  for (let t = 0; t < model.dim; t++)
    s += ((model.lr[t] ?? 0) * ((model.vectors[row + t] ?? 0) - (vbar[t] ?? 0))) ** 2;
  return Math.sqrt(s);
}

/** P(seen i) = 1 - exp(-m p_i): a visitor with m ratings drawn from the model's softmax (Poisson). */
export const seenProbability = (logp: number, m: number): number => -Math.expm1(-m * Math.exp(logp));
