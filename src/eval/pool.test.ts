import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import type { RatedItems } from '../data/types';
import { evaluateMethods, type EvalMethod, type EvalReport } from './evaluate';
import type { CI } from './metrics';
import { poolReports, poolTopNReports } from './pool';
import type { Episode } from './protocol';
import { evaluateTopN, type TopNReport } from './topn';
import { buildTopNEpisodes } from './topnProtocol';

const CATALOG = 40;
const rng = createRng(5);
const taste = Float32Array.from({ length: CATALOG }, () => 0.5 + rng.int(10) / 2);
const rated = (items: number[]): RatedItems => ({
  items: Int32Array.from(items),
  ratings: Float32Array.from(items, (i) => Math.min(5, Math.max(0.5, (taste[i] as number) + rng.int(3) - 1))),
});
const episodes: Episode[] = [];
for (let user = 1; user <= 12; user++)
  for (const seed of [1, 2]) {
    const items = rng.shuffle(Array.from({ length: CATALOG }, (_, i) => i)).slice(0, 8);
    episodes.push({
      userId: user,
      seed,
      query: rated(items.slice(0, 5)),
      supports: new Map([
        [0, rated([])],
        [2, rated(items.slice(5, 7))],
      ]),
    });
  }

// A rating method that learns from its support (the mean of it), one that does not, and a ranker.
const supportMean: EvalMethod = {
  name: 'mean',
  label: 'Support mean',
  kind: 'rating',
  adapt: (support) => {
    const r = Array.from(support.ratings);
    const m = r.length ? r.reduce((a, b) => a + b, 0) / r.length : 3;
    return {
      predict: (items) => Float32Array.from(items, (i) => (m + (taste[i] as number)) / 2),
      scoreCatalog: () => Float32Array.from(taste, (t) => t + m),
    };
  },
};
const constant: EvalMethod = {
  name: 'constant',
  label: 'Constant 3.5',
  kind: 'rating',
  adapt: () => ({
    predict: (items) => new Float32Array(items.length).fill(3.5),
    scoreCatalog: () => new Float32Array(CATALOG),
  }),
};
const ranker: EvalMethod = {
  name: 'index',
  label: 'Lower index first',
  kind: 'ranking',
  adapt: () => ({
    predict: (items) => Float32Array.from(items, (i) => -i),
    scoreCatalog: () => Float32Array.from({ length: CATALOG }, (_, i) => -i),
  }),
};
const methods = [supportMean, constant, ranker];
const opts = { ks: [0, 2], pairs: [{ method: 'mean', against: 'constant' }] };
const evaluate = (users: (u: number) => boolean) =>
  evaluateMethods(
    methods,
    episodes.filter((e) => users(e.userId)),
    opts,
  );

function expectSameCI(a: CI | null, b: CI | null): void {
  if (a === null || b === null) return expect(a).toBe(b);
  expect(a.n).toBe(b.n);
  for (const key of ['mean', 'lo', 'hi'] as const) expect(a[key]).toBeCloseTo(b[key], 10);
}

describe('poolReports', async () => {
  const whole = await evaluate(() => true);
  const folds = await Promise.all([
    evaluate((u) => u <= 3),
    evaluate((u) => u > 3 && u <= 8),
    evaluate((u) => u > 8),
  ]);
  const pooled = poolReports(folds);

  it('gives the report of all the users together: every interval, the floors and the pairs', () => {
    expect(pooled.numUsers).toBe(12);
    expect(pooled.numEpisodes).toBe(24);
    expect(pooled.ks).toEqual([0, 2]);
    expect(pooled.methods.map((m) => m.name)).toEqual(['mean', 'constant', 'index']);
    pooled.methods.forEach((m, i) =>
      m.byK.forEach((row, j) => {
        const want = whole.methods[i]?.byK[j];
        for (const key of ['rmse', 'mae', 'ndcg3', 'ndcg10', 'recall20'] as const)
          expectSameCI(row[key], want?.[key] ?? null);
      }),
    );
    expect(pooled.methods[2]?.byK[0]?.rmse).toBeNull();
    pooled.floors.random.forEach((row, j) =>
      expectSameCI(row.ndcg10, whole.floors.random[j]?.ndcg10 ?? null),
    );
    expect(pooled.paired).toHaveLength(2);
    pooled.paired?.forEach((p, j) => {
      expectSameCI(p.rmse, whole.paired?.[j]?.rmse ?? null);
      expectSameCI(p.ndcg10, whole.paired?.[j]?.ndcg10 ?? null);
    });
    // The support helps: a real difference, for a pooled interval to find.
    expect(pooled.paired?.[1]?.rmse?.hi).toBeLessThan(0);
  });

  it('refuses reports that are not the same evaluation', () => {
    expect(() => poolReports([])).toThrow(/no reports/);
    const [a, b] = folds as [EvalReport, EvalReport, EvalReport];
    expect(() => poolReports([a, { ...b, ks: [0] }])).toThrow(/differ in K values/);
    expect(() => poolReports([a, { ...b, methods: b.methods.slice(1) }])).toThrow(/differ in methods/);
    expect(() => poolReports([a, { ...b, querySize: 3 }])).toThrow(/query size/);
  });

  it('keeps only the pairs every report has', () => {
    const [a, b] = folds as [EvalReport, EvalReport, EvalReport];
    expect(poolReports([a, { ...b, paired: [] }]).paired).toEqual([]);
    const { paired: _, ...bare } = a;
    expect(poolReports([bare, bare]).paired).toBeUndefined();
  });
});

