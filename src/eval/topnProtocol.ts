/**
 * The catalog-wide top-N protocol: what a held-out user has shown the method (the support) and which
 * of their ratings the list is judged on (the test set). Unlike protocol.ts, whose query is a fixed
 * 10 ratings, the test set is every rating the support leaves out, so it shrinks as K grows: the
 * question is "which of everything this user rated does the list find", not "how well does the
 * method order 10 given items". Pure and seeded.
 */
import { createRng } from '../data/rng';
import type { RatedItems, UserHistory } from '../data/types';
import { pick } from './protocol';

/**
 * How a user's ratings are ordered before the first K become the support: 'random' shuffles them per
 * seed (the support is a random sample of the history); 'time' takes them by timestamp (the support
 * is what the user rated first, as a newcomer would; one ordering, no seeds).
 */
export type SupportOrder = 'random' | 'time';

/**
 * One (user, seed) episode. For each K, `supports.get(K)` holds exactly K ratings and
 * `tests.get(K)` every other rating of the user; supports are nested (the one for a smaller K is a
 * prefix of the one for a larger K), and a support and its test set never share an item.
 */
export interface TopNEpisode {
  userId: number;
  /** The shuffle seed; 0 for order 'time'. */
  seed: number;
  order: SupportOrder;
  supports: Map<number, RatedItems>;
  tests: Map<number, RatedItems>;
}

export interface TopNEpisodeOptions {
  /** Support sizes K (e.g. [0, 1, 3, 5, 10, 20]). */
  ks: number[];
  /** One episode per user per seed for order 'random'; ignored for 'time' (one episode, seed 0). */
  seeds: number[];
  order: SupportOrder;
  /** Users with fewer ratings are skipped; must exceed max(ks), so every test set has a rating. */
  minRatings: number;
}

/** Positions of a history by timestamp, earliest first; equal timestamps keep their file order. */
function timeOrder(history: UserHistory): number[] {
  const { timestamps } = history;
  if (timestamps === undefined || timestamps.length !== history.items.length)
    throw new Error(
      `buildTopNEpisodes: user ${history.userId} has no timestamps for order 'time' (histories from buildHistories have them)`,
    );
  return Array.from({ length: history.items.length }, (_, i) => i).sort(
    (a, b) => (timestamps[a] as number) - (timestamps[b] as number) || a - b,
  );
}

/**
 * Builds the top-N episodes, users in input order, then seeds in the given order.
 *
 * For each user with at least `minRatings` ratings, the ratings are ordered (order 'random': shuffled
 * by `createRng(seed * 1_000_003 + userId)`, the same permutation rule as protocol.ts, so an episode
 * does not depend on which other users are present; order 'time': by timestamp, ties by file order).
 * The support for K is the first K ratings of that order, the test set for K the remaining ones, in
 * that order.
 *
 * @throws Error when a K is not a non-negative integer, when `minRatings <= max(ks)` (a test set
 *   could be empty), or for order 'time' when a history has no timestamps.
 */
export function buildTopNEpisodes(histories: UserHistory[], opts: TopNEpisodeOptions): TopNEpisode[] {
  const { ks, seeds, order, minRatings } = opts;
  if (ks.some((k) => !Number.isInteger(k) || k < 0))
    throw new Error('buildTopNEpisodes: ks must be integers >= 0');
  const maxK = ks.length > 0 ? Math.max(...ks) : 0;
  if (!(minRatings > maxK))
    throw new Error(
      `buildTopNEpisodes: minRatings (${minRatings}) must exceed max(ks) (${maxK}) so every test set has a rating`,
    );
  const episodes: TopNEpisode[] = [];
  const episode = (history: UserHistory, seed: number, positions: number[]): TopNEpisode => {
    const n = positions.length;
    const supports = new Map<number, RatedItems>();
    const tests = new Map<number, RatedItems>();
    for (const k of ks) {
      supports.set(k, pick(history, positions, 0, k));
      tests.set(k, pick(history, positions, k, n));
    }
    return { userId: history.userId, seed, order, supports, tests };
  };
  for (const history of histories) {
    const n = history.items.length;
    if (history.ratings.length !== n)
      throw new Error(`buildTopNEpisodes: user ${history.userId} has mismatched arrays`);
    if (n < minRatings) continue;
    if (order === 'time') {
      episodes.push(episode(history, 0, timeOrder(history)));
      continue;
    }
    for (const seed of seeds) {
      const positions = createRng(seed * 1_000_003 + history.userId).shuffle(
        Array.from({ length: n }, (_, i) => i),
      );
      episodes.push(episode(history, seed, positions));
    }
  }
  return episodes;
}
