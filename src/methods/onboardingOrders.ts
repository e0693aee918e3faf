/**
 * The static onboarding orders, from the catalog's columns alone (meta-train rating counts, rating
 * entropy, genres): shared by the worker (its default candidates), the main thread (the picker's
 * plain orders), the interview simulator and `npm run predict --ask`. Pure TypeScript: no
 * TensorFlow.js, so the main thread may import it.
 */

/** How many movies the worker's default onboarding list offers in order. */
export const ONBOARDING_CANDIDATES = 240;

/** Random picks come from this many most-rated movies (a visitor is likely to know them). */
export const RANDOM_POOL = 1000;

/** The genre of a movie with none. */
const NO_GENRE = '(no genres listed)';

/** The `limit` most rated movies, most rated first (ties by lower index). */
export function popularityOrder(c: { ratingCounts: ArrayLike<number> }, limit = 400): Int32Array {
  const idx = Array.from({ length: c.ratingCounts.length }, (_, i) => i);
  idx.sort((a, b) => (c.ratingCounts[b] ?? 0) - (c.ratingCounts[a] ?? 0) || a - b);
  return Int32Array.from(idx.slice(0, limit));
}

/** Seeded (mulberry32) shuffle of the RANDOM_POOL most-rated movies: the same seed, the same order. */
export function randomOrder(c: { ratingCounts: ArrayLike<number> }, seed: number): Int32Array {
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

/** The `limit` movies of highest score, best first (ties by lower index), skipping `excluded`. */
export function orderBy(
  score: (i: number) => number,
  n: number,
  limit: number,
  excluded: ReadonlySet<number> = new Set(),
): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (!excluded.has(i)) idx.push(i);
  const s = Float64Array.from({ length: n }, (_, i) => score(i));
  idx.sort((a, b) => (s[b] ?? 0) - (s[a] ?? 0) || a - b);
  return Int32Array.from(idx.slice(0, limit));
}

/**
 * Popularity x disagreement, the app's first default: movies a visitor likely knows and whose
 * rating tells the model the most, varied across genres. Score = log(1 + rating count) * rating
 * entropy (bits): a popular movie people disagree about separates tastes; one everybody rates 4
 * tells little. Each pick discounts later movies of the same primary genre by 0.55.
 * @param genres genres joined by '|' (the first is the primary one).
 */
export function popDisagreementOrder(
  c: { ratingCounts: ArrayLike<number>; entropy: ArrayLike<number>; genres: readonly string[] },
  limit: number,
  excluded: ReadonlySet<number> = new Set(),
): Int32Array {
  const scored: { i: number; genre: string; score: number }[] = [];
  for (let i = 0; i < c.ratingCounts.length; i++) {
    if (excluded.has(i)) continue;
    const genre = (c.genres[i] ?? '').split('|')[0] || NO_GENRE;
    scored.push({ i, genre, score: Math.log1p(c.ratingCounts[i] ?? 0) * (c.entropy[i] ?? 0) });
  }
  scored.sort((a, b) => b.score - a.score);
  const pool = scored.slice(0, Math.max(limit * 4, 400));
  const used = new Map<string, number>();
  const taken = new Uint8Array(pool.length);
  const out: number[] = [];
  while (out.length < Math.min(limit, pool.length)) {
    let best = -1;
    let bestScore = -Infinity;
    for (let j = 0; j < pool.length; j++) {
      const cand = pool[j];
      if (!cand || taken[j]) continue;
      const s = cand.score * 0.55 ** (used.get(cand.genre) ?? 0);
      if (s > bestScore) {
        bestScore = s;
        best = j;
      }
    }
    const pick = pool[best];
    if (!pick) break;
    out.push(pick.i);
    used.set(pick.genre, (used.get(pick.genre) ?? 0) + 1);
    taken[best] = 1;
  }
  return Int32Array.from(out);
}

/** The worker's default onboarding list (the `ready` event's candidates): popDisagreementOrder's first ONBOARDING_CANDIDATES. */
export function onboardingOrder(
  c: { ratingCounts: ArrayLike<number>; entropy: ArrayLike<number>; genres: readonly string[] },
  excluded: ReadonlySet<number>,
): Int32Array {
  return popDisagreementOrder(c, ONBOARDING_CANDIDATES, excluded);
}
