import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import type { ContentFit } from './itemContent';
import { foldIn, foldInPlacer } from './itemFoldIn';
import { adjustTargets, fitRatingTargets, targetOf } from './itemTargets';
import type { ItemTrainingSet } from './newItem';

const D = 3;

function objective(s: number[], prior: number[], x: number[][], y: number[], lambda: number): number {
  let total = 0;
  x.forEach((row, k) => {
    const z = row.reduce((a, v, j) => a + v * (s[j] ?? 0), 0) + (s[D] ?? 0);
    total += (z - (y[k] ?? 0)) ** 2;
  });
  return total + lambda * s.reduce((a, v, j) => a + (v - (prior[j] ?? 0)) ** 2, 0);
}

describe('ridge fold-in', () => {
  it('is the minimizer: no direction lowers the objective (central differences of the gradient vanish)', () => {
    const rng = createRng(3);
    const prior = Array.from({ length: D + 1 }, () => rng.normal());
    const x = Array.from({ length: 5 }, () => Array.from({ length: D }, () => rng.normal()));
    const y = x.map(() => rng.normal() * 2);
    const s = Array.from(foldIn(prior, x.flat(), y, 0.7, D));
    const base = objective(s, prior, x, y, 0.7);
    for (let j = 0; j <= D; j++) {
      const h = 1e-4;
      const up = s.map((v, i) => (i === j ? v + h : v));
      const down = s.map((v, i) => (i === j ? v - h : v));
      const grad = (objective(up, prior, x, y, 0.7) - objective(down, prior, x, y, 0.7)) / (2 * h);
      expect(Math.abs(grad)).toBeLessThan(1e-6);
      expect(objective(up, prior, x, y, 0.7)).toBeGreaterThan(base);
    }
  });

  it('stays at the prior without ratings or with a huge lambda, and fits the ratings with a tiny one', () => {
    const prior = [0.5, -1, 2, 0.25];
    expect(Array.from(foldIn(prior, [], [], 1, D))).toEqual(prior.map((v) => expect.closeTo(v, 10)));
    const x = [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1];
    expect(Array.from(foldIn(prior, x, [1, 2, 3, 4], 1e9, D))).toEqual(
      prior.map((v) => expect.closeTo(v, 6)),
    );
    const s = foldIn(prior, x, [1, 2, 3, 7], 1e-9, D);
    // Four ratings, four unknowns: the scores hit the targets exactly.
    const z = (k: number) =>
      [0, 1, 2].reduce((a, j) => a + (x[k * D + j] ?? 0) * (s[j] ?? 0), 0) + (s[D] ?? 0);
    expect([z(0), z(1), z(2), z(3)]).toEqual([1, 2, 3, 7].map((v) => expect.closeTo(v, 5)));
  });

  it('places along a path of the prior then the solution, the solution toward the ratings', () => {
    const fit: ContentFit = {
      dim: D,
      numFeatures: 1,
      weights: new Float32Array(D + 1),
      intercept: new Float32Array(D + 1),
    };
    const targets = { levels: Float32Array.from({ length: 10 }, (_, l) => l - 5), center: 0 };
    const placer = foldInPlacer(fit, { lambda: 1, targets });
    const none = placer.place({
      features: Float32Array.of(1),
      raterStates: new Float32Array(0),
      ratings: new Float32Array(0),
    });
    expect(none.states).toHaveLength(1);
    const path = placer.place({
      features: Float32Array.of(1),
      raterStates: Float32Array.of(1, 0, 0, 1, 0, 0),
      ratings: Float32Array.of(5, 5),
    });
    expect(path.states).toHaveLength(2);
    const after = path.states[1];
    // Both raters loved it: the state moves toward them (positive first entry, positive bias).
    expect(after?.vector[0]).toBeGreaterThan(0.5);
    expect(after?.bias).toBeGreaterThan(0.5);
  });
});

describe('rating targets', () => {
  it('are the mean training score per level, shrunk toward the line, and adjustable', () => {
    // One item with vector [1, 0, 0] and bias 0; users' first entry is the score.
    const userStates = Float32Array.of(1, 0, 0, 3, 0, 0, 5, 0, 0);
    const set: ItemTrainingSet = {
      dim: D,
      numFeatures: 1,
      features: Float32Array.of(1),
      itemVectors: Float32Array.of(1, 0, 0),
      itemBiases: Float32Array.of(0),
      userStates,
      top20Threshold: new Float32Array(3),
      items: [{ item: 0, users: Int32Array.of(0, 1, 2), ratings: Float32Array.of(1, 3, 5) }],
    };
    const raw = fitRatingTargets(set, 0);
    // score = r exactly: per-level means are 1, 3, 5 and the line fills the rest (score = r).
    expect(targetOf(raw, 1)).toBeCloseTo(1, 6);
    expect(targetOf(raw, 5)).toBeCloseTo(5, 6);
    expect(targetOf(raw, 2)).toBeCloseTo(2, 6);
    expect(raw.center).toBeCloseTo(3, 6);
    const shrunk = fitRatingTargets(set, 1e6);
    expect(targetOf(shrunk, 5)).toBeCloseTo(5, 3);
    const adjusted = adjustTargets(raw, 2, 0.5);
    expect(targetOf(adjusted, 5)).toBeCloseTo(3 + 2 * 2 + 0.5, 5);
  });
});
