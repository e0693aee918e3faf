import { describe, expect, it } from 'vitest';
import type { UserHistory } from '../data/types';
import { easeScores, fitEase } from './ease';
import { buildInteractions } from './interactions';
import { createItemKnn, itemKnnScores } from './itemKnn';
import { fitPureSvd, pureSvdScores } from './pureSvd';
import { gaussJordanInverse } from './referenceMath';

const history = (userId: number, items: number[]): UserHistory => ({
  userId,
  items: Int32Array.from(items),
  ratings: new Float32Array(items.length).fill(4),
});

describe('buildInteractions', () => {
  it('stores X by user and by item, counting an item once per user', () => {
    const x = buildInteractions([history(1, [3, 0, 3]), history(2, [0, 2])], 4);
    expect(Array.from(x.userStart)).toEqual([0, 2, 4]);
    expect(Array.from(x.userItems)).toEqual([0, 3, 0, 2]);
    expect(Array.from(x.itemStart)).toEqual([0, 2, 2, 3, 4]);
    expect(Array.from(x.itemUsers)).toEqual([0, 1, 1, 0]);
    expect(Array.from(x.counts)).toEqual([2, 0, 1, 1]);
  });

  it('rejects an item outside the catalog', () => {
    expect(() => buildInteractions([history(5, [4])], 4)).toThrow(/user 5 rated item 4/);
  });
});

describe('item-kNN', () => {
  // Users {0, 1}, {0, 1, 2}, {2, 3}: counts 2, 2, 2, 1.
  const x = buildInteractions([history(1, [0, 1]), history(2, [0, 1, 2]), history(3, [2, 3])], 5);
  const knn = createItemKnn(x);

  it('ranks neighbours by cosine similarity, ties by lower index', () => {
    const nb = knn.neighboursOf(2);
    expect(Array.from(nb.items)).toEqual([3, 0, 1]);
    expect(nb.sims[0]).toBeCloseTo(1 / Math.sqrt(2), 6);
    expect(nb.sims[1]).toBeCloseTo(0.5, 6);
    expect(Array.from(knn.neighboursOf(0).items)).toEqual([1, 2]);
    expect(knn.neighboursOf(0).sims[0]).toBeCloseTo(1, 6);
    expect(knn.neighboursOf(4).items).toHaveLength(0);
  });

  it('sums the support items similarities and puts unreached items after, by popularity', () => {
    const all = itemKnnScores(knn, x.counts, [0, 3], 0);
    expect(all[1]).toBeCloseTo(1, 6);
    expect(all[2]).toBeCloseTo(0.5 + 1 / Math.sqrt(2), 6);
    // Unreached: count / (max + 1) - 1.
    expect(all[4]).toBeCloseTo(-1, 6);
    // Only item 2's nearest neighbour (3) counts with neighbours = 1.
    const one = itemKnnScores(knn, x.counts, [2], 1);
    expect(one[3]).toBeCloseTo(1 / Math.sqrt(2), 6);
    expect(one[0]).toBeCloseTo(2 / 3 - 1, 6);
    expect(one[1]).toBeCloseTo(2 / 3 - 1, 6);
    // No support: the popularity order.
    const none = itemKnnScores(knn, x.counts, [], 10);
    x.counts.forEach((c, i) => expect(none[i]).toBeCloseTo(c / 3 - 1, 6));
  });
});

