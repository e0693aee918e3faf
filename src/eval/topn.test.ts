import { describe, expect, it } from 'vitest';
import type { RatedItems } from '../data/types';
import type { EvalMethod } from './evaluate';
import { evaluateTopN, popularityRanks } from './topn';
import type { TopNEpisode } from './topnProtocol';

const CATALOG = 10;
/** Item i is the (i + 1)-th most popular. */
const popularityRank = Int32Array.from({ length: CATALOG }, (_, i) => i + 1);

const rated = (items: number[], ratings: number[]): RatedItems => ({
  items: Int32Array.from(items),
  ratings: Float32Array.from(ratings),
});

function episode(
  userId: number,
  seed: number,
  support1: number,
  test0: [number[], number[]],
  test1: [number[], number[]],
): TopNEpisode {
  return {
    userId,
    seed,
    order: 'random',
    supports: new Map([
      [0, rated([], [])],
      [1, rated([support1], [3])],
    ]),
    tests: new Map([
      [0, rated(...test0)],
      [1, rated(...test1)],
    ]),
  };
}

// Relevant (>= 4): user 1 {0, 2} (one of them moves to the support at K = 1), user 2 {8, 9},
// user 3 nothing (skipped by recall and nDCG, still counted in coverage).
const episodes: TopNEpisode[] = [
  episode(
    1,
    1,
    0,
    [
      [0, 2, 9],
      [5, 4, 2],
    ],
    [
      [2, 9],
      [4, 2],
    ],
  ),
  episode(
    1,
    2,
    2,
    [
      [0, 2, 9],
      [5, 4, 2],
    ],
    [
      [0, 9],
      [5, 2],
    ],
  ),
  episode(
    2,
    1,
    9,
    [
      [8, 9, 1],
      [4, 5, 1],
    ],
    [
      [8, 1],
      [4, 1],
    ],
  ),
  episode(
    3,
    1,
    4,
    [
      [3, 4],
      [1, 2],
    ],
    [[3], [1]],
  ),
];

let disposed = 0;
const fixed = (name: string, score: (i: number) => number): EvalMethod => ({
  name,
  label: name,
  kind: 'ranking',
  adapt: () => ({
    predict: (items) => Float32Array.from(items, score),
    scoreCatalog: () => Float32Array.from({ length: CATALOG }, (_, i) => score(i)),
    dispose: () => void disposed++,
  }),
});
const lowFirst = fixed('low', (i) => -i);
const highFirst = fixed('high', (i) => i);

