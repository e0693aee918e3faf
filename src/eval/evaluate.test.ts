import { describe, expect, it } from 'vitest';
import type { RatedItems } from '../data/types';
import { evaluateMethods, type EvalMethod } from './evaluate';
import type { Episode } from './protocol';

const CATALOG = 50;
const rated = (items: number[], ratings: number[]): RatedItems => ({
  items: Int32Array.from(items),
  ratings: Float32Array.from(ratings),
});
const episode = (userId: number, seed: number, query: RatedItems, support1: RatedItems): Episode => ({
  userId,
  seed,
  query,
  supports: new Map([
    [0, rated([], [])],
    [1, support1],
  ]),
});

// User 1 has two seeds, user 2 one; user 2 rates nothing >= 4, so has no recall.
const episodes = [
  episode(1, 1, rated([40, 41], [5, 3]), rated([42], [4])),
  episode(1, 2, rated([41, 43], [3, 5]), rated([42], [4])),
  episode(2, 1, rated([10, 11], [2, 2]), rated([12], [1])),
];
const truthTable = new Map<number, number>();
for (const e of episodes)
  e.query.items.forEach((item, j) => truthTable.set(item, e.query.ratings[j] as number));

let disposed = 0;
const supportSizes: number[] = [];
const constant: EvalMethod = {
  name: 'constant',
  label: 'Constant 3',
  kind: 'rating',
  adapt(support) {
    supportSizes.push(support.items.length);
    return {
      predict: (items) => new Float32Array(items.length).fill(3),
      scoreCatalog: () => new Float32Array(CATALOG),
      dispose: () => void disposed++,
    };
  },
};
const oracle: EvalMethod = {
  name: 'oracle',
  label: 'Oracle',
  kind: 'rating',
  adapt: async () => ({
    predict: async (items) => Float32Array.from(items, (i) => truthTable.get(i) ?? 0),
    scoreCatalog: async () => Float32Array.from({ length: CATALOG }, (_, i) => truthTable.get(i) ?? 0),
    dispose: () => void disposed++,
  }),
};
const byIndex: EvalMethod = {
  name: 'index',
  label: 'Higher index first',
  kind: 'ranking',
  adapt: () => ({
    predict: (items) => Float32Array.from(items),
    scoreCatalog: () => Float32Array.from({ length: CATALOG }, (_, i) => i),
    dispose: () => void disposed++,
  }),
};

describe('evaluateMethods', async () => {
  const progress: [number, number][] = [];
  const report = await evaluateMethods([constant, oracle, byIndex], episodes, {
    ks: [0, 1],
    onProgress: (d, t) => progress.push([d, t]),
  });
  // nDCG of the order (3-star, 5-star): (7 + 31/log2 3) / (31 + 7/log2 3).
  const swapped = (7 + 31 / Math.log2(3)) / (31 + 7 / Math.log2(3));
  const [c, o, ix] = report.methods;

  it('describes the run', () => {
    expect(report.ks).toEqual([0, 1]);
    expect(report.numUsers).toBe(2);
    expect(report.numEpisodes).toBe(3);
    expect(report.seeds).toEqual([1, 2]);
    expect(report.querySize).toBe(2);
    expect(report.methods.map((m) => [m.name, m.kind, m.byK.map((r) => r.k)])).toEqual([
      ['constant', 'rating', [0, 1]],
      ['oracle', 'rating', [0, 1]],
      ['index', 'ranking', [0, 1]],
    ]);
  });

  it('adapts on the support of each K, disposes every scorer and reports progress', () => {
    expect(supportSizes).toEqual([0, 0, 0, 1, 1, 1]);
    expect(disposed).toBe(18);
    expect(progress).toHaveLength(18);
    expect(progress.at(-1)).toEqual([18, 18]);
  });

  it('averages per user across seeds before the across-user interval', () => {
    // Per-episode RMSE sqrt2, sqrt2 (user 1) and 1 (user 2): per-user values [sqrt2, 1].
    const rmse = c!.byK[0]!.rmse!;
    const sd = (Math.SQRT2 - 1) / Math.SQRT2;
    expect(rmse.n).toBe(2);
    expect(rmse.mean).toBeCloseTo((Math.SQRT2 + 1) / 2, 6);
    expect(rmse.hi - rmse.mean).toBeCloseTo((1.96 * sd) / Math.SQRT2, 6);
    // MAE is 1 in every episode: (2 + 0) / 2 for user 1, (1 + 1) / 2 for user 2.
    expect(c!.byK[1]!.mae).toEqual({ mean: 1, lo: 1, hi: 1, n: 2 });
    // Ties keep query order: user 1 gets 1 then `swapped`, user 2 (all equal) gets 1.
    expect(c!.byK[0]!.ndcg3.mean).toBeCloseTo(((1 + swapped) / 2 + 1) / 2, 6);
    // All-zero catalog scores: the top 20 are indices 0-19, user 1's items 40 and 43 miss.
    expect(c!.byK[0]!.recall20).toEqual({ mean: 0, lo: 0, hi: 0, n: 1 });
  });

  it('gives the oracle perfect scores', () => {
    for (const r of o!.byK) {
      expect(r.rmse!.mean).toBeCloseTo(0, 6);
      expect(r.mae!.mean).toBeCloseTo(0, 6);
      expect(r.ndcg10.mean).toBeCloseTo(1, 6);
      expect(r.recall20.mean).toBe(1);
    }
  });

  it('leaves RMSE and MAE null for ranking methods but scores their rankings', () => {
    expect(ix!.byK[1]!.rmse).toBeNull();
    expect(ix!.byK[1]!.mae).toBeNull();
    expect(ix!.byK[1]!.ndcg3.mean).toBeCloseTo(((swapped + 1) / 2 + 1) / 2, 6);
    expect(ix!.byK[1]!.recall20.mean).toBe(1);
  });

  it('computes the random floors', () => {
    const [f0, f1] = report.floors.random;
    const randomNdcg = (19 * (1 + 1 / Math.log2(3))) / (31 + 7 / Math.log2(3));
    expect(f0!.ndcg10.mean).toBeCloseTo((randomNdcg + 1) / 2, 6);
    expect(f0!.recall20).toEqual({ mean: 20 / 50, lo: 20 / 50, hi: 20 / 50, n: 1 });
    expect(f1!.recall20.mean).toBeCloseTo(20 / 49, 12);
  });
});

