/**
 * The content regression, the non-meta reference for a new movie with no rating yet (RLFM's prior,
 * Agarwal & Chen, KDD 2009): ridge regression, with an unpenalized intercept, from the content
 * features c_i [F] onto the trained item's state [v_i, b_i] [d + 1], fitted on the training items.
 * Pure TypeScript: an F x F solve, runs anywhere.
 */
import { solveSpd } from './itemLinalg';
import type { ItemTrainingSet, NewItemPlacer } from './newItem';
import { checkEvidence } from './itemEvidence';

/** A fitted content regression: [v, b] = c W + w0. */
export interface ContentFit {
  dim: number;
  numFeatures: number;
  /** [F * (d + 1)] row-major: feature f's weight on state entry j at f * (d + 1) + j. */
  weights: Float32Array;
  /** [d + 1] the intercept (the weighted mean item state when c is the mean feature row). */
  intercept: Float32Array;
}

export interface ContentOptions {
  /** Ridge strength on the weights (the intercept is free). */
  lambda: number;
  /** Weight each training item by log(1 + its rating count) instead of equally. */
  weightByCount?: boolean;
}

/** The state [v, b] the regression gives a feature row: [d + 1]. */
export function predictContent(fit: ContentFit, features: ArrayLike<number>): Float64Array {
  const w = fit.dim + 1;
  const out = Float64Array.from(fit.intercept);
  for (let f = 0; f < fit.numFeatures; f++) {
    const c = features[f] ?? 0;
    if (c === 0) continue;
    for (let j = 0; j < w; j++) out[j] = (out[j] ?? 0) + c * (fit.weights[f * w + j] ?? 0);
  }
  return out;
}

/** Fits the regression on the training items of `set` (set.items; each item once). */
export function fitContent(set: ItemTrainingSet, opts: ContentOptions): ContentFit {
  const d = set.dim;
  const F = set.numFeatures;
  const w = d + 1;
  const rows = set.items.map(({ item, users }) => ({
    item,
    weight: opts.weightByCount ? Math.log1p(users.length) : 1,
  }));
  const total = rows.reduce((s, r) => s + r.weight, 0) || 1;
  const feat = (i: number, f: number) => set.features[i * F + f] ?? 0;
  const target = (i: number, j: number) =>
    j < d ? (set.itemVectors[i * d + j] ?? 0) : (set.itemBiases[i] ?? 0);
  const xMean = new Float64Array(F);
  const yMean = new Float64Array(w);
  for (const { item, weight } of rows) {
    for (let f = 0; f < F; f++) xMean[f] = (xMean[f] ?? 0) + (weight * feat(item, f)) / total;
    for (let j = 0; j < w; j++) yMean[j] = (yMean[j] ?? 0) + (weight * target(item, j)) / total;
  }
  // Centred normal equations: (Xc' D Xc + lambda I) W = Xc' D Yc.
  const a = new Float64Array(F * F);
  const b = new Float64Array(F * w);
  const xc = new Float64Array(F);
  for (const { item, weight } of rows) {
    for (let f = 0; f < F; f++) xc[f] = feat(item, f) - (xMean[f] ?? 0);
    for (let f = 0; f < F; f++) {
      const wf = weight * (xc[f] ?? 0);
      if (wf === 0) continue;
      for (let g = 0; g < F; g++) a[f * F + g] = (a[f * F + g] ?? 0) + wf * (xc[g] ?? 0);
      for (let j = 0; j < w; j++)
        b[f * w + j] = (b[f * w + j] ?? 0) + wf * (target(item, j) - (yMean[j] ?? 0));
    }
  }
  for (let f = 0; f < F; f++) a[f * F + f] = (a[f * F + f] ?? 0) + opts.lambda;
  const weights = solveSpd(a, F, b, w);
  const intercept = Float64Array.from(yMean);
  for (let f = 0; f < F; f++) {
    for (let j = 0; j < w; j++)
      intercept[j] = (intercept[j] ?? 0) - (xMean[f] ?? 0) * (weights[f * w + j] ?? 0);
  }
  return {
    dim: d,
    numFeatures: F,
    weights: Float32Array.from(weights),
    intercept: Float32Array.from(intercept),
  };
}

/** The K = 0 placer: the regression's state from the features alone; ratings are not used. */
export function contentPlacer(fit: ContentFit): NewItemPlacer {
  return {
    name: 'content',
    place(evidence) {
      checkEvidence(evidence, fit.dim, fit.numFeatures, 'content');
      const s = predictContent(fit, evidence.features);
      return { states: [stateOf(s, fit.dim)], losses: [] };
    },
  };
}

/** A [d + 1] float64 state as a NewItemState. */
export function stateOf(s: ArrayLike<number>, dim: number): { vector: Float32Array; bias: number } {
  return { vector: Float32Array.from({ length: dim }, (_, j) => s[j] ?? 0), bias: Math.fround(s[dim] ?? 0) };
}
