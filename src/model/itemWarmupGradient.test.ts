/**
 * The warm-up's hand-written gradients are right: the inner gradient against central differences of
 * the inner loss, and the meta-gradient (outer loss through the inner steps into the generator, the
 * rates, kappa and the level targets) against central differences of the whole episode, in float64.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { episodeLoss, type WarmupEpisode } from './itemWarmupEpisode';
import { WARMUP_GROUPS, softplus, zeroGrads, type WarmupParams } from './itemWarmupGenerator';
import { innerForward, innerSupport } from './itemWarmupInner';

const D = 3;
const W = D + 1;
const F = 4;
const H = 5;
const K = 4;
const Q = 6;
const STEPS = 3;
const OUTER = { temperature: 1.3, anchor: 0.2 };

function tiny(seed: number): { p: WarmupParams<Float64Array>; ep: WarmupEpisode } {
  const rng = createRng(seed);
  const rand = (n: number, s: number) => Float64Array.from({ length: n }, () => rng.normal() * s);
  const p: WarmupParams<Float64Array> = {
    dim: D,
    numFeatures: F,
    hidden: H,
    innerSteps: STEPS,
    linear: rand(F * W, 0.5),
    offset: rand(W, 0.5),
    w1: rand(F * H, 0.8),
    b1: rand(H, 0.3),
    w2: rand(H * W, 0.5),
    innerLr: Float64Array.from({ length: W }, () => 0.05 + 0.1 * rng.next()),
    shrink: Float64Array.of(0.3),
    levelTargets: rand(10, 1),
  };
  const raters = rand(K * D, 1);
  const ratings = Float32Array.of(5, 2.5, 4, 1);
  const query = new Float64Array(Q * W);
  for (let q = 0; q < Q; q++) {
    for (let j = 0; j < D; j++) query[q * W + j] = rng.normal();
    query[q * W + D] = 1;
  }
  const ep: WarmupEpisode = {
    features: Float64Array.of(1, 0, 0.7, -0.4),
    support: innerSupport(raters, ratings, D),
    query,
    thresholds: rand(Q, 0.5),
    liked: Uint8Array.of(1, 0, 1, 1, 0, 0),
    truth: rand(W, 1),
  };
  return { p, ep };
}

describe('warm-up gradients', () => {
  it('the hand-written inner gradient matches central differences of the inner loss', () => {
    const { p, ep } = tiny(1);
    const s = Float64Array.of(0.3, -0.2, 0.5, 0.1);
    const loss = (x: Float64Array) => {
      let total = 0;
      for (let k = 0; k < K; k++) {
        let z = 0;
        for (let j = 0; j < W; j++) z += (ep.support.rows[k * W + j] ?? 0) * (x[j] ?? 0);
        total += (z - (p.levelTargets[ep.support.levels[k] ?? 0] ?? 0)) ** 2;
      }
      return total / (K + softplus(p.shrink[0] ?? 0));
    };
    const g = innerForward(p, ep.support, s, 1).grads[0] as Float64Array;
    for (let j = 0; j < W; j++) {
      const h = 1e-6;
      const up = s.slice();
      const down = s.slice();
      up[j] = (up[j] ?? 0) + h;
      down[j] = (down[j] ?? 0) - h;
      expect(g[j]).toBeCloseTo((loss(up) - loss(down)) / (2 * h), 7);
    }
  });

  for (const firstOrder of [false, true]) {
    it(`the ${firstOrder ? 'first-order' : 'second-order'} meta-gradient ${firstOrder ? 'differs from' : 'matches'} central differences in every parameter`, () => {
      const { p, ep } = tiny(7);
      const grads = zeroGrads(p);
      episodeLoss(p, ep, STEPS, OUTER, grads, 1, firstOrder);
      let worst = 0;
      for (const group of WARMUP_GROUPS) {
        const arr = p[group];
        for (let i = 0; i < arr.length; i++) {
          const keep = arr[i] ?? 0;
          const h = 1e-5;
          arr[i] = keep + h;
          const up = episodeLoss(p, ep, STEPS, OUTER);
          arr[i] = keep - h;
          const down = episodeLoss(p, ep, STEPS, OUTER);
          arr[i] = keep;
          const fd = (up - down) / (2 * h);
          const err = Math.abs((grads[group][i] ?? 0) - fd) / Math.max(1e-3, Math.abs(fd));
          if (!firstOrder) expect(err, `${group}[${i}]: ${grads[group][i]} vs ${fd}`).toBeLessThan(1e-5);
          worst = Math.max(worst, err);
        }
      }
      // First order leaves out the steps' Jacobian: some entries must be visibly off (the check can fail).
      if (firstOrder) expect(worst).toBeGreaterThan(1e-2);
    });
  }

  it('K = 0: no inner step, the gradient reaches only the generator', () => {
    const { p, ep } = tiny(3);
    const empty: WarmupEpisode = { ...ep, support: innerSupport([], [], D) };
    const grads = zeroGrads(p);
    episodeLoss(p, empty, STEPS, OUTER, grads);
    expect(Array.from(grads.innerLr).every((v) => v === 0)).toBe(true);
    expect(Array.from(grads.levelTargets).every((v) => v === 0)).toBe(true);
    expect(Array.from(grads.offset).some((v) => v !== 0)).toBe(true);
  });
});
