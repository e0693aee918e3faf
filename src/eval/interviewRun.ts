/**
 * The interview recipe as functions (`npm run interview` only parses flags and writes files): run a
 * strategy through the simulator, learn the tree and the learned interviewer on meta-train users,
 * and choose their settings on meta-val. Never touches meta-test.
 */
import type { UserHistory } from '../data/types';
import type { InterviewStrategy } from '../methods/interview';
import { InterviewContext, needsState, nextOffer, type InterviewPolicy } from '../model/interview/ask';
import { POLICY_FEATURES, type LearnedPolicy } from '../model/interview/policy';
import { crossEntropySearch } from '../model/interview/search';
import { learnTree, type InterviewTree } from '../model/interview/tree';
import { simulateInterviews, type BatchAdapter, type Offerer, type UserInterview } from './interview';

export interface RunOptions {
  qs: number[];
  ks: number[];
  listable: Uint8Array | null;
  /** The random strategy's seed (every user the same, as the app's default seed). */
  seed?: number;
  onRound?: (q: number) => void;
}

export const offererFor =
  (ctx: InterviewContext, strategy: InterviewStrategy): Offerer =>
  (views) =>
    views.map((v) => nextOffer(ctx, strategy, v));

export function runStrategy(
  adapter: BatchAdapter,
  ctx: InterviewContext,
  users: readonly UserHistory[],
  strategy: InterviewStrategy,
  opts: RunOptions,
): Promise<UserInterview[]> {
  return simulateInterviews(adapter, users, offererFor(ctx, strategy), {
    qs: opts.qs,
    ks: opts.ks,
    listable: opts.listable,
    needsState: needsState(ctx, strategy),
    seedOf: () => opts.seed ?? 1,
    ...(opts.onRound ? { onRound: opts.onRound } : {}),
  });
}

/** Mean Recall@20 after the `at`-th Q of a run (NaN users skipped). */
export function meanRecallAt(runs: readonly UserInterview[], at: number): number {
  const xs = runs.map((r) => r.byQ[at]?.recall ?? NaN).filter((x) => !Number.isNaN(x));
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

export interface LearnOptions {
  /** Offers after which Recall@20 is the search objective. */
  q: number;
  population: number;
  elites: number;
  generations: number;
  sigma: number;
  seed: number;
  listable: Uint8Array | null;
  onGeneration?: (g: number, best: number) => void;
}

/** Initial weights: log-popularity x entropy alone (the default order without its genre variety). */
export const INITIAL_WEIGHTS = POLICY_FEATURES.map((f) => (f === 'log-popularity-x-entropy' ? 1 : 0));

/**
 * The learned interviewer's weights by the cross-entropy method on meta-train episodes: every
 * candidate weight vector interviews every training user for `q` offers, all candidates of a
 * generation in one lockstep simulation (one batched adaptation per round); the objective is the
 * mean Recall@20 after `q` offers. Returns the mean after each generation (the candidates
 * selection on meta-val chooses among) and the best scored.
 */
export async function searchLearnedPolicy(
  adapter: BatchAdapter,
  ctx: InterviewContext,
  train: readonly UserHistory[],
  opts: LearnOptions,
): Promise<{ means: number[][]; best: { weights: number[]; score: number } }> {
  return crossEntropySearch({
    init: INITIAL_WEIGHTS,
    sigma: opts.sigma,
    population: opts.population,
    elites: opts.elites,
    generations: opts.generations,
    seed: opts.seed,
    onGeneration: (g, best) => opts.onGeneration?.(g, best),
    evaluate: (cands) => scorePolicies(adapter, ctx, train, cands, opts.q, opts.listable),
  });
}

/**
 * Mean Recall@20 after `q` offers of each weight vector on the same users: every (weights, user)
 * pair is one simulated visitor, all in one lockstep simulation.
 */
export async function scorePolicies(
  adapter: BatchAdapter,
  ctx: InterviewContext,
  users: readonly UserHistory[],
  candidates: readonly number[][],
  q: number,
  listable: Uint8Array | null,
): Promise<number[]> {
  const all = candidates.flatMap(() => users);
  const policies: LearnedPolicy[] = candidates.map((weights) => ({ weights }));
  const offer: Offerer = (views, idx) =>
    views.map((v, j) =>
      nextOffer(ctx, 'learned', v, policies[Math.floor((idx[j] as number) / users.length)] ?? null),
    );
  const runs = await simulateInterviews(adapter, all, offer, { qs: [q], ks: [], listable, needsState: true });
  return candidates.map((_, c) => meanRecallAt(runs.slice(c * users.length, (c + 1) * users.length), 0));
}

/** The tree's settings tried on meta-val. */
export interface TreeChoice {
  depth: number;
  fallback: InterviewStrategy;
}

/** Learn trees on meta-train for each setting; the caller picks one on meta-val. */
export function learnTrees(
  train: readonly UserHistory[],
  ctx: InterviewContext,
  choices: readonly TreeChoice[],
  opts: { candidates: number; minUsers: number; seed: number },
): { choice: TreeChoice; tree: InterviewTree }[] {
  return choices.map((choice) => ({
    choice,
    tree: learnTree(train, {
      numItems: ctx.catalog.numItems,
      depth: choice.depth,
      candidates: opts.candidates,
      minUsers: opts.minUsers,
      seed: opts.seed,
      excluded: ctx.catalog.excluded,
      fallback: choice.fallback,
    }),
  }));
}

/** A context with another policy (the same catalog orders). */
export const withPolicy = (ctx: InterviewContext, policy: InterviewPolicy): InterviewContext =>
  new InterviewContext(ctx.catalog, ctx.model, policy);
