/**
 * A planted item cold-start world for tests: movies whose states are a known function of their
 * features plus a per-movie part only ratings reveal, users with known states, and ratings that
 * follow the score. Gives an ItemTrainingSet (the "trained model" is the truth) and held-out movies
 * with their raters in time order, so a placer can be checked against the planted state and audience.
 * Pure and seeded.
 */
import { createRng } from '../data/rng';
import type { ItemTrainingSet } from './newItem';

export interface PlantedItems {
  /** Training movies only in `set.items`; every movie's true state in set.itemVectors / itemBiases. */
  set: ItemTrainingSet;
  /** Held-out movies (catalog indices) with their raters (time order) and ratings. */
  heldOut: { item: number; users: Int32Array; ratings: Float32Array }[];
}

export interface PlantedOptions {
  seed: number;
  dim?: number;
  groups?: number;
  users?: number;
  items?: number;
  heldOut?: number;
  /** Size of the per-movie part of the state that the features do not show. */
  idiosyncrasy?: number;
}

/** Features: one-hot group (G), a "year" in [-1, 1], its positive part (a kink), and a constant 1. */
export function plantedItems(opts: PlantedOptions): PlantedItems {
  const rng = createRng(opts.seed);
  const d = opts.dim ?? 4;
  const G = opts.groups ?? 4;
  const U = opts.users ?? 200;
  const N = opts.items ?? 300;
  const held = opts.heldOut ?? 60;
  const idio = opts.idiosyncrasy ?? 0.5;
  const F = G + 3;
  const centres = Array.from({ length: G }, () => Array.from({ length: d }, () => rng.normal()));
  const yearDir = Array.from({ length: d }, () => rng.normal());
  const userStates = Float32Array.from({ length: U * d }, () => rng.normal());
  const features = new Float32Array(N * F);
  const itemVectors = new Float32Array(N * d);
  const itemBiases = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    const g = rng.int(G);
    const year = 2 * rng.next() - 1;
    const kink = Math.max(0, year);
    features.set([...Array.from({ length: G }, (_, j) => (j === g ? 1 : 0)), year, kink, 1], i * F);
    for (let j = 0; j < d; j++) {
      itemVectors[i * d + j] = (centres[g]?.[j] ?? 0) + 1.5 * kink * (yearDir[j] ?? 0) + idio * rng.normal();
    }
    itemBiases[i] = 0.5 * year + 0.3 * rng.normal();
  }
  const score = (u: number, i: number) => {
    let s = itemBiases[i] ?? 0;
    for (let j = 0; j < d; j++) s += (userStates[u * d + j] ?? 0) * (itemVectors[i * d + j] ?? 0);
    return s;
  };
  const top20Threshold = Float32Array.from({ length: U }, (_, u) => {
    const all = Array.from({ length: N }, (_, i) => score(u, i)).sort((a, b) => b - a);
    return all[Math.min(19, N - 1)] ?? 0;
  });
  const raters = (i: number) => {
    const count = 8 + rng.int(50);
    const users = rng.shuffle(Array.from({ length: U }, (_, u) => u)).slice(0, Math.min(U, count));
    const ratings = users.map((u) => {
      const r = 3 + 0.6 * score(u, i) + 0.4 * rng.normal();
      return Math.min(5, Math.max(0.5, Math.round(r * 2) / 2));
    });
    return { item: i, users: Int32Array.from(users), ratings: Float32Array.from(ratings) };
  };
  const all = Array.from({ length: N }, (_, i) => raters(i));
  return {
    set: {
      dim: d,
      numFeatures: F,
      features,
      itemVectors,
      itemBiases,
      userStates,
      top20Threshold,
      items: all.slice(0, N - held),
    },
    heldOut: all.slice(N - held),
  };
}
