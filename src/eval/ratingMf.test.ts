import { describe, expect, it } from 'vitest';
import { buildHistories, parseMovieLens } from '../data/movielens';
import { splitUsers } from '../data/split';
import { generateSyntheticMovieLens } from '../data/synthetic';
import type { RatedItems, UserHistory } from '../data/types';
import { biasFoldIn, fitBiasBaseline, mfFoldIn, predictBias, type TrainRatings } from './baselines';
import { evaluateMethods, type EvalMethod } from './evaluate';
import { buildEpisodes } from './protocol';
import { fitRatingMf, mfFoldInMethod } from './ratingMf';
import { tuneRatingMf } from './ratingMfTuning';

// Three planted taste groups: a user rates their group's movies around 4.5 and the rest around 2,
// a rank-3 structure the bias model cannot express.
const data = parseMovieLens(generateSyntheticMovieLens({ seed: 1, numUsers: 180, numGroups: 3 }));
const split = splitUsers(
  data.ratings.map((r) => r.userId),
  1,
);
const train = buildHistories(data, split.train);
const val = buildHistories(data, split.val);
const test = buildHistories(data, split.test);
const numItems = data.movies.length;
const opts = { dim: 8, lambda: 5, iterations: 10, seed: 1 };
const model = fitRatingMf(train, numItems, opts);

function trainRatings(histories: readonly UserHistory[]): TrainRatings {
  const items = histories.flatMap((h) => Array.from(h.items));
  const users = histories.flatMap((h, u) => Array.from(h.items, () => u));
  const ratings = histories.flatMap((h) => Array.from(h.ratings));
  return {
    items: Int32Array.from(items),
    users: Int32Array.from(users),
    ratings: Float32Array.from(ratings),
    numItems,
    numUsers: histories.length,
  };
}

const bias = fitBiasBaseline(trainRatings(train));
const all = Int32Array.from({ length: numItems }, (_, i) => i);
const biasMethod: EvalMethod = {
  name: 'bias',
  label: 'Bias baseline',
  kind: 'rating',
  adapt: (support) => {
    const stars = predictBias(bias, biasFoldIn(bias, support), all);
    return {
      predict: (items) => Float32Array.from(items, (i) => stars[i] as number),
      scoreCatalog: () => stars,
    };
  },
};

describe('fitRatingMf', () => {
  it('lowers the objective and the training RMSE at every sweep', () => {
    const long = fitRatingMf(train, numItems, { ...opts, iterations: 15 });
    expect(long.trace).toHaveLength(15);
    for (let t = 1; t < long.trace.length; t++) {
      const [before, after] = [long.trace[t - 1]!, long.trace[t]!];
      expect(after.objective).toBeLessThanOrEqual(before.objective * (1 + 1e-12));
      expect(after.rmse).toBeLessThanOrEqual(before.rmse * (1 + 1e-12));
    }
    // The factors explain far more than the bias model does (its training RMSE is near 1.3 here).
    expect(long.trace.at(-1)!.rmse).toBeLessThan(0.6);
  });

  it('is deterministic for a seed', () => {
    const again = fitRatingMf(train, numItems, opts);
    expect(again.itemVectors).toEqual(model.itemVectors);
    expect(again.userVectors).toEqual(model.userVectors);
    expect(again.trace).toEqual(model.trace);
    const other = fitRatingMf(train, numItems, { ...opts, seed: 2 });
    expect(other.itemVectors).not.toEqual(model.itemVectors);
  });

  it('keeps the bias model mu and b_i, and zeros for items nobody rated', () => {
    expect(model.mu).toBeCloseTo(bias.mu, 6);
    expect(model.itemBias).toEqual(bias.itemBias);
    const wider = fitRatingMf(train, numItems + 3, opts);
    for (let i = numItems; i < numItems + 3; i++) {
      expect(wider.itemBias[i]).toBe(0);
      expect(Array.from(wider.itemVectors.subarray(i * opts.dim, (i + 1) * opts.dim))).toEqual(
        new Array(opts.dim).fill(0),
      );
    }
  });

  it("gives each training user exactly mfFoldIn's answer on their history (both solve paths)", () => {
    // dim 44: users with fewer than 45 ratings take the dual solve, the others the normal equations.
    const wide = fitRatingMf(train, numItems, { ...opts, dim: 44 });
    const lengths = train.map((h) => h.items.length);
    expect(Math.min(...lengths)).toBeLessThan(45);
    expect(Math.max(...lengths)).toBeGreaterThanOrEqual(45);
    train.forEach((h, u) => {
      const user = mfFoldIn(wide.itemVectors, 44, wide.itemBias, wide.mu, h, wide.lambda);
      expect(user.userBias).toBeCloseTo(wide.userBias[u]!, 4);
      user.userVector.forEach((v, d) => expect(v).toBeCloseTo(wide.userVectors[u * 44 + d]!, 4));
    });
  });

  it('rejects bad options and items outside the catalog', () => {
    expect(() => fitRatingMf(train, numItems, { ...opts, dim: 0 })).toThrow(/dim/);
    expect(() => fitRatingMf(train, numItems, { ...opts, lambda: 0 })).toThrow(/lambda/);
    expect(() => fitRatingMf(train, numItems, { ...opts, iterations: 0 })).toThrow(/iterations/);
    expect(() => fitRatingMf(train, 10, opts)).toThrow(/outside \[0, 10\)/);
  });
});

