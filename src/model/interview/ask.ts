/**
 * Which movie to offer next, for every strategy of src/methods/interview.ts. One implementation,
 * called by the worker (after each adaptation), `npm run predict --ask` and the interview simulator.
 * Pure TypeScript on plain arrays: the model's adapted state and catalog scores come in, read back
 * once per adaptation by the caller.
 *
 * Terms: an *offer* is a movie shown to the visitor; an *answer* is a rating (0.5 to 5) or null
 * ("haven't seen"). Every strategy returns an unoffered, non-excluded catalog index, or -1 when
 * none is left.
 */
import type { InterviewStrategy } from '../../methods/interview';
import { informativeOrder } from '../elicitation';
import {
  orderBy,
  popDisagreementOrder,
  popularityOrder,
  randomOrder,
  RANDOM_POOL,
} from '../../methods/onboardingOrders';
import { policyFeatures, scorePolicy, type LearnedPolicy } from './policy';
import { seenProbability, stateMove, stateSummary, type InterviewModel } from './signals';
import { walkTree, type InterviewTree } from './tree';

export type { InterviewModel };

/** The catalog as the strategies see it (meta-train statistics, the deployer's exclusions). */
export interface InterviewCatalog {
  numItems: number;
  /** Meta-train rating count of every movie, [N]. */
  ratingCounts: Float32Array;
  /** Rating entropy in bits, [N]. */
  entropy: Float32Array;
  /** Genres joined by '|', [N]. */
  genres: readonly string[];
  /** Never offered. */
  excluded: ReadonlySet<number>;
}

/** Settings chosen on meta-val and what was learned on meta-train (src/methods/interviewPolicy.json). */
export interface InterviewPolicy {
  /** The greedy strategy's expected number of ratings m in P(seen) = 1 - exp(-m p_i). */
  greedyRatings: number;
  tree: InterviewTree | null;
  learned: LearnedPolicy | null;
}

export const DEFAULT_POLICY: InterviewPolicy = { greedyRatings: 100, tree: null, learned: null };

/** One visitor's interview so far. */
export interface InterviewView {
  /** Offers in order with their answers (null: "haven't seen"). */
  answers: readonly { item: number; rating: number | null }[];
  /** The adapted state u [dim] after the rated answers (null: not needed by the strategy). */
  state: Float32Array | null;
  /** The list scores of every catalog movie under that state, [N] (no floor). */
  scores: Float32Array | null;
  /** The random strategy's seed. */
  seed: number;
}

/** Candidates the model-based strategies consider: the most rated movies (a visitor likely knows them). */
export const POOL = RANDOM_POOL;
/** The informative strategy's pool (src/worker/compare.ts's, unchanged). */
const INFORMATIVE_POOL = 800;
/** How long the static orders are (longer than any interview). */
const ORDER_LENGTH = 400;

/** Orders and pools computed once per catalog. */
export class InterviewContext {
  readonly orders = new Map<string, Int32Array>();
  /** The POOL most rated movies, not excluded. */
  readonly pool: Int32Array;

  constructor(
    readonly catalog: InterviewCatalog,
    readonly model: InterviewModel | null,
    readonly policy: InterviewPolicy = DEFAULT_POLICY,
  ) {
    this.pool = popularityOrder(catalog, POOL + catalog.excluded.size).filter(
      (i) => !catalog.excluded.has(i),
    );
  }

  /** The static order of a strategy that does not depend on the answers. */
  order(strategy: InterviewStrategy, seed = 1): Int32Array {
    const key = strategy === 'random' ? `random:${seed}` : strategy;
    let o = this.orders.get(key);
    if (o) return o;
    const c = this.catalog;
    const ex = c.excluded;
    const n = c.numItems;
    switch (strategy) {
      case 'popularity':
        o = orderBy((i) => c.ratingCounts[i] ?? 0, n, ORDER_LENGTH, ex);
        break;
      case 'random':
        o = randomOrder(c, seed).filter((i) => !ex.has(i));
        break;
      case 'entropy':
        o = orderBy((i) => (c.ratingCounts[i] ?? 0) * (c.entropy[i] ?? 0), n, ORDER_LENGTH, ex);
        break;
      case 'log-entropy':
        o = orderBy((i) => Math.log1p(c.ratingCounts[i] ?? 0) * (c.entropy[i] ?? 0), n, ORDER_LENGTH, ex);
        break;
      default:
        o = popDisagreementOrder(c, ORDER_LENGTH, ex);
    }
    this.orders.set(key, o);
    return o;
  }
}

