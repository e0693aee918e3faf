/**
 * How the compare view reads the top lists: how many ratings it took until the top-10 stopped
 * changing, and the overlap of two lists. Pure functions. (Which movie to ask about next lives in
 * one place per kind: the static orders in src/methods/onboardingOrders.ts, "most informative
 * next" in src/model/elicitation.ts.)
 */

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
