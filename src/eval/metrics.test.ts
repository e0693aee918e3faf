import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import {
  binaryNdcgAtK,
  expectedRandomNdcgAtK,
  mae,
  meanCI95,
  medianOfCounts,
  ndcgAtK,
  poolCI95,
  recallAtK,
  rmse,
  topKIndices,
  truncatedRecallAtK,
} from './metrics';

describe('rmse and mae', () => {
  it('match hand-computed values', () => {
    expect(rmse([1, 2, 3], [1, 2, 5])).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(mae([1, 2, 3], [2, 2, 5])).toBeCloseTo(1, 12);
    expect(mae(new Float32Array([4.5]), [3])).toBeCloseTo(1.5, 12);
  });

  it('reject mismatched lengths and give NaN for empty input', () => {
    expect(() => rmse([1], [1, 2])).toThrow(/length/);
    expect(rmse([], [])).toBeNaN();
  });
});

describe('ndcgAtK', () => {
  // scores [0.9, 0.1, 0.5] rank the items 0, 2, 1; gains 2^r - 1 are 7, 0, 31.
  const scores = [0.9, 0.1, 0.5];
  const truth = [3, 5, 0];

  it('matches a hand-computed value', () => {
    const dcg = 7 + 0 / Math.log2(3) + 31 / 2;
    const ideal = 31 + 7 / Math.log2(3);
    expect(ndcgAtK(scores, truth, 3)).toBeCloseTo(dcg / ideal, 12);
    expect(ndcgAtK(scores, truth, 1)).toBeCloseTo(7 / 31, 12);
  });

  it('is 1 for the ideal ordering and handles k beyond the query size', () => {
    expect(ndcgAtK([1, 3, 2], [1, 5, 3], 10)).toBeCloseTo(1, 12);
  });

  it('breaks ties by original index ascending', () => {
    // Item 0 (gain 0) comes first, so the relevant item sits at position 2.
    expect(ndcgAtK([1, 1], [0, 1], 2)).toBeCloseTo(1 / Math.log2(3), 12);
  });

  it('is NaN when the ideal DCG is 0', () => {
    expect(ndcgAtK([0.3, 0.1], [0, 0], 2)).toBeNaN();
    expect(ndcgAtK([], [], 3)).toBeNaN();
  });
});

describe('expectedRandomNdcgAtK', () => {
  it('matches hand-computed values', () => {
    expect(expectedRandomNdcgAtK([1, 0], 1)).toBeCloseTo(0.5, 12);
    expect(expectedRandomNdcgAtK([1, 0], 2)).toBeCloseTo(0.5 * (1 + 1 / Math.log2(3)), 12);
  });

  it('equals the average nDCG over every permutation', () => {
    const truth = [5, 3, 0.5, 4];
    const perms: number[][] = [];
    const permute = (prefix: number[], rest: number[]): void => {
      if (rest.length === 0) perms.push(prefix);
      rest.forEach((x, i) => permute([...prefix, x], [...rest.slice(0, i), ...rest.slice(i + 1)]));
    };
    permute([], [0, 1, 2, 3]);
    for (const k of [1, 2, 3, 10]) {
      let sum = 0;
      for (const p of perms) {
        // Position p[i] gets score -i, i.e. the permutation is the ranking.
        const s = new Array<number>(4);
        p.forEach((item, pos) => (s[item] = -pos));
        sum += ndcgAtK(s, truth, k);
      }
      expect(expectedRandomNdcgAtK(truth, k)).toBeCloseTo(sum / perms.length, 10);
    }
  });
});

describe('recallAtK', () => {
  const scores = new Float32Array([0.1, 0.9, 0.8, 0.7, 0.2]);

  it('counts relevant items in the top k after exclusion', () => {
    expect(recallAtK(scores, [1], [3, 4], 2)).toBeCloseTo(0.5, 12);
    expect(recallAtK(scores, [], [3, 4], 2)).toBe(0);
    expect(recallAtK(scores, [1, 2], [3, 4], 3)).toBe(1);
  });

  it('is NaN without relevant items', () => {
    expect(recallAtK(scores, [], [], 2)).toBeNaN();
  });

  it('agrees with a full sort on a large random catalog, ties by lower index', () => {
    const rng = createRng(7);
    // Coarse scores so ties are common.
    const big = Float32Array.from({ length: 10_000 }, () => Math.floor(rng.next() * 50));
    const exclude = [3, 17, 400, 9999];
    const top = topKIndices(big, 20, exclude);
    const ex = new Set(exclude);
    const expected = Array.from(big.keys())
      .filter((i) => !ex.has(i))
      .sort((a, b) => (big[b] as number) - (big[a] as number) || a - b)
      .slice(0, 20);
    expect(Array.from(top)).toEqual(expected);
  });

  it('returns the whole remaining catalog when k exceeds it', () => {
    expect(Array.from(topKIndices(scores, 10, [0]))).toEqual([1, 2, 3, 4]);
  });
});

