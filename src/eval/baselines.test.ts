import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import {
  biasFoldIn,
  fitBiasBaseline,
  fitGlobalMean,
  fitItemMean,
  fitPopularity,
  mfFoldIn,
  predictBias,
  predictMf,
  solveSymmetric,
  type TrainRatings,
} from './baselines';

function train(
  items: number[],
  users: number[],
  ratings: number[],
  numItems: number,
  numUsers: number,
): TrainRatings {
  return {
    items: Int32Array.from(items),
    users: Int32Array.from(users),
    ratings: Float32Array.from(ratings),
    numItems,
    numUsers,
  };
}

const rated = (items: number[], ratings: number[]) => ({
  items: Int32Array.from(items),
  ratings: Float32Array.from(ratings),
});

describe('mean baselines and popularity', () => {
  const t = train([0, 0, 1], [0, 1, 0], [5, 5, 2], 3, 2);

  it('global mean', () => {
    expect(fitGlobalMean(t).mu).toBeCloseTo(4, 6);
  });

  it('item mean shrinks toward the global mean and falls back to it', () => {
    const m = fitItemMean(t, { shrinkage: 2 });
    expect(m.itemMean[0]).toBeCloseTo((10 + 2 * 4) / 4, 6);
    expect(m.itemMean[1]).toBeCloseTo((2 + 2 * 4) / 3, 6);
    expect(m.itemMean[2]).toBeCloseTo(4, 6);
    expect(fitItemMean(t, { shrinkage: 0 }).itemMean[1]).toBeCloseTo(2, 6);
  });

  it('popularity counts ratings per item', () => {
    expect(Array.from(fitPopularity(t))).toEqual([2, 1, 0]);
  });
});

describe('bias baseline', () => {
  it('recovers planted item and user biases', () => {
    const rng = createRng(11);
    const numItems = 60;
    const numUsers = 150;
    const bi = Array.from({ length: numItems }, () => 0.5 * rng.normal());
    const bu = Array.from({ length: numUsers }, () => 0.4 * rng.normal());
    const items: number[] = [];
    const users: number[] = [];
    const ratings: number[] = [];
    for (let u = 0; u < numUsers; u++) {
      for (let i = 0; i < numItems; i++) {
        if (rng.next() < 0.7) {
          items.push(i);
          users.push(u);
          ratings.push(3.5 + (bi[i] as number) + (bu[u] as number) + 0.05 * rng.normal());
        }
      }
    }
    const model = fitBiasBaseline(train(items, users, ratings, numItems, numUsers), {
      lambdaItem: 0.1,
      lambdaUser: 0.1,
      iterations: 50,
    });
    // mu + b_i + b_u is identified only up to moving a constant between b_i and b_u: compare centered.
    const center = (xs: ArrayLike<number>) => {
      const arr = Array.from(xs);
      const m = arr.reduce((a, b) => a + b, 0) / arr.length;
      return arr.map((x) => x - m);
    };
    const fitI = center(model.itemBias);
    const trueI = center(bi);
    const fitU = center(model.userBias);
    const trueU = center(bu);
    for (let i = 0; i < numItems; i++)
      expect(Math.abs((fitI[i] as number) - (trueI[i] as number))).toBeLessThan(0.03);
    for (let u = 0; u < numUsers; u++)
      expect(Math.abs((fitU[u] as number) - (trueU[u] as number))).toBeLessThan(0.05);
    // The full prediction is identified: check it on a training pair.
    const pred = model.mu + (model.itemBias[0] as number) + (model.userBias[0] as number);
    expect(pred).toBeCloseTo(3.5 + (bi[0] as number) + (bu[0] as number), 1);
  });

  it('folds in a new user with the regularized mean residual', () => {
    const model = { mu: 3, itemBias: Float32Array.from([0.5, -0.5, 0]), lambdaUser: 1 };
    // Residuals 4 - 3.5 = 0.5 and 3 - 2.5 = 0.5: (0.5 + 0.5) / (1 + 2).
    const b = biasFoldIn(model, rated([0, 1], [4, 3]));
    expect(b).toBeCloseTo(1 / 3, 6);
    expect(biasFoldIn(model, rated([], []))).toBe(0);
    const pred = predictBias(model, b, Int32Array.from([0, 2]));
    expect(pred[0]).toBeCloseTo(3.5 + 1 / 3, 5);
    expect(pred[1]).toBeCloseTo(3 + 1 / 3, 5);
    expect(Array.from(predictBias(model, 5, Int32Array.from([0])))).toEqual([5]);
  });
});

