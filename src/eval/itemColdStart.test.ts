import { describe, expect, it } from 'vitest';
import { newItemIds, selectNewItems } from '../data/itemSplit';
import { movieIndex, parseMovieLens } from '../data/movielens';
import { createRng } from '../data/rng';
import { generateSyntheticMovieLens } from '../data/synthetic';
import type { NewItemPlacer } from '../model/newItem';
import { evaluateItemColdStart, meanAuc } from './itemColdStart';
import { coRaterKnnMethod } from './itemCoRaterKnn';
import {
  itemRatingsByTime,
  poolHistories,
  poolUserIds,
  type CatalogSide,
  type ItemEvalMethod,
  type RaterPool,
} from './itemColdStartProtocol';

const KS = [0, 1, 3, 5, 10, 20];

/**
 * A synthetic world with planted taste groups and the "trained model" planted too: a movie of group
 * g sits at 2 e_g (plus a small bias), a user of group g at e_g. The held-out new movies are the
 * newest ones, as in npm run train.
 */
function world() {
  const files = generateSyntheticMovieLens({
    seed: 5,
    numUsers: 150,
    numMovies: 150,
    minRatings: 30,
    maxRatings: 60,
  });
  const data = parseMovieLens(files);
  const groups = 3;
  const split = selectNewItems(data, { count: 30, minRatings: 25, valShare: 0.4, seed: 1 });
  const held = newItemIds(split);
  const index = movieIndex(data.movies);
  const userIds = poolUserIds(data);
  const rng = createRng(9);
  const groupOfItem = data.movies.map((m) => files.truth.movieGroup.get(m.movieId) as number);
  const catalog: CatalogSide = {
    dim: groups,
    numFeatures: 1,
    vectors: new Float32Array(data.movies.length * groups),
    biases: Float32Array.from(data.movies, () => 0.3 * rng.normal()),
    features: Float32Array.from(groupOfItem),
  };
  groupOfItem.forEach((g, i) => (catalog.vectors[i * groups + g] = 2));
  const pool: RaterPool = {
    dim: groups,
    userIds,
    states: new Float32Array(userIds.length * groups),
    histories: poolHistories(data, userIds, held),
  };
  userIds.forEach((id, p) => (pool.states[p * groups + (files.truth.userGroup.get(id) as number)] = 1));
  const movies = itemRatingsByTime(data, held, userIds);
  const newItems = new Set(held.map((id) => index.get(id) as number));
  return { data, catalog, pool, movies, newItems, groupOfItem, held };
}

/** Reads the planted group from the feature (a perfect content model). */
const oracle = (groupOfItem: number[]): ItemEvalMethod => ({
  name: 'oracle',
  label: 'Oracle',
  place: (s) => {
    const v = new Float32Array(3);
    v[groupOfItem[s.item] as number] = 2;
    return { vector: v, bias: 0 };
  },
});

const randomMethod = (seed: number): ItemEvalMethod => {
  const rng = createRng(seed);
  return {
    name: 'random',
    label: 'Random',
    place: () => ({ vector: Float32Array.from({ length: 3 }, () => 2 * rng.normal()), bias: 0 }),
  };
};

/** A fold-in written against the placer interface: sum of (r - 3) times the rater's state. */
const foldIn: NewItemPlacer = {
  name: 'foldin',
  place: (e) => {
    const d = 3;
    const v = new Float32Array(d);
    e.ratings.forEach((r, j) => {
      for (let t = 0; t < d; t++) v[t]! += (r - 3) * (e.raterStates[j * d + t] as number);
    });
    return { states: [{ vector: v, bias: 0 }], losses: [] };
  },
};
const fromPlacer = (p: NewItemPlacer): ItemEvalMethod => ({
  name: p.name,
  label: p.name,
  place: (s) => p.place(s.evidence).states.at(-1) ?? null,
});

describe('evaluateItemColdStart on planted groups', () => {
  const w = world();
  const report = evaluateItemColdStart(
    [
      oracle(w.groupOfItem),
      randomMethod(3),
      fromPlacer(foldIn),
      coRaterKnnMethod(w.pool, w.catalog, { shrink: 2, neighbours: 20 }),
    ],
    w.movies,
    w.pool,
    w.catalog,
    {
      ks: KS,
      newItems: w.newItems,
      pairs: [
        ['oracle', 'random'],
        ['foldin', 'knn'],
      ],
    },
  );
  const row = (name: string, k: number) =>
    report.methods.find((m) => m.name === name)?.byK.find((r) => r.k === k);

  it('judges every new movie that keeps a held-out rater at K = 20', () => {
    expect(report.numItems).toBe(w.held.length);
    expect(report.ks).toEqual(KS);
    expect(row('oracle', 0)?.auc.n).toBeGreaterThan(20);
  });

  it('a placer that knows the group reaches the planted audience at every K', () => {
    for (const k of KS) {
      expect(row('oracle', k)?.auc.mean).toBeGreaterThan(0.85);
      expect(row('oracle', k)?.topShare.mean).toBeGreaterThan(0.8);
    }
  });

  it('a random placer is near 0.5 and clearly below the oracle, paired by movie', () => {
    expect(Math.abs(meanAuc(report, 'random') - 0.5)).toBeLessThan(0.12);
    const pair = report.paired.find((p) => p.method === 'oracle' && p.against === 'random' && p.k === 3);
    expect(pair?.auc.lo).toBeGreaterThan(0.2);
    expect(pair?.auc.n).toBe(row('oracle', 3)?.auc.n);
  });

  it('ratings-driven placers find the audience once ratings come in', () => {
    // With no rating the fold-in sits at the origin: where it lands depends on each rater's list, not on taste.
    expect(Math.abs((row('foldin', 0)?.auc.mean ?? 0) - 0.5)).toBeLessThan(0.1);
    expect(row('foldin', 5)?.auc.mean).toBeGreaterThan(0.85);
    expect(row('knn', 0)?.applicable).toBe(false);
    expect(row('knn', 0)?.auc.n).toBe(0);
    expect(row('knn', 10)?.auc.mean).toBeGreaterThan(0.8);
    expect(report.paired.some((p) => p.method === 'foldin' && p.k === 0)).toBe(false);
  });

  it('refuses a pair that names a method it does not run', () => {
    expect(() =>
      evaluateItemColdStart([randomMethod(1)], w.movies, w.pool, w.catalog, {
        ks: KS,
        newItems: w.newItems,
        pairs: [['warmup', 'random']],
      }),
    ).toThrow(/names "warmup"/);
  });
});

describe('itemRatingsByTime and poolHistories', () => {
  it('orders a new movie by time and keeps it out of every history', () => {
    const w = world();
    for (const m of w.movies) {
      expect(m.users.length).toBeGreaterThanOrEqual(25);
      const ts = Array.from(m.users, (u, j) => {
        const id = w.pool.userIds[u];
        return (
          w.data.ratings.find((r) => r.userId === id && r.movieId === m.movieId && r.rating === m.ratings[j])
            ?.timestamp ?? NaN
        );
      });
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
    }
    for (const h of w.pool.histories) expect([...h.items].some((i) => w.newItems.has(i))).toBe(false);
  });
});