describe('poolTopNReports', async () => {
  // 14 users with 12 to 20 ratings of a 40-item catalog; a ranker that follows its support.
  const histories = Array.from({ length: 14 }, (_, u) => {
    const items = rng.shuffle(Array.from({ length: CATALOG }, (_, i) => i)).slice(0, 12 + rng.int(9));
    return { userId: u + 1, ...rated(items) };
  });
  const topNEpisodes = buildTopNEpisodes(histories, {
    ks: [0, 3],
    seeds: [1, 2],
    order: 'random',
    minRatings: 12,
  });
  const follower: EvalMethod = {
    name: 'follower',
    label: 'Near the support',
    kind: 'ranking',
    adapt: (support) => {
      const centre = support.items.length
        ? support.items.reduce((a, b) => a + b, 0) / support.items.length
        : 0;
      const scores = Float32Array.from(
        { length: CATALOG },
        (_, i) => (taste[i] as number) - Math.abs(i - centre) / 8,
      );
      return {
        predict: (items) => Float32Array.from(items, (i) => scores[i] as number),
        scoreCatalog: () => scores,
      };
    },
  };
  const popularityRank = Int32Array.from({ length: CATALOG }, (_, i) => ((i * 7) % CATALOG) + 1);
  const run = (users: (u: number) => boolean) =>
    evaluateTopN(
      [follower, ranker],
      topNEpisodes.filter((e) => users(e.userId)),
      { ks: [0, 3], popularityRank, defaultMethod: 'follower', listSize: 5 },
    );
  const whole = await run(() => true);
  const halves = await Promise.all([run((u) => u <= 6), run((u) => u > 6)]);
  const pooled = poolTopNReports(halves);

  it('equals the evaluation of all the users: intervals, coverage, median rank and pairs', () => {
    expect(pooled.numUsers).toBe(whole.numUsers);
    expect(pooled.numEpisodes).toBe(whole.numEpisodes);
    pooled.methods.forEach((m, i) =>
      m.byK.forEach((row, j) => {
        const want = whole.methods[i]!.byK[j]!;
        expectSameCI(row.recall, want.recall);
        expectSameCI(row.ndcg, want.ndcg);
        expect(row.tally).toEqual(want.tally);
        expect(row.coverage).toBe(want.coverage);
        expect(row.medianPopularityRank).toBe(want.medianPopularityRank);
      }),
    );
    expect(pooled.paired).toHaveLength(2);
    pooled.paired!.forEach((p, j) => {
      expectSameCI(p.recall, whole.paired![j]!.recall);
      expectSameCI(p.ndcg, whole.paired![j]!.ndcg);
    });
    // The halves' lists differ, so coverage is the union's, above either half's.
    expect(pooled.methods[0]!.byK[1]!.coverage).toBeGreaterThan(halves[0]!.methods[0]!.byK[1]!.coverage);
  });

  it('refuses reports that are not the same evaluation', () => {
    const [a, b] = halves as [TopNReport, TopNReport];
    expect(() => poolTopNReports([])).toThrow(/no reports/);
    expect(() => poolTopNReports([a, { ...b, order: 'time' }])).toThrow(/differ in support order/);
    expect(() => poolTopNReports([a, { ...b, listSize: 20 }])).toThrow(/differ in list size/);
    expect(() => poolTopNReports([a, { ...b, methods: b.methods.slice(1) }])).toThrow(/differ in methods/);
  });
});
