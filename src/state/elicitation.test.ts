import { describe, expect, it } from 'vitest';
import { popularityOrder, randomOrder } from '../methods/onboardingOrders';
import { overlap, topStability } from './elicitation';

const catalog = { ratingCounts: Float32Array.from({ length: 1500 }, (_, i) => (i * 7919) % 1500) };

describe('elicitation orders', () => {
  it('popularity: most rated first', () => {
    const order = popularityOrder(catalog, 5);
    const counts = Array.from(order, (i) => catalog.ratingCounts[i]!);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBe(1499);
  });

  it('random: seeded, a permutation of the well-known pool, different per seed', () => {
    const a = randomOrder(catalog, 7);
    expect(Array.from(a)).toEqual(Array.from(randomOrder(catalog, 7)));
    expect(Array.from(a)).not.toEqual(Array.from(randomOrder(catalog, 8)));
    expect([...a].sort((x, y) => x - y)).toEqual([...popularityOrder(catalog, 1000)].sort((x, y) => x - y));
  });
});

describe('top-10 stability', () => {
  const lists = (...ls: number[][]) => ls.flat();
  const base = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  it('finds the rating after which the list stopped changing', () => {
    const tops = lists(
      [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
      base,
      base,
      [...base.slice(0, 9), 42],
      [...base.slice(0, 9), 42],
    );
    expect(topStability(tops)).toEqual({ changes: [10, 0, 1, 0], settledAt: 2 });
  });

  it('is null while the last ratings still change it, or too few confirm it', () => {
    expect(topStability(lists(base, [20, ...base.slice(2), 21])).settledAt).toBeNull();
    expect(topStability(lists(base, base)).settledAt).toBeNull();
    expect(topStability([]).changes).toEqual([]);
  });

  it('counts overlap', () => {
    expect(overlap([1, 2, 3], [3, 4, 1])).toBe(2);
  });
});
