/**
 * Meta-training of the item warm-up on episodes of training movies (never held-out ones): each
 * iteration draws a meta-batch of movies, each with a support size K from `supportSizes` (its first
 * K ratings) and the rest of its raters as the query, and takes one Adam step on the mean outer loss,
 * differentiated exactly through the inner steps (second-order MAML; first order on request) into
 * the generator, the inner rates, kappa and the level targets. Pure TypeScript: an episode is a few
 * thousand multiply-adds, so a loop over the meta-batch costs less than tensor kernels would.
 */
import type { Rng } from '../data/rng';
import { Adam } from './adam';
import { fitContent, type ContentFit } from './itemContent';
import { fitRatingTargets, type RatingTargets } from './itemTargets';
import { episodeLoss, makeEpisode } from './itemWarmupEpisode';
import {
  WARMUP_GROUPS,
  initWarmup,
  zeroGrads,
  type WarmupGroup,
  type WarmupParams,
} from './itemWarmupGenerator';
import type { ItemTrainingSet } from './newItem';

export interface WarmupConfig {
  /** Hidden units of the generator's relu layer. */
  hidden: number;
  /** Inner steps per episode (and the placer's default). */
  innerSteps: number;
  iterations: number;
  /** Movies per meta-batch. */
  metaBatch: number;
  /** Adam's step size (the inner rates move at a tenth of it and stay >= 0). */
  learningRate: number;
  /** Decoupled weight decay on the relu network (W1, W2). */
  weightDecay: number;
  /** Support sizes K drawn uniformly per episode. */
  supportSizes: number[];
  /** A movie enters an episode of size K only with at least K + minQuery raters. */
  minQuery: number;
  maxQuery: number;
  /** beta in the outer loss's logistic (x_q . s - threshold_q). */
  temperature: number;
  /**
   * Weight of the outer loss's pull toward the movie's trained state. 0.01 was the best of 0.01,
   * 0.03, 0.1 and 1 on validation movies of the real data (newest movies, scratch probe); 0 stretches
   * the vectors to about 2.4 times the trained ones' length, off the map.
   */
  anchor: number;
  firstOrder: boolean;
  /**
   * The content regression the generator's linear part starts from (fitted here with contentLambda
   * if absent); with startFromContent false it starts at zero (a generator learned from scratch).
   */
  content?: ContentFit;
  startFromContent: boolean;
  contentLambda: number;
  /** The initial level targets (fitted here if absent). */
  targets?: RatingTargets;
  /** Initial inner rate = innerLrScale / (mean squared norm of a rater row [u, 1]). */
  innerLrScale: number;
  /** Initial kappa. */
  shrinkInit: number;
  /**
   * Scores the params before training and every `every` iterations (higher is better, e.g. AUC on
   * validation movies); the best are kept, the untrained generator included.
   */
  validate?: { every: number; score: (p: WarmupParams) => number };
}

export const DEFAULT_WARMUP_CONFIG: WarmupConfig = {
  hidden: 32,
  innerSteps: 5,
  iterations: 1500,
  metaBatch: 32,
  learningRate: 0.003,
  weightDecay: 1e-4,
  supportSizes: [0, 1, 3, 5, 10, 20],
  minQuery: 5,
  maxQuery: 100,
  temperature: 1,
  anchor: 0.01,
  firstOrder: false,
  contentLambda: 1,
  startFromContent: true,
  innerLrScale: 0.5,
  shrinkInit: 2,
};

export interface WarmupTrainResult {
  params: WarmupParams;
  /** Mean outer loss of each logged iteration (and the validation score where one was taken). */
  curve: { iteration: number; loss: number; score?: number }[];
  /** The iteration whose params were kept (the last without validation). */
  bestIteration: number;
}

const RATE_FACTOR: Partial<Record<WarmupGroup, number>> = { innerLr: 0.1 };
const DECAYED: readonly WarmupGroup[] = ['w1', 'w2'];