describe('evaluateTopN', async () => {
  const report = await evaluateTopN([lowFirst, highFirst], episodes, {
    ks: [0, 1],
    popularityRank,
    defaultMethod: 'low',
    listSize: 3,
  });
  const low = report.methods[0]!;
  const high = report.methods[1]!;
  const log2 = Math.log2;

  it('describes the protocol', () => {
    expect(report).toMatchObject({
      listSize: 3,
      relevantRating: 4,
      order: 'random',
      ks: [0, 1],
      seeds: [1, 2],
      numUsers: 3,
      numEpisodes: 4,
      catalogSize: CATALOG,
    });
    expect(disposed).toBe(2 * 4 * 2);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('scores recall and binary nDCG per episode, averaged per user over seeds', () => {
    // K = 0, list [0, 1, 2]: user 1 finds both relevant items (positions 0 and 2), user 2 none.
    const k0 = low.byK[0]!;
    expect(k0.recall.mean).toBeCloseTo(0.5, 12);
    expect(k0.recall.n).toBe(2);
    expect(k0.ndcg.mean).toBeCloseTo((1 + 1 / log2(4)) / (1 + 1 / log2(3)) / 2, 12);
    // K = 1: user 1 seed 1 lists [1, 2, 3] (hit 2 at position 1), seed 2 lists [0, 1, 3] (hit 0 first);
    // user 2 lists [0, 1, 2] against {8}.
    const k1 = low.byK[1]!;
    expect(k1.recall.mean).toBeCloseTo(0.5, 12);
    expect(k1.ndcg.mean).toBeCloseTo((1 / log2(3) + 1) / 2 / 2, 12);
    // Highest index first: user 2's 9 and 8 lead the list at K = 0; at K = 1, 9 is the support.
    expect(high.byK[0]!.recall.mean).toBeCloseTo(0.5, 12);
    expect(high.byK[0]!.ndcg.mean).toBeCloseTo(0.5, 12);
    expect(high.byK[1]!.ndcg.mean).toBeCloseTo(0.5, 12);
  });

  it('never lists a support item', async () => {
    // A method that puts the support first still lists only what lies outside it.
    const supportFirst: EvalMethod = {
      ...lowFirst,
      adapt: (support) => ({
        predict: (items) => new Float32Array(items.length),
        scoreCatalog: () =>
          Float32Array.from({ length: CATALOG }, (_, i) => (support.items.includes(i) ? 100 : -i)),
      }),
    };
    const cheat = await evaluateTopN([supportFirst], episodes, { ks: [1], popularityRank, listSize: 3 });
    expect(cheat.methods[0]!.byK[0]!.tally).toEqual(low.byK[1]!.tally);
    // Items 0..3 at K = 1: supports 0 and 2 push item 3 into two lists.
    expect(low.byK[1]!.tally.items).toEqual([0, 1, 2, 3]);
    // 9 leads every list but user 2's, whose support it is; that list reaches down to 6.
    expect(high.byK[1]!.tally.items).toEqual([6, 7, 8, 9]);
    expect(high.byK[1]!.tally.slots).toEqual([1, 4, 4, 3]);
  });

  it('counts coverage and the median popularity rank over every recommended slot', () => {
    expect(low.byK[0]!.coverage).toBeCloseTo(0.3, 12);
    expect(low.byK[0]!.medianPopularityRank).toBe(2);
    expect(low.byK[0]!.tally).toEqual({ items: [0, 1, 2], ranks: [1, 2, 3], slots: [4, 4, 4] });
    // Slots at K = 1: items 0 x3, 1 x4, 2 x3, 3 x2 -> ranks 1,1,1,2,2,2,2,3,3,3,4,4: median 2.
    expect(low.byK[1]!.coverage).toBeCloseTo(0.4, 12);
    expect(low.byK[1]!.tally.slots).toEqual([3, 4, 3, 2]);
    expect(low.byK[1]!.medianPopularityRank).toBe(2);
    // [9, 8, 7] x4 at K = 0: ranks 10, 9, 8 -> median 9.
    expect(high.byK[0]!.medianPopularityRank).toBe(9);
  });

  it('pairs the default method with every other one by user', () => {
    expect(report.paired?.map((p) => [p.method, p.against, p.k])).toEqual([
      ['low', 'high', 0],
      ['low', 'high', 1],
    ]);
    // Recall at K = 0: user 1 1 - 0, user 2 0 - 1.
    const p0 = report.paired![0]!;
    expect(p0.recall.mean).toBeCloseTo(0, 12);
    expect(p0.recall.n).toBe(2);
    expect(p0.recall.hi - p0.recall.lo).toBeCloseTo(2 * 1.96, 12);
  });

  it('rejects bad input', async () => {
    const options = { ks: [0], popularityRank };
    await expect(evaluateTopN([lowFirst], [], options)).rejects.toThrow(/no episodes/);
    await expect(
      evaluateTopN([lowFirst], [episodes[0]!, { ...episodes[1]!, order: 'time' }], options),
    ).rejects.toThrow(/mix support orders/);
    await expect(evaluateTopN([lowFirst], episodes, { ...options, defaultMethod: 'x' })).rejects.toThrow(
      /not among/,
    );
    const short = fixed('short', () => 0);
    const wrong = {
      ...short,
      adapt: () => ({ ...short.adapt(rated([], [])), scoreCatalog: () => new Float32Array(3) }),
    } as EvalMethod;
    await expect(evaluateTopN([wrong], episodes, options)).rejects.toThrow(/returned 3 scores, expected 10/);
  });
});

describe('popularityRanks', () => {
  it('ranks by count, most rated first, ties by lower index', () => {
    expect(Array.from(popularityRanks([5, 9, 5, 0, 7]))).toEqual([3, 1, 4, 5, 2]);
  });
});
