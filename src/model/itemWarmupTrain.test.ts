/**
 * The meta-trained warm-up learns the planted world: on held-out movies whose states are a function
 * of their features plus a part only ratings reveal, the trained warm-up reaches the movie's likers
 * better than the untrained generator (and, learned from scratch, lands closer to the planted state).
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { plantedItems, type PlantedItems } from './itemSynthetic';
import { warmupPlacer } from './itemWarmupInner';
import { trainItemWarmup, type WarmupConfig } from './itemWarmupTrain';
import type { NewItemPlacer } from './newItem';

const world = plantedItems({ seed: 5 });

/** Mean over held-out movies of: distance to the planted state, and the AUC of likers vs the rest. */
function judge(w: PlantedItems, placer: NewItemPlacer, k: number): { dist: number; auc: number } {
  const { set } = w;
  const d = set.dim;
  let dist = 0;
  let auc = 0;
  let n = 0;
  for (const h of w.heldOut) {
    if (h.users.length < k + 4) continue;
    const raterStates = new Float32Array(k * d);
    h.users
      .subarray(0, k)
      .forEach((u, r) => raterStates.set(set.userStates.subarray(u * d, (u + 1) * d), r * d));
    const path = placer.place({
      features: set.features.subarray(h.item * set.numFeatures, (h.item + 1) * set.numFeatures),
      raterStates,
      ratings: h.ratings.subarray(0, k),
    });
    const s = path.states[path.states.length - 1];
    if (!s) throw new Error('empty path');
    let sq = (s.bias - (set.itemBiases[h.item] ?? 0)) ** 2;
    for (let j = 0; j < d; j++) sq += ((s.vector[j] ?? 0) - (set.itemVectors[h.item * d + j] ?? 0)) ** 2;
    const pos: number[] = [];
    const neg: number[] = [];
    for (let q = k; q < h.users.length; q++) {
      const u = h.users[q] ?? 0;
      let z = s.bias - (set.top20Threshold[u] ?? 0);
      for (let j = 0; j < d; j++) z += (set.userStates[u * d + j] ?? 0) * (s.vector[j] ?? 0);
      ((h.ratings[q] ?? 0) >= 4 ? pos : neg).push(z);
    }
    if (pos.length === 0 || neg.length === 0) continue;
    let wins = 0;
    for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
    auc += wins / (pos.length * neg.length);
    dist += Math.sqrt(sq);
    n++;
  }
  return { dist: dist / n, auc: auc / n };
}

function trainedAndUntrained(cfg: Partial<WarmupConfig>) {
  const untrained = trainItemWarmup(world.set, { ...cfg, iterations: 0 }, createRng(1)).params;
  const trained = trainItemWarmup(world.set, cfg, createRng(1));
  return { untrained, trained };
}

describe('item warm-up meta-training', () => {
  it('from scratch: the trained warm-up lands closer to the planted state and reaches more likers', () => {
    const { untrained, trained } = trainedAndUntrained({
      iterations: 300,
      startFromContent: false,
      anchor: 1,
    });
    for (const k of [0, 3]) {
      const before = judge(world, warmupPlacer(untrained), k);
      const after = judge(world, warmupPlacer(trained.params), k);
      expect(after.dist, `K = ${k}`).toBeLessThan(0.8 * before.dist);
      expect(after.auc, `K = ${k}`).toBeGreaterThan(before.auc + 0.02);
    }
    expect(trained.curve.at(-1)?.loss).toBeLessThan(trained.curve[0]?.loss ?? 0);
  });

  it('from the content regression: meta-training still improves who the new movie reaches at K = 0 and 3', () => {
    const { untrained, trained } = trainedAndUntrained({ iterations: 300, anchor: 0.3 });
    for (const k of [0, 3]) {
      const before = judge(world, warmupPlacer(untrained), k);
      const after = judge(world, warmupPlacer(trained.params), k);
      expect(after.auc, `K = ${k}`).toBeGreaterThan(before.auc + 0.01);
    }
  });

  it('is seeded, keeps the best validated params, and places along a path of one state per step', () => {
    const a = trainItemWarmup(world.set, { iterations: 20 }, createRng(4));
    const b = trainItemWarmup(world.set, { iterations: 20 }, createRng(4));
    expect(Array.from(a.params.w1)).toEqual(Array.from(b.params.w1));
    expect(Array.from(a.params.linear)).toEqual(Array.from(b.params.linear));
    expect(Array.from(a.params.innerLr).every((v) => v >= 0)).toBe(true);
    const init = trainItemWarmup(world.set, { iterations: 0 }, createRng(4)).params;
    let calls = 0;
    const kept = trainItemWarmup(
      world.set,
      { iterations: 20, validate: { every: 5, score: () => -calls++ } },
      createRng(4),
    );
    expect(calls).toBe(5); // before training, then at 5, 10, 15, 20
    expect(kept.bestIteration).toBe(0);
    expect(Array.from(kept.params.linear)).toEqual(Array.from(init.linear));

    const placer = warmupPlacer(a.params, 4);
    const h = world.heldOut[0];
    if (!h) throw new Error('no held-out movie');
    const d = world.set.dim;
    const features = world.set.features.subarray(
      h.item * world.set.numFeatures,
      (h.item + 1) * world.set.numFeatures,
    );
    const none = placer.place({ features, raterStates: new Float32Array(0), ratings: new Float32Array(0) });
    expect(none.states).toHaveLength(1);
    expect(none.losses).toEqual([]);
    const raterStates = new Float32Array(3 * d);
    h.users
      .subarray(0, 3)
      .forEach((u, r) => raterStates.set(world.set.userStates.subarray(u * d, (u + 1) * d), r * d));
    const path = placer.place({ features, raterStates, ratings: h.ratings.subarray(0, 3) });
    expect(path.states).toHaveLength(5);
    expect(path.losses).toHaveLength(5);
    expect(Array.from(path.states[0]?.vector ?? [])).toEqual(Array.from(none.states[0]?.vector ?? [0]));
    expect(path.losses.at(-1)).toBeLessThan(path.losses[0] ?? 0);
  });
});
