/**
 * Few-shot episodes for the list model, as the dense per-catalog arrays listCore works on: each
 * task is a user, a support of K of their ratings (K from 0 to maxSupport, so every K is trained
 * for) and, as targets, the movies they liked (rated >= LIKED_RATING) among the rest. Pure and
 * seeded.
 */
import type { Rng } from '../data/rng';
import type { RatedItems, UserHistory } from '../data/types';

/** Ratings at or above this are "liked": the targets of the list and the relevant items of its evaluation. */
export const LIKED_RATING = 4;
/** Rating levels 0.5, 1, ..., 5: each has its own evidence weight a(r). */
export const RATING_LEVELS = 10;

/** The level (0-9) of a rating in half stars; out-of-range ratings are clamped. */
export function ratingLevel(r: number): number {
  return Math.min(RATING_LEVELS - 1, Math.max(0, Math.round(r * 2) - 1));
}

/**
 * T tasks over a catalog of N items.
 *   levelMasks [L, T, N]: 1 where task t's support rated item j at level l.
 *   counts     [T]: K of each task.
 *   targets    [T, N]: 1 / (number of targets) on each target item, so a row sums to 1 (0 if none).
 */
export interface ListBatch {
  numTasks: number;
  numItems: number;
  levelMasks: Float32Array;
  counts: Float32Array;
  targets: Float32Array;
}

/** Dense level masks and counts of given supports (no targets): what scoring a batch of users needs. */
export function supportArrays(
  supports: readonly RatedItems[],
  numItems: number,
): { levelMasks: Float32Array; counts: Float32Array } {
  const t = supports.length;
  const levelMasks = new Float32Array(RATING_LEVELS * t * numItems);
  const counts = new Float32Array(t);
  supports.forEach((s, task) => {
    counts[task] = s.items.length;
    s.items.forEach((item, j) => {
      levelMasks[(ratingLevel(s.ratings[j] ?? 0) * t + task) * numItems + item] = 1;
    });
  });
  return { levelMasks, counts };
}

/** A random permutation of 0..n-1 (Fisher-Yates on the given generator). */
export function permutation(n: number, rng: Rng): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

export interface ListEpisodeOptions {
  /** Largest support (K is drawn uniformly from minSupport..min(maxSupport, n - 1)). */
  maxSupport: number;
  /** Smallest support of a draw (default 1; 0 lets the range itself give K = 0). */
  minSupport?: number;
  /** Share of tasks with an empty support (K = 0), so the initial state is a good list too. */
  zeroShare: number;
}

/**
 * Samples T tasks from users with at least two ratings and at least one liked movie: a random K,
 * the support the first K of a random order, the targets the liked movies among the rest (a draw
 * with no liked movie left is redrawn).
 * @throws Error when no user can make a task.
 */
export function sampleListBatch(
  histories: readonly UserHistory[],
  numItems: number,
  numTasks: number,
  rng: Rng,
  opts: ListEpisodeOptions,
): ListBatch {
  const usable = histories.filter(
    (h) => h.items.length >= 2 && Array.from(h.ratings).some((r) => r >= LIKED_RATING),
  );
  if (usable.length === 0)
    throw new Error(
      'No training user has two ratings and a liked movie: the data set is too small to train on.',
    );
  const supports: RatedItems[] = [];
  const targets = new Float32Array(numTasks * numItems);
  for (let t = 0; t < numTasks; t++) {
    for (;;) {
      const h = usable[Math.floor(rng.next() * usable.length)] as UserHistory;
      const order = permutation(h.items.length, rng);
      const hi = Math.min(opts.maxSupport, order.length - 1);
      const lo = Math.min(opts.minSupport ?? 1, hi);
      const k = rng.next() < opts.zeroShare ? 0 : lo + Math.floor(rng.next() * (hi - lo + 1));
      const liked = order.slice(k).filter((i) => (h.ratings[i] ?? 0) >= LIKED_RATING);
      if (liked.length === 0) continue;
      supports.push({
        items: Int32Array.from(order.slice(0, k), (i) => h.items[i] ?? 0),
        ratings: Float32Array.from(order.slice(0, k), (i) => h.ratings[i] ?? 0),
      });
      for (const i of liked) targets[t * numItems + (h.items[i] ?? 0)] = 1 / liked.length;
      break;
    }
  }
  return { numTasks, numItems, ...supportArrays(supports, numItems), targets };
}
