/**
 * The RLFM-style fold-in, the reference a meta-learned warm-up must beat: the content regression's
 * state is the prior mean, and the first K ratings update it in closed form,
 *   s* = argmin_s  sum_k (x_k . s - y_k)^2 + lambda ||s - prior||^2,   x_k = [u_k, 1], s = [v, b],
 * i.e. (X'X + lambda I) s* = X'y + lambda prior, a (d + 1) x (d + 1) solve. The target y_k is the
 * score the rating asks for (itemTargets.ts: the mean training score at that rating level, with a
 * scale and shift tuned on validation items). Pure TypeScript.
 */
import { predictContent, stateOf, type ContentFit } from './itemContent';
import { solveSpd } from './itemLinalg';
import { targetOf, type RatingTargets } from './itemTargets';
import type { NewItemPlacer } from './newItem';
import { checkEvidence } from './itemEvidence';

/**
 * The ridge solution for one item: [d + 1].
 * @param prior [d + 1] the prior mean state.
 * @param raterStates [K * d] row-major.
 * @param targets [K] the score each rating asks for.
 */
export function foldIn(
  prior: ArrayLike<number>,
  raterStates: ArrayLike<number>,
  targets: ArrayLike<number>,
  lambda: number,
  dim: number,
): Float64Array {
  const w = dim + 1;
  const k = targets.length;
  const a = new Float64Array(w * w);
  const b = new Float64Array(w);
  const x = new Float64Array(w);
  for (let j = 0; j < w; j++) {
    a[j * w + j] = lambda;
    b[j] = lambda * (prior[j] ?? 0);
  }
  for (let r = 0; r < k; r++) {
    for (let j = 0; j < dim; j++) x[j] = raterStates[r * dim + j] ?? 0;
    x[dim] = 1;
    const y = targets[r] ?? 0;
    for (let i = 0; i < w; i++) {
      const xi = x[i] ?? 0;
      b[i] = (b[i] ?? 0) + xi * y;
      for (let j = 0; j < w; j++) a[i * w + j] = (a[i * w + j] ?? 0) + xi * (x[j] ?? 0);
    }
  }
  return solveSpd(a, w, b, 1);
}

export interface FoldInOptions {
  /** Prior strength (in units of one rating's squared error). */
  lambda: number;
  targets: RatingTargets;
}

/** Content prior, then the closed-form update: a path of [prior] (K = 0) or [prior, solution]. */
export function foldInPlacer(fit: ContentFit, opts: FoldInOptions): NewItemPlacer {
  const d = fit.dim;
  return {
    name: 'content-foldin',
    place(evidence) {
      checkEvidence(evidence, d, fit.numFeatures, 'content-foldin');
      const prior = predictContent(fit, evidence.features);
      const states = [stateOf(prior, d)];
      if (evidence.ratings.length > 0) {
        const y = Array.from(evidence.ratings, (r) => targetOf(opts.targets, r));
        states.push(stateOf(foldIn(prior, evidence.raterStates, y, opts.lambda, d), d));
      }
      return { states, losses: [] };
    },
  };
}