function meanRowNorm(set: ItemTrainingSet): number {
  const d = set.dim;
  const users = set.userStates.length / Math.max(1, d);
  let total = 0;
  for (let i = 0; i < set.userStates.length; i++) total += (set.userStates[i] ?? 0) ** 2;
  return users > 0 ? total / users + 1 : 1;
}

function copyParams(p: WarmupParams): WarmupParams {
  const out = { ...p };
  for (const g of WARMUP_GROUPS) out[g] = Float32Array.from(p[g]);
  return out;
}

/** Meta-trains the warm-up on the training movies of `set`. Seeded by `rng`. */
export function trainItemWarmup(
  set: ItemTrainingSet,
  config: Partial<WarmupConfig>,
  rng: Rng,
): WarmupTrainResult {
  const cfg = { ...DEFAULT_WARMUP_CONFIG, ...config };
  const content = cfg.startFromContent
    ? (cfg.content ?? fitContent(set, { lambda: cfg.contentLambda }))
    : undefined;
  const targets = cfg.targets ?? fitRatingTargets(set);
  const params = initWarmup(
    set.dim,
    set.numFeatures,
    {
      hidden: cfg.hidden,
      innerSteps: cfg.innerSteps,
      ...(content ? { content } : {}),
      targets,
      innerLr: cfg.innerLrScale / meanRowNorm(set),
      shrink: cfg.shrinkInit,
    },
    rng,
  );
  const eligible = cfg.supportSizes
    .map((k) => ({ k, items: set.items.flatMap((e, i) => (e.users.length >= k + cfg.minQuery ? [i] : [])) }))
    .filter((e) => e.items.length > 0);
  if (eligible.length === 0)
    throw new Error('trainItemWarmup: no training movie has enough raters for any support size');
  const adam = new Adam();
  const curve: WarmupTrainResult['curve'] = [];
  let best = {
    score: cfg.validate ? cfg.validate.score(params) : -Infinity,
    params: copyParams(params),
    iteration: 0,
  };
  const logEvery = Math.max(1, Math.floor(cfg.iterations / 50));
  let running = 0;
  for (let it = 1; it <= cfg.iterations; it++) {
    const grads = zeroGrads(params);
    let loss = 0;
    for (let b = 0; b < cfg.metaBatch; b++) {
      const pool = eligible[rng.int(eligible.length)] as (typeof eligible)[number];
      const index = pool.items[rng.int(pool.items.length)] ?? 0;
      const ep = makeEpisode(set, index, pool.k, cfg, rng);
      loss += episodeLoss(params, ep, cfg.innerSteps, cfg, grads, 1 / cfg.metaBatch, cfg.firstOrder);
    }
    adam.tick();
    for (const g of WARMUP_GROUPS) {
      const lr = cfg.learningRate * (RATE_FACTOR[g] ?? 1);
      adam.updateDense(g, params[g], grads[g], lr, DECAYED.includes(g) ? cfg.weightDecay : 0);
    }
    // Projected: a negative rate would climb the support loss on that entry, and the curve the app
    // draws would no longer be a warm-up (on the real data, free signs gave no better validation AUC).
    params.innerLr.forEach((v, j) => (params.innerLr[j] = Math.max(0, v)));
    running += loss / cfg.metaBatch;
    if (it % logEvery === 0 || it === cfg.iterations) {
      const entry: WarmupTrainResult['curve'][number] = {
        iteration: it,
        loss: running / (it % logEvery || logEvery),
      };
      running = 0;
      curve.push(entry);
    }
    if (cfg.validate && (it % cfg.validate.every === 0 || it === cfg.iterations)) {
      const score = cfg.validate.score(params);
      const last = curve[curve.length - 1];
      if (last?.iteration === it) last.score = score;
      if (score > best.score) best = { score, params: copyParams(params), iteration: it };
    }
  }
  if (!cfg.validate) return { params, curve, bestIteration: cfg.iterations };
  return { params: best.params, curve, bestIteration: best.iteration };
}
