/**
 * The cold-start evaluation protocol: which of a test user's ratings the method may see (the
 * support) and which it is scored on (the query). Pure and seeded, so every method, script run
 * and machine evaluates on exactly the same episodes.
 */
import { createRng } from '../data/rng';
import type { RatedItems, UserHistory } from '../data/types';

/**
 * One (user, seed) evaluation episode: a fixed query and one support set per K.
 * `supports.get(K)` holds exactly K ratings; supports are nested (the support for a smaller K is a
 * prefix of the one for a larger K) and never share a rating with the query.
 */
export interface Episode {
  userId: number;
  seed: number;
  query: RatedItems;
  supports: Map<number, RatedItems>;
}

export interface EpisodeOptions {
  /** One episode per user per seed. */
  seeds: number[];
  /** Support sizes K (e.g. [0, 1, 3, 5, 10, 20]). */
  ks: number[];
  /** Ratings held out as the query, the same for every K. */
  querySize: number;
  /** Users with fewer ratings are skipped; must be at least querySize + max(ks). */
  minRatings: number;
}

/** The ratings at positions order[from..to) of a history. */
export function pick(history: UserHistory, order: readonly number[], from: number, to: number): RatedItems {
  const n = to - from;
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const src = order[from + j] as number;
    items[j] = history.items[src] as number;
    ratings[j] = history.ratings[src] as number;
  }
  return { items, ratings };
}

/**
 * Builds the evaluation episodes, users in input order, then seeds in the given order.
 *
 * For each user with at least `minRatings` ratings and each seed, the user's ratings are shuffled by
 * `createRng(seed * 1_000_003 + userId)` (so an episode does not depend on which other users are
 * present). The first `querySize` shuffled ratings are the query; the support for K is the next K
 * ratings after the query. Hence the query is identical across K (differences between K columns
 * are due to K alone), supports are nested prefixes and never overlap the query.
 *
 * Throws when `minRatings < querySize + max(ks)`, since some supports would then be short.
 */
export function buildEpisodes(histories: UserHistory[], opts: EpisodeOptions): Episode[] {
  const { seeds, ks, querySize, minRatings } = opts;
  if (ks.some((k) => !Number.isInteger(k) || k < 0))
    throw new Error('buildEpisodes: ks must be integers >= 0');
  if (!Number.isInteger(querySize) || querySize < 1) throw new Error('buildEpisodes: querySize must be >= 1');
  const maxK = ks.length > 0 ? Math.max(...ks) : 0;
  if (minRatings < querySize + maxK) {
    throw new Error(
      `buildEpisodes: minRatings (${minRatings}) must be >= querySize + max(ks) (${querySize + maxK})`,
    );
  }
  const episodes: Episode[] = [];
  for (const history of histories) {
    const n = history.items.length;
    if (history.ratings.length !== n)
      throw new Error(`buildEpisodes: user ${history.userId} has mismatched arrays`);
    if (n < minRatings) continue;
    for (const seed of seeds) {
      const order = createRng(seed * 1_000_003 + history.userId).shuffle(
        Array.from({ length: n }, (_, i) => i),
      );
      const supports = new Map<number, RatedItems>();
      for (const k of ks) supports.set(k, pick(history, order, querySize, querySize + k));
      episodes.push({ userId: history.userId, seed, query: pick(history, order, 0, querySize), supports });
    }
  }
  return episodes;
}
