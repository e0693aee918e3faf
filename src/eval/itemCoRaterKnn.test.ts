import { describe, expect, it } from 'vitest';
import { coRaterKnnMethod, coRaterNeighbours } from './itemCoRaterKnn';
import type { CatalogSide, ItemSupport, RaterPool } from './itemColdStartProtocol';

// Three raters; rater 0 means 3, rater 1 means 3, rater 2 means 2.
const pool: RaterPool = {
  dim: 2,
  userIds: Int32Array.from([10, 11, 12]),
  states: new Float32Array(6),
  histories: [
    { items: Int32Array.from([0, 1, 2]), ratings: Float32Array.from([5, 1, 3]) },
    { items: Int32Array.from([0, 2]), ratings: Float32Array.from([4, 2]) },
    { items: Int32Array.from([1]), ratings: Float32Array.from([2]) },
  ],
};
const catalog: CatalogSide = {
  dim: 2,
  numFeatures: 1,
  vectors: Float32Array.from([1, 0, 5, 5, 0, 1, 9, 9]),
  biases: Float32Array.from([1, 7, 0, 7]),
  features: new Float32Array(4),
};
/** The new movie (catalog index 3) rated 5 by rater 0 and 2 by rater 1: deviations +2 and -1. */
const support = (k: number): ItemSupport => ({
  item: 3,
  k,
  raters: Int32Array.from([0, 1].slice(0, k)),
  evidence: {
    features: new Float32Array(1),
    raterStates: new Float32Array(2 * k),
    ratings: Float32Array.from([5, 2].slice(0, k)),
  },
});

describe('coRaterNeighbours', () => {
  it('is the adjusted cosine over co-raters, shrunk by their count; dissimilar movies left out', () => {
    // Movie 0: deviations (2, 1) against (2, -1): 3 / sqrt(5 * 5) = 0.6. Movie 2: (0, -1) against
    // (2, -1): 1 / sqrt(5 * 1). Movie 1: -4 / sqrt(4 * 4) = -1, dropped.
    const raw = coRaterNeighbours(support(2), pool, [3, 3, 2], 0);
    expect(raw.items).toEqual([0, 2]);
    expect(raw.sims[0]).toBeCloseTo(0.6);
    expect(raw.sims[1]).toBeCloseTo(1 / Math.sqrt(5));
    const shrunk = coRaterNeighbours(support(2), pool, [3, 3, 2], 2);
    expect(shrunk.sims[0]).toBeCloseTo(0.3);
    expect(shrunk.sims[1]).toBeCloseTo(1 / Math.sqrt(5) / 2);
  });
});

describe('coRaterKnnMethod', () => {
  it('places the movie at the similarity-weighted mean of its neighbours', () => {
    const s2 = 1 / Math.sqrt(5);
    const placed = coRaterKnnMethod(pool, catalog, { shrink: 0, neighbours: 5 }).place(support(2));
    expect(Array.from(placed?.vector ?? [])).toEqual([
      expect.closeTo(0.6 / (0.6 + s2)),
      expect.closeTo(s2 / (0.6 + s2)),
    ]);
    expect(placed?.bias).toBeCloseTo(0.6 / (0.6 + s2));
    const one = coRaterKnnMethod(pool, catalog, { shrink: 0, neighbours: 1 }).place(support(2));
    expect(Array.from(one?.vector ?? [])).toEqual([1, 0]);
    expect(one?.bias).toBe(1);
  });

  it('has nothing to say with no rating', () => {
    expect(coRaterKnnMethod(pool, catalog, { shrink: 0, neighbours: 5 }).place(support(0))).toBeNull();
  });
});