describe('solveSymmetric', () => {
  it('solves known systems', () => {
    expect(Array.from(solveSymmetric([4, 2, 2, 3], [6, 5], 2)).map((x) => +x.toFixed(12))).toEqual([1, 1]);
    const a = [4, 12, -16, 12, 37, -43, -16, -43, 98];
    const x = solveSymmetric(a, [-20, -43, 192], 3);
    expect(x[0]).toBeCloseTo(1, 10);
    expect(x[1]).toBeCloseTo(2, 10);
    expect(x[2]).toBeCloseTo(3, 10);
  });

  it('rejects a matrix that is not positive definite', () => {
    expect(() => solveSymmetric([1, 2, 2, 1], [1, 1], 2)).toThrow(/positive definite/);
  });
});

describe('mfFoldIn and predictMf', () => {
  it('matches a hand-solved one-dimensional ridge problem', () => {
    // Features [1, 1], residual 2, lambda 1: [[2, 1], [1, 2]] w = [2, 2] gives w = [2/3, 2/3].
    const user = mfFoldIn(Float32Array.from([1]), 1, Float32Array.from([0.5]), 3, rated([0], [5.5]), 1);
    expect(user.userVector[0]).toBeCloseTo(2 / 3, 6);
    expect(user.userBias).toBeCloseTo(2 / 3, 6);
  });

  it('recovers a planted user from noise-free ratings with a tiny lambda', () => {
    const rng = createRng(3);
    const dim = 4;
    const numItems = 30;
    const v = Float32Array.from({ length: numItems * dim }, () => rng.normal());
    const bi = Float32Array.from({ length: numItems }, () => 0.3 * rng.normal());
    const mu = 3.5;
    const u = [0.5, -1, 0.25, 0.8];
    const bu = 0.3;
    const items = [2, 5, 7, 11, 13, 17, 19, 23, 29];
    const ratings = items.map((i) => {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += (u[d] as number) * (v[i * dim + d] as number);
      return mu + (bi[i] as number) + bu + dot;
    });
    const fit = mfFoldIn(v, dim, bi, mu, rated(items, ratings), 1e-9);
    for (let d = 0; d < dim; d++) expect(fit.userVector[d]).toBeCloseTo(u[d] as number, 4);
    expect(fit.userBias).toBeCloseTo(bu, 4);
  });

  it('gives zeros for an empty support', () => {
    const fit = mfFoldIn(new Float32Array(6), 3, new Float32Array(2), 3.5, rated([], []), 1);
    expect(Array.from(fit.userVector)).toEqual([0, 0, 0]);
    expect(fit.userBias).toBe(0);
  });

  it('predicts mu + b_i + b_u + u . v, clipped to [0.5, 5]', () => {
    const v = Float32Array.from([1, 2, -3, 0]);
    const bi = Float32Array.from([0.25, 0]);
    const user = { userVector: Float32Array.from([0.5, 0.25]), userBias: -0.5 };
    const p = predictMf(v, 2, bi, 3, user, Int32Array.from([0, 1]));
    expect(p[0]).toBeCloseTo(3 + 0.25 - 0.5 + 1, 6);
    expect(p[1]).toBeCloseTo(3 - 0.5 - 1.5, 6);
    const big = { userVector: Float32Array.from([10, 0]), userBias: 0 };
    expect(Array.from(predictMf(v, 2, bi, 3, big, Int32Array.from([0, 1])))).toEqual([5, 0.5]);
  });
});
