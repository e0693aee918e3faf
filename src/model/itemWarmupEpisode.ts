/**
 * Meta-training episodes of the warm-up and their outer loss. An episode is a training movie: its
 * first K ratings (time order) are the support, the rest of its raters the query. The outer loss
 * asks whether the warmed-up movie reaches its likers: for each query rater q, the logistic loss of
 *   z_q = beta (x_q . s_T - threshold_q)
 * with label "liked" (rating >= LIKED_RATING), threshold_q the rater's top-20 score threshold, so a
 * movie scoring above it is in their list; likers and the rest weigh half each. An optional anchor,
 * anchor * ||s_T - [v_i, b_i]||^2 toward the movie's trained state, keeps placements where trained
 * movies live (the ranking loss alone rewards stretching v, which would throw the movie off the map). The sigmoid appears
 * only here (the outer loss), never inside the differentiated inner steps. Pure TypeScript.
 */
import type { Rng } from '../data/rng';
import {
  generate,
  generatorBackward,
  softplus,
  sigmoid,
  type Vec,
  type WarmupGrads,
  type WarmupParams,
} from './itemWarmupGenerator';
import { innerBackward, innerForward, innerSupport, type InnerSupport } from './itemWarmupInner';
import { dotAt } from './itemLinalg';
import { LIKED_RATING } from './listEpisodes';
import type { ItemTrainingSet } from './newItem';

export interface WarmupEpisode {
  /** [F] the movie's content features. */
  features: ArrayLike<number>;
  support: InnerSupport;
  /** [Q * (d + 1)] query rows [u_q, 1]. */
  query: Float64Array;
  /** [Q] the query raters' top-20 thresholds. */
  thresholds: Float64Array;
  /** [Q] 1 where the rater liked the movie. */
  liked: Uint8Array;
  /** [d + 1] the movie's trained state [v, b] (what the anchor term pulls toward). */
  truth: Float64Array;
}

export interface EpisodeOptions {
  /** Query raters per episode at most (a random subset beyond that). */
  maxQuery: number;
}

/** The episode of training item `index` of `set.items` with a support of its first k ratings. */
export function makeEpisode(
  set: ItemTrainingSet,
  index: number,
  k: number,
  opts: EpisodeOptions,
  rng: Rng,
): WarmupEpisode {
  const d = set.dim;
  const w = d + 1;
  const entry = set.items[index];
  if (!entry) throw new Error(`makeEpisode: no training item at ${index}`);
  const { item, users, ratings } = entry;
  const first = users.subarray(0, k);
  const raterStates = new Float64Array(first.length * d);
  first.forEach((u, r) => raterStates.set(set.userStates.subarray(u * d, (u + 1) * d), r * d));
  const support = innerSupport(raterStates, ratings.subarray(0, k), d);
  let rest = Array.from({ length: users.length - first.length }, (_, i) => i + first.length);
  if (rest.length > opts.maxQuery) rest = rng.shuffle(rest).slice(0, opts.maxQuery);
  const query = new Float64Array(rest.length * w);
  const thresholds = new Float64Array(rest.length);
  const liked = new Uint8Array(rest.length);
  rest.forEach((pos, q) => {
    const u = users[pos] ?? 0;
    for (let j = 0; j < d; j++) query[q * w + j] = set.userStates[u * d + j] ?? 0;
    query[q * w + d] = 1;
    thresholds[q] = set.top20Threshold[u] ?? 0;
    liked[q] = (ratings[pos] ?? 0) >= LIKED_RATING ? 1 : 0;
  });
  const truth = new Float64Array(w);
  for (let j = 0; j < d; j++) truth[j] = set.itemVectors[item * d + j] ?? 0;
  truth[d] = set.itemBiases[item] ?? 0;
  return {
    features: set.features.subarray(item * set.numFeatures, (item + 1) * set.numFeatures),
    support,
    query,
    thresholds,
    liked,
    truth,
  };
}

/** Per-rater weights: half the mass on likers and half on the rest (all on one side if the other is empty). */
function queryWeights(liked: Uint8Array): Float64Array {
  let pos = 0;
  for (const l of liked) pos += l;
  const neg = liked.length - pos;
  const wPos = pos === 0 ? 0 : neg === 0 ? 1 / pos : 0.5 / pos;
  const wNeg = neg === 0 ? 0 : pos === 0 ? 1 / neg : 0.5 / neg;
  return Float64Array.from(liked, (l) => (l ? wPos : wNeg));
}

/** The outer loss's settings. */
export interface OuterOptions {
  /** beta in the logistic of (x_q . s - threshold_q). */
  temperature: number;
  /** Weight of ||s - truth||^2: keeps the placed state near where training puts such movies (on the map). */
  anchor: number;
}

/** The outer loss at a state and, when `ds` is given, its gradient in the state (added into ds). */
export function outerLoss(
  ep: WarmupEpisode,
  s: ArrayLike<number>,
  opts: OuterOptions,
  w: number,
  ds?: Float64Array,
): number {
  const weights = queryWeights(ep.liked);
  const beta = opts.temperature;
  let loss = 0;
  for (let j = 0; j < w; j++) {
    const diff = (s[j] ?? 0) - (ep.truth[j] ?? 0);
    loss += opts.anchor * diff * diff;
    if (ds) ds[j] = (ds[j] ?? 0) + 2 * opts.anchor * diff;
  }
  for (let q = 0; q < ep.liked.length; q++) {
    const z = beta * (dotAt(ep.query, q * w, s, 0, w) - (ep.thresholds[q] ?? 0));
    const y = ep.liked[q] ?? 0;
    const wq = weights[q] ?? 0;
    loss += wq * (softplus(z) - y * z);
    if (ds) {
      const dz = wq * (sigmoid(z) - y) * beta;
      for (let j = 0; j < w; j++) ds[j] = (ds[j] ?? 0) + dz * (ep.query[q * w + j] ?? 0);
    }
  }
  return loss;
}

/**
 * One episode's outer loss after `steps` inner steps and, when `grads` is given, its gradient in
 * every parameter (scaled by `scale`) added to grads: through the inner steps (second order unless
 * `firstOrder`) into the generator.
 */
export function episodeLoss(
  p: WarmupParams<Vec>,
  ep: WarmupEpisode,
  steps: number,
  outer: OuterOptions,
  grads?: WarmupGrads,
  scale = 1,
  firstOrder = false,
): number {
  const w = p.dim + 1;
  const gen = generate(p, ep.features);
  const trace = innerForward(p, ep.support, gen.s0, ep.support.levels.length > 0 ? steps : 0);
  const sT = trace.states[trace.states.length - 1] as Float64Array;
  if (!grads) return outerLoss(ep, sT, outer, w);
  const dS = new Float64Array(w);
  const loss = outerLoss(ep, sT, outer, w, dS);
  for (let j = 0; j < w; j++) dS[j] = (dS[j] ?? 0) * scale;
  const ds0 = innerBackward(p, ep.support, trace, dS, grads, firstOrder);
  generatorBackward(p, ep.features, gen, ds0, grads);
  return loss;
}