describe('evaluateMethods errors', () => {
  it('disposes the scorer when scoring throws', async () => {
    let count = 0;
    const broken: EvalMethod = {
      name: 'broken',
      label: 'Broken',
      kind: 'rating',
      adapt: () => ({
        predict: () => {
          throw new Error('boom');
        },
        scoreCatalog: () => new Float32Array(CATALOG),
        dispose: () => void count++,
      }),
    };
    await expect(evaluateMethods([broken], episodes, { ks: [0] })).rejects.toThrow('boom');
    expect(count).toBe(1);
  });

  it('rejects a K the episodes do not have', async () => {
    await expect(evaluateMethods([constant], episodes, { ks: [5] })).rejects.toThrow(/K=5/);
  });
});

describe('evaluateMethods paired differences', () => {
  // A noisy method: off by 1 for user 1 and by 3 for user 2 (a hard user), and the same plus a
  // constant 0.5 for user 1 only; the user-to-user spread is shared, the difference is not.
  const offBy = (name: string, extra: number): EvalMethod => ({
    name,
    label: name,
    kind: 'rating',
    adapt: () => ({
      predict: (items) =>
        Float32Array.from(items, (i) => (truthTable.get(i) ?? 0) + (i >= 40 ? 1 + extra : 3)),
      scoreCatalog: () => new Float32Array(CATALOG),
    }),
  });

  it('carries method minus baseline per user, with an interval across users', async () => {
    const report = await evaluateMethods([offBy('a', 0.5), offBy('b', 0), byIndex], episodes, {
      ks: [0, 1],
      pairs: [
        { method: 'a', against: 'b' },
        { method: 'index', against: 'b' },
      ],
    });
    expect(report.paired?.map((p) => [p.method, p.against, p.k])).toEqual([
      ['a', 'b', 0],
      ['a', 'b', 1],
      ['index', 'b', 0],
      ['index', 'b', 1],
    ]);
    const ab = report.paired![0]!;
    // RMSE differences per user: 1.5 - 1 = 0.5 (user 1), 3 - 3 = 0 (user 2).
    expect(ab.rmse!.n).toBe(2);
    expect(ab.rmse!.mean).toBeCloseTo(0.25, 6);
    expect(ab.rmse!.hi - ab.rmse!.mean).toBeCloseTo((1.96 * Math.sqrt(0.125)) / Math.SQRT2, 6);
    // The methods' own intervals are far wider (they carry the 1-vs-3 spread between users).
    const own = report.methods[0]!.byK[0]!.rmse!;
    expect(own.hi - own.lo).toBeGreaterThan(ab.rmse!.hi - ab.rmse!.lo);
    // A constant offset does not reorder: no nDCG difference.
    expect(ab.ndcg10).toEqual({ mean: 0, lo: 0, hi: 0, n: 2 });
    // A ranking method has no RMSE to compare.
    expect(report.paired![2]!.rmse).toBeNull();
  });

  it('leaves the field out when no pair is asked for, and rejects a pair it cannot compute', async () => {
    const plain = await evaluateMethods([offBy('b', 0)], episodes, { ks: [0] });
    expect(plain.paired).toBeUndefined();
    await expect(
      evaluateMethods([offBy('b', 0)], episodes, { ks: [0], pairs: [{ method: 'maml', against: 'b' }] }),
    ).rejects.toThrow(/"maml", which is not among the methods evaluated/);
  });
});
