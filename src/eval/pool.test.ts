import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import type { RatedItems } from '../data/types';
import { evaluateMethods, type EvalMethod, type EvalReport } from './evaluate';
import type { CI } from './metrics';
import { poolReports } from './pool';
import type { Episode } from './protocol';

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