describe('fitEase', () => {
  // 8 users over 7 items; item 6 is rated once (left out at minCount 2).
  const histories = [
    [0, 1, 2],
    [0, 1],
    [1, 2, 3],
    [3, 4, 5],
    [4, 5],
    [0, 5, 6],
    [2, 3, 4],
    [0, 1, 4, 5],
  ].map((items, u) => history(u + 1, items));
  const x = buildInteractions(histories, 8);
  const lambda = 2;

  /** B from a direct Gauss-Jordan inverse of X^T X + lambda I over `items`. */
  function bruteForceB(items: number[]): number[][] {
    const n = items.length;
    const a = new Float64Array(n * n);
    for (const h of histories)
      for (const [p, i] of items.entries())
        for (const [q, j] of items.entries())
          if (h.items.includes(i) && h.items.includes(j)) a[p * n + q]! += 1;
    for (let p = 0; p < n; p++) a[p * n + p]! += lambda;
    const inv = gaussJordanInverse(a, n);
    return items.map((_, j) => items.map((_, i) => (i === j ? 0 : -inv[j * n + i]! / inv[i * n + i]!)));
  }

  it.each(['items', 'users'] as const)('matches the brute-force B (route %s)', (route) => {
    const model = fitEase(x, { lambda, minCount: 2, route });
    expect(Array.from(model.items)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(model.rowOf)).toEqual([0, 1, 2, 3, 4, 5, -1, -1]);
    const want = bruteForceB([0, 1, 2, 3, 4, 5]);
    want.forEach((row, j) => row.forEach((b, i) => expect(model.weights[j * 6 + i]).toBeCloseTo(b, 6)));
  });

  it('gives the same weights by both routes with every item kept', () => {
    const byItems = fitEase(x, { lambda: 5, minCount: 1, route: 'items' });
    const byUsers = fitEase(x, { lambda: 5, minCount: 1, route: 'users' });
    expect(byItems.items).toHaveLength(7);
    byItems.weights.forEach((w, k) => expect(byUsers.weights[k]).toBeCloseTo(w, 6));
  });

  it('scores the sum of the support rows, -Infinity outside the model, null with nothing to go on', () => {
    const model = fitEase(x, { lambda, minCount: 2 });
    const scores = easeScores(model, [1, 3, 6])!;
    for (let i = 0; i < 6; i++)
      expect(scores[i]).toBeCloseTo(model.weights[1 * 6 + i]! + model.weights[3 * 6 + i]!, 6);
    expect(scores[6]).toBe(-Infinity);
    expect(scores[7]).toBe(-Infinity);
    expect(easeScores(model, [6, 7])).toBeNull();
    expect(easeScores(model, [])).toBeNull();
  });

  it('rejects a non-positive lambda', () => {
    expect(() => fitEase(x, { lambda: 0 })).toThrow(/positive/);
  });
});

describe('fitPureSvd', () => {
  // Two blocks of identical users: 3 users x items {0, 1, 2} and 3 users x items {3, 4}: rank 2,
  // singular values sqrt(9) and sqrt(6). Item 5 is never rated.
  const blocks = [
    [0, 1, 2],
    [0, 1, 2],
    [0, 1, 2],
    [3, 4],
    [3, 4],
    [3, 4],
  ];
  const x = buildInteractions(
    blocks.map((items, u) => history(u + 1, items)),
    6,
  );
  const model = fitPureSvd(x, 5);

  it('keeps at most the rank of X, singular values descending', () => {
    expect(model.rank).toBe(2);
    expect(model.singularValues[0]).toBeCloseTo(3, 10);
    expect(model.singularValues[1]).toBeCloseTo(Math.sqrt(6), 10);
  });

  it('has orthonormal columns that reconstruct X (x V V^T = x for every user)', () => {
    const v = (i: number, f: number) => model.factors[i * model.rank + f]!;
    for (let p = 0; p < model.rank; p++)
      for (let q = 0; q < model.rank; q++) {
        let s = 0;
        for (let i = 0; i < 6; i++) s += v(i, p) * v(i, q);
        expect(s).toBeCloseTo(p === q ? 1 : 0, 10);
      }
    for (const items of blocks) {
      const scores = pureSvdScores(model, items)!;
      for (let i = 0; i < 5; i++) expect(scores[i]).toBeCloseTo(items.includes(i) ? 1 : 0, 6);
      expect(scores[5]).toBe(-Infinity);
    }
  });

  it('uses the leading factors for a smaller rank and needs a rated support item', () => {
    const first = pureSvdScores(model, [0], 1)!;
    expect(first[1]).toBeCloseTo(1 / 3, 6);
    expect(first[3]).toBeCloseTo(0, 6);
    expect(pureSvdScores(model, [5])).toBeNull();
    expect(pureSvdScores(model, [])).toBeNull();
  });
});
