/**
 * The warm-up's inner loop: gradient steps on a new movie's state s = [v, b] from its first K
 * ratings, each rating asking for a score (the learned target of its level, y_k):
 *   L(s) = sum_k (x_k . s - y_k)^2 / (K + kappa),          x_k = [u_k, 1] (the rater's state),
 *   s_{t+1} = s_t - eta (.) grad L(s_t),  grad L(s) = c X'(X s - y),  c = 2 / (K + kappa).
 * The gradient is written by hand and so is the backward pass through the steps (exact
 * second-order MAML: the Jacobian of a step is I - c diag(eta) X'X), because the inner loss is
 * quadratic and the whole path is a few small loops. Pure TypeScript, float64 inside.
 */
import { stateOf } from './itemContent';
import { dotAt } from './itemLinalg';
import { ratingLevel } from './listEpisodes';
import type { NewItemPath, NewItemPlacer } from './newItem';
import {
  generate,
  sigmoid,
  softplus,
  type Vec,
  type WarmupGrads,
  type WarmupParams,
} from './itemWarmupGenerator';
import { checkEvidence } from './itemEvidence';

/** A support as the inner loop sees it. */
export interface InnerSupport {
  /** [K * (d + 1)] rows x_k = [u_k, 1]. */
  rows: Float64Array;
  /** [K] rating levels (0-9). */
  levels: Int32Array;
}

/** The support of raw evidence: rater states [K * d] and ratings [K]. */
export function innerSupport(
  raterStates: ArrayLike<number>,
  ratings: ArrayLike<number>,
  dim: number,
): InnerSupport {
  const k = ratings.length;
  const w = dim + 1;
  const rows = new Float64Array(k * w);
  for (let r = 0; r < k; r++) {
    for (let j = 0; j < dim; j++) rows[r * w + j] = raterStates[r * dim + j] ?? 0;
    rows[r * w + dim] = 1;
  }
  return { rows, levels: Int32Array.from({ length: k }, (_, r) => ratingLevel(ratings[r] ?? 0)) };
}

export interface InnerTrace {
  /** s_0 ... s_T, each [d + 1]. */
  states: Float64Array[];
  /** X s_t - y at each state before a step, [K] each (T of them). */
  residuals: Float64Array[];
  /** grad L(s_t) at each state before a step, [d + 1] each. */
  grads: Float64Array[];
  /** c = 2 / (K + kappa). */
  coef: number;
}

/** X s - y: [K]. */
function residual(p: WarmupParams<Vec>, sup: InnerSupport, s: ArrayLike<number>): Float64Array {
  const w = p.dim + 1;
  return Float64Array.from(
    sup.levels,
    (level, k) => dotAt(sup.rows, k * w, s, 0, w) - (p.levelTargets[level] ?? 0),
  );
}

/** X' r: [d + 1]. */
function transposeTimes(sup: InnerSupport, r: ArrayLike<number>, w: number): Float64Array {
  const out = new Float64Array(w);
  for (let k = 0; k < sup.levels.length; k++) {
    const rk = r[k] ?? 0;
    for (let j = 0; j < w; j++) out[j] = (out[j] ?? 0) + (sup.rows[k * w + j] ?? 0) * rk;
  }
  return out;
}

export function innerForward(
  p: WarmupParams<Vec>,
  sup: InnerSupport,
  s0: Float64Array,
  steps: number,
): InnerTrace {
  const w = p.dim + 1;
  const coef = 2 / (sup.levels.length + softplus(p.shrink[0] ?? 0));
  const trace: InnerTrace = { states: [s0], residuals: [], grads: [], coef };
  let s = s0;
  for (let t = 0; t < steps; t++) {
    const r = residual(p, sup, s);
    const g = transposeTimes(sup, r, w).map((v) => coef * v);
    s = s.map((v, j) => v - (p.innerLr[j] ?? 0) * (g[j] ?? 0));
    trace.residuals.push(r);
    trace.grads.push(g);
    trace.states.push(s);
  }
  return trace;
}

/**
 * Back through the inner steps: given dS = d(loss)/d(s_T), adds the gradients of the rates, kappa's
 * raw parameter and the level targets to `grads` and returns d(loss)/d(s_0). `firstOrder` drops the
 * second-order term (treats each step's gradient as a constant in s), as first-order MAML does.
 */
export function innerBackward(
  p: WarmupParams<Vec>,
  sup: InnerSupport,
  trace: InnerTrace,
  dS: Float64Array,
  grads: WarmupGrads,
  firstOrder = false,
): Float64Array {
  const w = p.dim + 1;
  const k = sup.levels.length;
  const c = trace.coef;
  let ds = dS;
  let dc = 0;
  for (let t = trace.grads.length - 1; t >= 0; t--) {
    const g = trace.grads[t] as Float64Array;
    const r = trace.residuals[t] as Float64Array;
    const a = ds.map((v, j) => (p.innerLr[j] ?? 0) * v);
    for (let j = 0; j < w; j++) grads.innerLr[j] = (grads.innerLr[j] ?? 0) - (ds[j] ?? 0) * (g[j] ?? 0);
    const xa = Float64Array.from({ length: k }, (_, q) => dotAt(sup.rows, q * w, a, 0, w));
    for (let q = 0; q < k; q++) {
      dc -= (xa[q] ?? 0) * (r[q] ?? 0);
      const level = sup.levels[q] ?? 0;
      grads.levelTargets[level] = (grads.levelTargets[level] ?? 0) + c * (xa[q] ?? 0);
    }
    if (!firstOrder) {
      const back = transposeTimes(sup, xa, w);
      ds = ds.map((v, j) => v - c * (back[j] ?? 0));
    }
  }
  const rho = p.shrink[0] ?? 0;
  const kappa = softplus(rho);
  grads.shrink[0] = (grads.shrink[0] ?? 0) + dc * (-2 / (k + kappa) ** 2) * sigmoid(rho);
  return ds;
}

/** The support's mean squared error (x_k . s - y_k)^2 at a state: the curve the app draws. */
export function supportError(p: WarmupParams<Vec>, sup: InnerSupport, s: ArrayLike<number>): number {
  const r = residual(p, sup, s);
  return r.reduce((a, v) => a + v * v, 0) / Math.max(1, r.length);
}

/**
 * The warm-up as a placer: the generator's state at index 0, then one state per inner step (K > 0);
 * losses: the support's mean squared error at each state (the inner loss up to K / (K + kappa)).
 */
export function warmupPlacer(p: WarmupParams<Vec>, steps = p.innerSteps, name = 'warmup'): NewItemPlacer {
  return {
    name,
    place(evidence): NewItemPath {
      checkEvidence(evidence, p.dim, p.numFeatures, name);
      const { s0 } = generate(p, evidence.features);
      if (evidence.ratings.length === 0) return { states: [stateOf(s0, p.dim)], losses: [] };
      const sup = innerSupport(evidence.raterStates, evidence.ratings, p.dim);
      const trace = innerForward(p, sup, s0, steps);
      return {
        states: trace.states.map((s) => stateOf(s, p.dim)),
        losses: trace.states.map((s) => supportError(p, sup, s)),
      };
    },
  };
}
