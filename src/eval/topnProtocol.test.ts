import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import type { UserHistory } from '../data/types';
import { buildTopNEpisodes } from './topnProtocol';

/** Item j of user u is 100 u + j, rated (j % 10 + 1) / 2; timestamps run backwards in pairs. */
function history(userId: number, n: number): UserHistory {
  return {
    userId,
    items: Int32Array.from({ length: n }, (_, j) => 100 * userId + j),
    ratings: Float32Array.from({ length: n }, (_, j) => ((j % 10) + 1) / 2),
    // Pairs (0, 1), (2, 3), ... share a timestamp; later pairs are earlier in time.
    timestamps: Float64Array.from({ length: n }, (_, j) => 1000 - Math.floor(j / 2)),
  };
}

const ks = [0, 1, 3, 5];
const histories = [history(7, 12), history(8, 5), history(9, 6)];

describe('buildTopNEpisodes, random order', () => {
  const episodes = buildTopNEpisodes(histories, { ks, seeds: [1, 2], order: 'random', minRatings: 6 });

  it('keeps users with at least minRatings ratings, one episode per seed', () => {
    expect(episodes.map((e) => [e.userId, e.seed, e.order])).toEqual([
      [7, 1, 'random'],
      [7, 2, 'random'],
      [9, 1, 'random'],
      [9, 2, 'random'],
    ]);
  });

  it('takes the support from the documented permutation and tests on everything else', () => {
    const ep = episodes[0]!;
    const order = createRng(1 * 1_000_003 + 7).shuffle(Array.from({ length: 12 }, (_, i) => i));
    expect(Array.from(ep.supports.get(3)!.items)).toEqual(order.slice(0, 3).map((j) => 700 + j));
    expect(Array.from(ep.tests.get(3)!.items)).toEqual(order.slice(3).map((j) => 700 + j));
  });

  it('gives nested supports of exactly K and a test set that is the rest of the history', () => {
    for (const ep of episodes) {
      const all = histories.find((h) => h.userId === ep.userId)!;
      let previous: number[] = [];
      for (const k of ks) {
        const support = Array.from(ep.supports.get(k)!.items);
        const test = Array.from(ep.tests.get(k)!.items);
        expect(support).toHaveLength(k);
        expect(support.slice(0, previous.length)).toEqual(previous);
        expect(test).toHaveLength(all.items.length - k);
        expect([...support, ...test].sort((a, b) => a - b)).toEqual(Array.from(all.items));
        // Ratings travel with their items.
        ep.tests
          .get(k)!
          .items.forEach((item, j) =>
            expect(ep.tests.get(k)!.ratings[j]).toBe((((item % 100) % 10) + 1) / 2),
          );
        previous = support;
      }
    }
  });

  it('is deterministic and independent of the other users present', () => {
    const again = buildTopNEpisodes([histories[0]!], { ks, seeds: [1, 2], order: 'random', minRatings: 6 });
    expect(Array.from(again[1]!.supports.get(5)!.items)).toEqual(
      Array.from(episodes[1]!.supports.get(5)!.items),
    );
    expect(Array.from(again[1]!.tests.get(5)!.items)).toEqual(Array.from(episodes[1]!.tests.get(5)!.items));
  });
});

describe('buildTopNEpisodes, time order', () => {
  const episodes = buildTopNEpisodes(histories, { ks, seeds: [1, 2], order: 'time', minRatings: 6 });

  it('gives one episode per user, seed 0', () => {
    expect(episodes.map((e) => [e.userId, e.seed, e.order])).toEqual([
      [7, 0, 'time'],
      [9, 0, 'time'],
    ]);
  });

  it('takes the earliest ratings as the support, equal timestamps in file order', () => {
    // User 9 (6 ratings): timestamps 1000, 1000, 999, 999, 998, 998 -> order 4, 5, 2, 3, 0, 1.
    const ep = episodes[1]!;
    expect(Array.from(ep.supports.get(3)!.items)).toEqual([904, 905, 902]);
    expect(Array.from(ep.tests.get(3)!.items)).toEqual([903, 900, 901]);
    expect(Array.from(ep.supports.get(5)!.items)).toEqual([904, 905, 902, 903, 900]);
  });

  it('needs timestamps', () => {
    const { timestamps: _, ...bare } = histories[0]!;
    expect(() => buildTopNEpisodes([bare], { ks, seeds: [], order: 'time', minRatings: 6 })).toThrow(
      /no timestamps/,
    );
  });
});

describe('buildTopNEpisodes, options', () => {
  it('rejects a minRatings that could leave a test set empty, and bad K values', () => {
    expect(() => buildTopNEpisodes(histories, { ks, seeds: [1], order: 'random', minRatings: 5 })).toThrow(
      /must exceed max\(ks\)/,
    );
    expect(() =>
      buildTopNEpisodes(histories, { ks: [1.5], seeds: [1], order: 'random', minRatings: 6 }),
    ).toThrow(/integers/);
  });
});