describe('meanCI95', () => {
  it('ignores NaN and uses the sample sd', () => {
    const ci = meanCI95([1, 2, 3, NaN]);
    expect(ci.n).toBe(3);
    expect(ci.mean).toBeCloseTo(2, 12);
    expect(ci.hi - ci.mean).toBeCloseTo(1.96 / Math.sqrt(3), 12);
    expect(ci.mean - ci.lo).toBeCloseTo(1.96 / Math.sqrt(3), 12);
  });

  it('collapses the interval below two values', () => {
    expect(meanCI95([0.4, NaN])).toEqual({ mean: 0.4, lo: 0.4, hi: 0.4, n: 1 });
    expect(meanCI95([]).n).toBe(0);
  });
});

describe('poolCI95', () => {
  it('equals meanCI95 of the concatenated samples', () => {
    const parts = [[0.91, 0.85, 1.02, 0.77], [0.6, 0.95], [1.1], [0.8, 0.82, 0.79, 0.9, 0.88, 0.7]];
    const pooled = poolCI95([...parts.map(meanCI95), meanCI95([NaN])]);
    const direct = meanCI95(parts.flat());
    expect(pooled.n).toBe(direct.n);
    for (const key of ['mean', 'lo', 'hi'] as const) expect(pooled[key]).toBeCloseTo(direct[key], 12);
  });

  it('is NaN with no values and collapses on one', () => {
    expect(poolCI95([]).n).toBe(0);
    expect(poolCI95([meanCI95([NaN])]).mean).toBeNaN();
    expect(poolCI95([meanCI95([0.4]), meanCI95([])])).toEqual({ mean: 0.4, lo: 0.4, hi: 0.4, n: 1 });
  });
});

describe('truncatedRecallAtK and binaryNdcgAtK', () => {
  // List 5, 1, 7, 2: relevant items 1 and 2 sit at positions 1 and 3; 9 is relevant but not listed.
  const list = [5, 1, 7, 2];
  const relevant = new Set([1, 2, 9]);

  it('divide the hits by min(k, #relevant)', () => {
    expect(truncatedRecallAtK(list, relevant, 4)).toBeCloseTo(2 / 3, 12);
    expect(truncatedRecallAtK(list, relevant, 2)).toBeCloseTo(1 / 2, 12);
    // A full list of relevant items scores 1 even when more items are relevant than fit.
    expect(truncatedRecallAtK([1, 2], relevant, 2)).toBe(1);
  });

  it('match a hand-computed binary nDCG', () => {
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const ideal = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(binaryNdcgAtK(list, relevant, 4)).toBeCloseTo(dcg / ideal, 12);
    expect(binaryNdcgAtK(list, relevant, 2)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
    expect(binaryNdcgAtK([2, 1, 9], relevant, 3)).toBeCloseTo(1, 12);
  });

  it('are NaN when nothing is relevant', () => {
    expect(truncatedRecallAtK(list, new Set(), 4)).toBeNaN();
    expect(binaryNdcgAtK(list, new Set(), 4)).toBeNaN();
  });
});

describe('medianOfCounts', () => {
  it('is the middle of the expanded multiset, or the mean of the two middle values', () => {
    // 3, 3, 1, 10 -> sorted 1, 3, 3, 10: median 3.
    expect(medianOfCounts([3, 1, 10], [2, 1, 1])).toBe(3);
    // 1, 3, 3, 10, 10, 10 -> middle values 3 and 10.
    expect(medianOfCounts([10, 3, 1], [3, 2, 1])).toBe(6.5);
    expect(medianOfCounts([4], [1])).toBe(4);
    expect(medianOfCounts([], [])).toBeNaN();
    expect(medianOfCounts([2, 5], [0, 0])).toBeNaN();
  });
});
