import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import type { UserHistory } from '../data/types';
import { buildEpisodes } from './protocol';

function history(userId: number, n: number): UserHistory {
  // Item j has rating (j % 10 + 1) / 2 so an (item, rating) pair can be checked for consistency.
  return {
    userId,
    items: Int32Array.from({ length: n }, (_, j) => 100 * userId + j),
    ratings: Float32Array.from({ length: n }, (_, j) => ((j % 10) + 1) / 2),
  };
}

const opts = { seeds: [1, 2], ks: [0, 1, 3, 5], querySize: 4, minRatings: 9 };

describe('buildEpisodes', () => {
  const histories = [history(7, 20), history(8, 8), history(9, 9)];
  const episodes = buildEpisodes(histories, opts);

  it('keeps only users with at least minRatings, one episode per seed', () => {
    expect(episodes.map((e) => [e.userId, e.seed])).toEqual([
      [7, 1],
      [7, 2],
      [9, 1],
      [9, 2],
    ]);
  });

  it('uses the documented permutation: query first, then the support for K', () => {
    const ep = episodes[0]!;
    const order = createRng(1 * 1_000_003 + 7).shuffle(Array.from({ length: 20 }, (_, i) => i));
    expect(Array.from(ep.query.items)).toEqual(order.slice(0, 4).map((j) => 700 + j));
    expect(Array.from(ep.supports.get(5)!.items)).toEqual(order.slice(4, 9).map((j) => 700 + j));
  });

  it('gives nested supports of exactly K that never overlap the query', () => {
    for (const ep of episodes) {
      expect(ep.query.items.length).toBe(4);
      const query = new Set(ep.query.items);
      const largest = Array.from(ep.supports.get(5)!.items);
      for (const k of opts.ks) {
        const s = ep.supports.get(k)!;
        expect(s.items.length).toBe(k);
        expect(Array.from(s.items)).toEqual(largest.slice(0, k));
        for (const item of s.items) expect(query.has(item)).toBe(false);
        s.items.forEach((item, j) => expect(s.ratings[j]).toBe((((item % 100) % 10) + 1) / 2));
      }
    }
  });

  it('differs across seeds and is reproducible', () => {
    expect(Array.from(episodes[0]!.query.items)).not.toEqual(Array.from(episodes[1]!.query.items));
    const again = buildEpisodes(histories, opts);
    expect(Array.from(again[3]!.supports.get(3)!.items)).toEqual(
      Array.from(episodes[3]!.supports.get(3)!.items),
    );
  });

  it('does not depend on which other users are present', () => {
    const alone = buildEpisodes([history(9, 9)], opts);
    expect(Array.from(alone[0]!.query.items)).toEqual(Array.from(episodes[2]!.query.items));
  });

  it('rejects minRatings too small for the largest support', () => {
    expect(() => buildEpisodes(histories, { ...opts, minRatings: 8 })).toThrow(/minRatings/);
  });
});
