import { describe, expect, it } from 'vitest';
import { buildHistories, parseMovieLens } from '../data/movielens';
import { splitUsers } from '../data/split';
import { generateSyntheticMovieLens } from '../data/synthetic';
import type { RatedItems } from '../data/types';
import { buildInteractions } from './interactions';
import {
  buildListBaselines,
  DEFAULT_LIST_BASELINE_SETTINGS,
  easePopBetaFor,
  LIST_BASELINE_NAMES,
  type ListBaselineSettings,
} from './listBaselines';
import { tuneListBaselines } from './listBaselineTuning';
import { evaluateTopN, popularityRanks } from './topn';
import { buildTopNEpisodes } from './topnProtocol';

// Two planted taste groups: users mostly rate, and like, the movies of their own group.
const data = parseMovieLens(generateSyntheticMovieLens({ seed: 1, numUsers: 150, numGroups: 2 }));
const split = splitUsers(
  data.ratings.map((r) => r.userId),
  1,
);
const train = buildHistories(data, split.train);
const val = buildHistories(data, split.val);
const test = buildHistories(data, split.test);
const numItems = data.movies.length;
const popularityRank = popularityRanks(buildInteractions(train, numItems).counts);
const settings: ListBaselineSettings = {
  ...DEFAULT_LIST_BASELINE_SETTINGS,
  easeLambda: 200,
  knnNeighbours: 20,
  svdRank: 5,
};
const methods = buildListBaselines(train, numItems, settings);
const support = (items: number[]): RatedItems => ({
  items: Int32Array.from(items),
  ratings: new Float32Array(items.length).fill(4),
});

describe('buildListBaselines', () => {
  it('builds every list baseline, in order', () => {
    expect(methods.map((m) => m.name)).toEqual([...LIST_BASELINE_NAMES]);
    expect(methods.every((m) => m.kind === 'ranking')).toBe(true);
  });

  it('masks the support and gives the popularity order for an empty support', async () => {
    const counts = buildInteractions(train, numItems).counts;
    for (const method of methods) {
      const scorer = await method.adapt(support([3, 17]));
      const scores = await scorer.scoreCatalog();
      expect(scores).toHaveLength(numItems);
      expect([scores[3], scores[17]]).toEqual([-Infinity, -Infinity]);
      expect(Array.from(await scorer.predict(Int32Array.from([3, 5])))).toEqual([-Infinity, scores[5]]);
      const empty = await (await method.adapt(support([]))).scoreCatalog();
      // Sorted by score, the catalog is in popularity order (ties by index).
      const byScore = Array.from({ length: numItems }, (_, i) => i).sort(
        (a, b) => (empty[b] as number) - (empty[a] as number) || a - b,
      );
      expect(byScore.map((i) => counts[i])).toEqual(Array.from(counts).sort((a, b) => b - a));
    }
  });

  it('beats popularity on Recall@20 at K = 10 with EASE and item-kNN, paired by user', async () => {
    const episodes = buildTopNEpisodes(test, { ks: [0, 10], seeds: [1, 2], order: 'random', minRatings: 30 });
    const report = await evaluateTopN(methods, episodes, {
      ks: [0, 10],
      popularityRank,
      defaultMethod: 'popularity',
    });
    for (const name of ['itemknn', 'ease']) {
      // popularity minus the method: an interval entirely below 0.
      const p = report.paired?.find((q) => q.against === name && q.k === 10);
      expect(p?.recall.hi).toBeLessThan(0);
    }
    // K = 0: every method lists the popular items.
    const popular = report.methods[0]!.byK[0]!;
    for (const m of report.methods) expect(m.byK[0]!.tally).toEqual(popular.tally);
  });
});

describe('easePopBetaFor', () => {
  const table = [
    { k: 10, beta: 0.02 },
    { k: 1, beta: 0.1 },
    { k: 5, beta: 0.05 },
  ];

  it('takes the entry of the largest k not above K, the smallest one below them all', () => {
    expect(easePopBetaFor(table, 0)).toBe(0.1);
    expect(easePopBetaFor(table, 1)).toBe(0.1);
    expect(easePopBetaFor(table, 7)).toBe(0.05);
    expect(easePopBetaFor(table, 10)).toBe(0.02);
    expect(easePopBetaFor(table, 50)).toBe(0.02);
    expect(easePopBetaFor([], 3)).toBe(0);
  });
});

describe('tuneListBaselines', async () => {
  const steps: string[] = [];
  const tuning = await tuneListBaselines(train, val, numItems, {
    ks: [1, 5],
    seeds: [1],
    easeLambdas: [20, 200],
    knnNeighbours: [10, 0],
    svdRanks: [2, 5],
    easePopBetas: [0, 0.05],
    onStep: (line) => steps.push(line),
  });
  const argmax = (rows: { candidate: number; score: number }[]) =>
    rows.reduce((best, r) => (r.score > best.score ? r : best)).candidate;

  it('picks each setting from its candidates by meta-val recall', () => {
    const { settings: chosen, tables } = tuning;
    expect(tables.ks).toEqual([1, 5]);
    expect(chosen.easeLambda).toBe(argmax(tables.easeLambda));
    expect(chosen.knnNeighbours).toBe(argmax(tables.knnNeighbours));
    expect(chosen.svdRank).toBe(argmax(tables.svdRank));
    for (const row of tables.easeLambda) {
      expect(row.recallByK).toHaveLength(2);
      expect(row.score).toBeCloseTo((row.recallByK[0]! + row.recallByK[1]!) / 2, 12);
    }
    // Beta per K: the best beta at that K.
    chosen.easePopBeta.forEach(({ k, beta }, j) => {
      const best = tables.easePopBeta.reduce((a, r) =>
        (r.recallByK[j] as number) > (a.recallByK[j] as number) ? r : a,
      );
      expect(k).toBe([1, 5][j]);
      expect(beta).toBe(best.candidate);
    });
    expect(steps).toHaveLength(5);
  });

  it('returns plain JSON', () => {
    expect(JSON.parse(JSON.stringify(tuning))).toEqual(tuning);
  });

  it('needs meta-val users with enough ratings', async () => {
    await expect(tuneListBaselines(train, val, numItems, { minRatings: 1000 })).rejects.toThrow(
      /no meta-val user/,
    );
  });
});
