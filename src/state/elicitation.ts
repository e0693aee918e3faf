/**
 * Which movie to ask about next, on the main thread from the catalog's columns: popularity,
 * popularity x rating entropy (the worker's genre-varied onboarding order), and a seeded random
 * order among well-known movies. "Most informative next" needs the model and comes from the worker.
 * Also: how many ratings it took until the top-10 stopped changing. Pure functions.
 */
import type { CatalogColumns } from '../worker/protocol';

/** Random picks come from this many most-rated movies (a visitor is likely to know them). */
export const RANDOM_POOL = 1000;

export function popularityOrder(c: Pick<CatalogColumns, 'ratingCounts'>, limit = 400): Int32Array {
  const idx = Array.from({ length: c.ratingCounts.length }, (_, i) => i);
  idx.sort((a, b) => (c.ratingCounts[b] ?? 0) - (c.ratingCounts[a] ?? 0) || a - b);
  return Int32Array.from(idx.slice(0, limit));
}

/** Seeded (mulberry32) shuffle of the RANDOM_POOL most-rated movies: the same seed, the same order. */
export function randomOrder(c: Pick<CatalogColumns, 'ratingCounts'>, seed: number): Int32Array {
  const pool = popularityOrder(c, RANDOM_POOL);
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = pool[i] ?? 0;
    pool[i] = pool[j] ?? 0;
    pool[j] = t;
  }
  return pool;
}

export interface Stability {
  /** For ratings 2..K: how many of the top-10 were new after that rating, [K - 1]. */
  changes: number[];
  /**
   * The number of ratings after which the top-10 stopped changing (every later rating swapped at
   * most one movie, and at least two later ratings confirm it); null while it still changes.
   */
  settledAt: number | null;
}

export function topStability(prefixTops: ArrayLike<number>, topK = 10, tolerance = 1): Stability {
  const k = Math.floor(prefixTops.length / topK);
  const list = (j: number) => Array.from({ length: topK }, (_, t) => prefixTops[j * topK + t] ?? -1);
  const changes: number[] = [];
  for (let j = 1; j < k; j++) {
    const prev = new Set(list(j - 1));
    changes.push(list(j).filter((i) => !prev.has(i)).length);
  }
  let settledAt: number | null = null;
  for (let j = changes.length; j >= 1; j--) {
    if ((changes[j - 1] ?? 0) > tolerance) break;
    settledAt = j;
  }
  // settledAt = j means ratings j+1..K each changed at most `tolerance` movies; ask for 2 of them.
  if (settledAt !== null && k - settledAt < 2) settledAt = null;
  return { changes, settledAt };
}

/** Overlap (shared movies) between two top lists. */
export function overlap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const set = new Set(Array.from(a));
  return Array.from(b).filter((i) => set.has(i)).length;
}
