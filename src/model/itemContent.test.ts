import { describe, expect, it } from 'vitest';
import { contentPlacer, fitContent, predictContent } from './itemContent';
import { solveSpd } from './itemLinalg';
import type { ItemTrainingSet } from './newItem';

/** A training set of items only (no raters needed by the regression). */
function itemsOnly(
  dim: number,
  numFeatures: number,
  features: number[],
  states: number[][],
): ItemTrainingSet {
  const n = states.length;
  return {
    dim,
    numFeatures,
    features: Float32Array.from(features),
    itemVectors: Float32Array.from(states.flatMap((s) => s.slice(0, dim))),
    itemBiases: Float32Array.from(states.map((s) => s[dim] ?? 0)),
    userStates: new Float32Array(0),
    top20Threshold: new Float32Array(0),
    items: Array.from({ length: n }, (_, item) => ({
      item,
      users: new Int32Array(item + 1),
      ratings: new Float32Array(item + 1),
    })),
  };
}

describe('solveSpd', () => {
  it('solves a known 2 x 2 system with two right-hand sides', () => {
    const x = solveSpd([4, 2, 2, 3], 2, [2, 8, 1, 3], 2);
    // [[4,2],[2,3]] X = [[2,8],[1,3]]  ->  X = [[0.5, 2.25], [0, -0.5]]
    expect(Array.from(x)).toEqual(
      [0.5, 2.25, 0, -0.5].map((v) => expect.closeTo(v, 12) as unknown as number),
    );
  });
});

describe('content regression', () => {
  it('matches the hand-computed ridge on one feature (slope 4 / (2 + lambda), free intercept)', () => {
    // x = 0, 1, 2; vector entry y = 1, 3, 5; bias = 2x. Centred: Sxx = 2, Sxy = 4 (vector), 4 (bias).
    const set = itemsOnly(
      1,
      1,
      [0, 1, 2],
      [
        [1, 0],
        [3, 2],
        [5, 4],
      ],
    );
    const fit = fitContent(set, { lambda: 2 });
    expect(fit.weights[0]).toBeCloseTo(1, 6); // 4 / (2 + 2)
    expect(fit.weights[1]).toBeCloseTo(1, 6);
    expect(fit.intercept[0]).toBeCloseTo(2, 6); // mean 3 - 1 * mean x 1
    expect(fit.intercept[1]).toBeCloseTo(1, 6);
    expect(Array.from(predictContent(fit, [4]))).toEqual([expect.closeTo(6, 5), expect.closeTo(5, 5)]);
  });

  it('recovers an exact linear map when lambda is tiny and shrinks to the mean when it is huge', () => {
    const features = [1, 0, 0, 1, 1, 1, 2, 0.5, -1, 3];
    const map = (c0: number, c1: number) => [2 * c0 - c1 + 0.5, c1 + 1, -c0 + 0.25];
    const states = [0, 1, 2, 3, 4].map((i) => map(features[2 * i] ?? 0, features[2 * i + 1] ?? 0));
    const set = itemsOnly(2, 2, features, states);
    const exact = fitContent(set, { lambda: 1e-9 });
    expect(Array.from(predictContent(exact, [0.3, -2]))).toEqual(
      map(0.3, -2).map((v) => expect.closeTo(v, 4)),
    );
    const flat = fitContent(set, { lambda: 1e9 });
    const mean = [0, 1, 2].map((j) => states.reduce((s, r) => s + (r[j] ?? 0), 0) / states.length);
    expect(Array.from(predictContent(flat, [5, 5]))).toEqual(mean.map((v) => expect.closeTo(v, 4)));
  });

  it('weights items by log(1 + count) when asked: the mean moves toward the most rated item', () => {
    const set = itemsOnly(
      1,
      1,
      [0, 0, 0],
      [
        [0, 0],
        [0, 0],
        [3, 3],
      ],
    );
    const equal = fitContent(set, { lambda: 1 });
    const weighted = fitContent(set, { lambda: 1, weightByCount: true });
    expect(equal.intercept[0]).toBeCloseTo(1, 6);
    const w = [2, 3, 4].map(Math.log);
    expect(weighted.intercept[0]).toBeCloseTo((3 * (w[2] ?? 0)) / w.reduce((a, b) => a + b, 0), 5);
  });

  it('places from the features alone: one state, no loss', () => {
    const set = itemsOnly(
      1,
      1,
      [0, 1, 2],
      [
        [1, 0],
        [3, 2],
        [5, 4],
      ],
    );
    const path = contentPlacer(fitContent(set, { lambda: 2 })).place({
      features: Float32Array.of(1),
      raterStates: Float32Array.of(1, 2),
      ratings: Float32Array.of(5, 1),
    });
    expect(path.states).toHaveLength(1);
    expect(path.losses).toEqual([]);
    expect(path.states[0]?.vector[0]).toBeCloseTo(3, 5);
    expect(path.states[0]?.bias).toBeCloseTo(2, 5);
  });
});