const firstUnasked = (order: ArrayLike<number>, asked: ReadonlySet<number>): number => {
  for (let j = 0; j < order.length; j++) {
    const i = order[j] as number;
    if (!asked.has(i)) return i;
  }
  return -1;
};

export const askedOf = (view: InterviewView): Set<number> => new Set(view.answers.map((a) => a.item));

/**
 * The next movie to offer. `learned` may override the context's learned weights (the search of
 * the learned interviewer scores many weight vectors in one simulation).
 */
export function nextOffer(
  ctx: InterviewContext,
  strategy: InterviewStrategy,
  view: InterviewView,
  learned: LearnedPolicy | null = ctx.policy.learned,
): number {
  const asked = askedOf(view);
  switch (strategy) {
    case 'pop-entropy':
    case 'popularity':
    case 'random':
    case 'entropy':
    case 'log-entropy': {
      const pick = firstUnasked(ctx.order(strategy, view.seed), asked);
      return pick >= 0 ? pick : firstUnasked(ctx.pool, asked);
    }
    case 'informative':
      return informativeNext(ctx, view, asked);
    case 'greedy':
      return greedyNext(ctx, view, asked);
    case 'tree': {
      const tree = ctx.policy.tree;
      const item = tree ? walkTree(tree, view.answers) : null;
      if (item !== null && item >= 0 && !asked.has(item) && !ctx.catalog.excluded.has(item)) return item;
      return nextOffer(ctx, tree?.fallback ?? 'pop-entropy', view, learned);
    }
    case 'learned': {
      if (!learned || !ctx.model || !view.scores || !view.state)
        return nextOffer(ctx, 'pop-entropy', view, learned);
      const cands = ctx.pool.filter((i) => !asked.has(i));
      if (cands.length === 0) return -1;
      const f = policyFeatures(ctx, view, cands);
      const s = scorePolicy(learned.weights, f, cands.length);
      let best = 0;
      for (let c = 1; c < cands.length; c++) if ((s[c] ?? 0) > (s[best] ?? 0)) best = c;
      return cands[best] ?? -1;
    }
  }
}

/** The app's "most informative next" (src/model/elicitation.ts, list objective) from the current state. */
function informativeNext(ctx: InterviewContext, view: InterviewView, asked: Set<number>): number {
  const m = ctx.model;
  if (!m || !view.state) return firstUnasked(ctx.order('pop-entropy'), asked);
  const phi = new Float32Array(m.stride);
  phi.set(view.state.subarray(0, m.dim));
  const lr = new Float32Array(m.stride);
  lr.set(m.lr.subarray(0, m.dim));
  const out = informativeOrder(
    {
      vectors: m.vectors,
      biases: m.biases,
      phi,
      lr,
      counts: ctx.catalog.ratingCounts,
      objective: 'list',
    },
    [...asked, ...ctx.catalog.excluded],
    1,
    INFORMATIVE_POOL,
  );
  return out[0] ?? -1;
}

/**
 * Greedy on the model's own state: among the POOL most rated, the movie maximizing
 *   P(seen i) x |lr ⊙ (v_i - vbar)|,
 * the chance the visitor can answer times how far the answer would move the state (a rating r adds
 * evidence a(r) / (K + 1 + kappa) at i, and the next inner step moves u by that times
 * lr ⊙ (v_i - vbar); the factor in r is the same for every movie, so it drops out). A "haven't
 * seen" moves nothing, so the expected move is P(seen) times the move.
 */
function greedyNext(ctx: InterviewContext, view: InterviewView, asked: Set<number>): number {
  const m = ctx.model;
  if (!m || !view.scores) return firstUnasked(ctx.order('pop-entropy'), asked);
  const { logp, vbar } = stateSummary(m, view.scores);
  let best = -1;
  let bestScore = -Infinity;
  for (const i of ctx.pool) {
    if (asked.has(i)) continue;
    const s = seenProbability(logp[i] ?? -Infinity, ctx.policy.greedyRatings) * stateMove(m, vbar, i);
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  return best;
}

/** Whether a strategy needs the adapted state and scores (else the answers suffice). */
export function needsState(ctx: InterviewContext, strategy: InterviewStrategy): boolean {
  if (strategy === 'informative' || strategy === 'greedy' || strategy === 'learned') return true;
  if (strategy === 'tree') return needsState(ctx, ctx.policy.tree?.fallback ?? 'pop-entropy');
  return false;
}
