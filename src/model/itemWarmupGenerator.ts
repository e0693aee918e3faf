/**
 * The meta-learned warm-up's parameters and its generator (MetaEmb, Pan et al., SIGIR 2019): the
 * initial state of a new movie from its content features alone,
 *   s0 = c A + a0 + relu(c W1 + b1) W2,     s = [v, b]  [d + 1],
 * a linear part (started at the content regression, so the untrained generator is the reference)
 * plus a small relu network (W2 starts at zero) for what a linear map of the features misses.
 * Pure TypeScript in float64 with the backward pass written by hand: the whole warm-up is small
 * enough (F x H + H x (d + 1) weights) that plain loops beat tensor kernels, and the same code runs
 * in Node, the worker and the main thread.
 */
import type { Rng } from '../data/rng';
import type { ContentFit } from './itemContent';
import type { RatingTargets } from './itemTargets';
import { RATING_LEVELS } from './listEpisodes';

export type Vec = Float32Array | Float64Array;

/** The trainable arrays (float32 when shipped, float64 in the gradient checks). */
export interface WarmupParams<V extends Vec = Float32Array> {
  dim: number;
  numFeatures: number;
  hidden: number;
  /** Inner steps the warm-up was meta-trained with (the placer's default). */
  innerSteps: number;
  /** [F * (d + 1)] A, row-major (feature f, state entry j at f * (d + 1) + j). */
  linear: V;
  /** [d + 1] a0. */
  offset: V;
  /** [F * H] W1. */
  w1: V;
  /** [H] b1. */
  b1: V;
  /** [H * (d + 1)] W2. */
  w2: V;
  /** [d + 1] the inner learning rate of each state entry (Meta-SGD; training keeps them >= 0). */
  innerLr: V;
  /** [1] rho: the inner loss divides by K + kappa, kappa = softplus(rho) (a short support moves less). */
  shrink: V;
  /** [RATING_LEVELS] the score each rating level asks for in the inner loss. */
  levelTargets: V;
}

export const WARMUP_GROUPS = [
  'linear',
  'offset',
  'w1',
  'b1',
  'w2',
  'innerLr',
  'shrink',
  'levelTargets',
] as const;
export type WarmupGroup = (typeof WARMUP_GROUPS)[number];
/** Gradients (or any per-group arrays) shaped like the parameters. */
export type WarmupGrads = Record<WarmupGroup, Float64Array>;

export function zeroGrads(p: WarmupParams<Vec>): WarmupGrads {
  const out = {} as WarmupGrads;
  for (const g of WARMUP_GROUPS) out[g] = new Float64Array(p[g].length);
  return out;
}

export interface WarmupInit {
  hidden: number;
  innerSteps: number;
  /** The content regression the linear part starts from (zeros without one). */
  content?: ContentFit;
  targets: RatingTargets;
  /** Initial inner rate, the same for every entry. */
  innerLr: number;
  /** Initial kappa. */
  shrink: number;
}

/** kappa's raw parameter for a given kappa (inverse softplus). */
export const shrinkRawFor = (kappa: number): number => Math.log(Math.expm1(Math.max(kappa, 1e-6)));
export const softplus = (x: number): number => (x > 30 ? x : Math.log1p(Math.exp(x)));
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function initWarmup(dim: number, numFeatures: number, init: WarmupInit, rng: Rng): WarmupParams {
  const w = dim + 1;
  const h = init.hidden;
  const he = Math.sqrt(2 / Math.max(1, numFeatures));
  return {
    dim,
    numFeatures,
    hidden: h,
    innerSteps: init.innerSteps,
    linear: init.content ? Float32Array.from(init.content.weights) : new Float32Array(numFeatures * w),
    offset: init.content ? Float32Array.from(init.content.intercept) : new Float32Array(w),
    w1: Float32Array.from({ length: numFeatures * h }, () => rng.normal() * he),
    b1: new Float32Array(h),
    w2: new Float32Array(h * w),
    innerLr: new Float32Array(w).fill(init.innerLr),
    shrink: Float32Array.of(shrinkRawFor(init.shrink)),
    levelTargets: Float32Array.from({ length: RATING_LEVELS }, (_, l) => init.targets.levels[l] ?? 0),
  };
}

/** What the backward pass needs from the forward one. */
export interface GeneratorTrace {
  /** [d + 1] */
  s0: Float64Array;
  /** [H] pre-activations and activations. */
  pre: Float64Array;
  act: Float64Array;
}

export function generate(p: WarmupParams<Vec>, c: ArrayLike<number>): GeneratorTrace {
  const w = p.dim + 1;
  const F = p.numFeatures;
  const H = p.hidden;
  const s0 = Float64Array.from(p.offset);
  const pre = Float64Array.from(p.b1);
  for (let f = 0; f < F; f++) {
    const cf = c[f] ?? 0;
    if (cf === 0) continue;
    for (let j = 0; j < w; j++) s0[j] = (s0[j] ?? 0) + cf * (p.linear[f * w + j] ?? 0);
    for (let k = 0; k < H; k++) pre[k] = (pre[k] ?? 0) + cf * (p.w1[f * H + k] ?? 0);
  }
  const act = pre.map((x) => (x > 0 ? x : 0));
  for (let k = 0; k < H; k++) {
    const a = act[k] ?? 0;
    if (a === 0) continue;
    for (let j = 0; j < w; j++) s0[j] = (s0[j] ?? 0) + a * (p.w2[k * w + j] ?? 0);
  }
  return { s0, pre, act };
}

/** Adds d(loss)/d(generator weights) to `grads`, given ds0 = d(loss)/d(s0). */
export function generatorBackward(
  p: WarmupParams<Vec>,
  c: ArrayLike<number>,
  trace: GeneratorTrace,
  ds0: ArrayLike<number>,
  grads: WarmupGrads,
): void {
  const w = p.dim + 1;
  const F = p.numFeatures;
  const H = p.hidden;
  const dpre = new Float64Array(H);
  for (let k = 0; k < H; k++) {
    const a = trace.act[k] ?? 0;
    let back = 0;
    for (let j = 0; j < w; j++) {
      const g = ds0[j] ?? 0;
      grads.w2[k * w + j] = (grads.w2[k * w + j] ?? 0) + a * g;
      back += (p.w2[k * w + j] ?? 0) * g;
    }
    dpre[k] = (trace.pre[k] ?? 0) > 0 ? back : 0;
    grads.b1[k] = (grads.b1[k] ?? 0) + (dpre[k] ?? 0);
  }
  for (let j = 0; j < w; j++) grads.offset[j] = (grads.offset[j] ?? 0) + (ds0[j] ?? 0);
  for (let f = 0; f < F; f++) {
    const cf = c[f] ?? 0;
    if (cf === 0) continue;
    for (let j = 0; j < w; j++) grads.linear[f * w + j] = (grads.linear[f * w + j] ?? 0) + cf * (ds0[j] ?? 0);
    for (let k = 0; k < H; k++) grads.w1[f * H + k] = (grads.w1[f * H + k] ?? 0) + cf * (dpre[k] ?? 0);
  }
}