describe('mfFoldInMethod', () => {
  const method = mfFoldInMethod(model, 3);
  const empty: RatedItems = { items: new Int32Array(0), ratings: new Float32Array(0) };

  it('gives mu + b_i (the bias model with b_u = 0) when the support is empty', async () => {
    const scorer = await method.adapt(empty);
    const expected = predictBias(model, 0, all);
    expect(await scorer.scoreCatalog()).toEqual(expected);
    expect(Array.from(await scorer.predict(Int32Array.from([4, 0, 9])))).toEqual([
      expected[4],
      expected[0],
      expected[9],
    ]);
    expect(Array.from(await (await biasMethod.adapt(empty)).scoreCatalog())).toEqual(Array.from(expected));
  });

  it('predicts stars in [0.5, 5] for the catalog and for single items alike', async () => {
    const h = test[0]!;
    const support = { items: h.items.subarray(0, 10), ratings: h.ratings.subarray(0, 10) };
    const scorer = await method.adapt(support);
    const catalog = await scorer.scoreCatalog();
    expect(catalog).toHaveLength(numItems);
    expect(Math.min(...catalog)).toBeGreaterThanOrEqual(0.5);
    expect(Math.max(...catalog)).toBeLessThanOrEqual(5);
    expect(Array.from(await scorer.predict(h.items.subarray(10, 15)))).toEqual(
      Array.from(h.items.subarray(10, 15), (i) => catalog[i]),
    );
  });

  it('beats the bias baseline in RMSE at K = 10 on planted taste groups, paired by user', async () => {
    const episodes = buildEpisodes(test, { ks: [10], seeds: [1, 2], querySize: 10, minRatings: 30 });
    const report = await evaluateMethods([method, biasMethod], episodes, {
      ks: [10],
      pairs: [{ method: 'mf-foldin', against: 'bias' }],
    });
    // MF minus bias: an interval entirely below 0.
    const diff = report.paired?.[0]?.rmse;
    expect(diff?.n).toBe(test.length);
    expect(diff?.hi).toBeLessThan(0);
  });
});

describe('tuneRatingMf', () => {
  it('chooses the candidate with the lowest mean meta-val RMSE and returns its fit', async () => {
    const grid = { dims: [4, 8], lambdas: [5], foldInLambdas: [1, 3], iterations: 5, seed: 1 };
    const tuned = await tuneRatingMf(train, val, numItems, grid);
    expect(tuned.ks).toEqual([5, 10, 20]);
    expect(tuned.table.map((r) => [r.candidate.dim, r.candidate.foldInLambda])).toEqual([
      [4, 1],
      [4, 3],
      [8, 1],
      [8, 3],
    ]);
    for (const row of tuned.table) {
      expect(row.rmseByK).toHaveLength(3);
      expect(row.score).toBeCloseTo(-(row.rmseByK[0]! + row.rmseByK[1]! + row.rmseByK[2]!) / 3, 12);
    }
    const best = tuned.table.reduce((a, b) => (b.score > a.score ? b : a));
    expect(tuned.settings).toEqual({ ...best.candidate, iterations: 5, seed: 1 });
    const refit = fitRatingMf(train, numItems, { ...tuned.settings });
    expect(tuned.model.itemVectors).toEqual(refit.itemVectors);
  });

  it('needs meta-val users with enough ratings', async () => {
    const short = val.map((h) => ({
      ...h,
      items: h.items.subarray(0, 5),
      ratings: h.ratings.subarray(0, 5),
    }));
    await expect(tuneRatingMf(train, short, numItems)).rejects.toThrow(/no meta-val user/);
  });
});
