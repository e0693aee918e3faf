import { describe, expect, it } from 'vitest';
import { evaluateItemColdStart } from '../eval/itemColdStart';
import {
  createRaterLists,
  type CatalogSide,
  type NewItemRatings,
  type RaterPool,
} from '../eval/itemColdStartProtocol';
import { plantedItems } from '../model/itemSynthetic';
import type { NewItemPlacer } from '../model/newItem';
import { fitItemPlacers, ITEM_GRID, type ItemFitContext } from './itemPlacers';

const KS = [0, 1, 3, 5, 10, 20];

/** The planted item world as the evaluation sees it: half its held-out movies validate, half test. */
function context() {
  const { set, heldOut } = plantedItems({ seed: 4, users: 200, items: 300, heldOut: 80 });
  const d = set.dim;
  const users = set.userStates.length / d;
  const byUser = Array.from({ length: users }, () => ({ items: [] as number[], ratings: [] as number[] }));
  for (const e of [...set.items, ...heldOut])
    e.users.forEach((u, j) => {
      byUser[u]?.items.push(e.item);
      byUser[u]?.ratings.push(e.ratings[j] as number);
    });
  const isNew = new Set(heldOut.map((e) => e.item));
  const pool: RaterPool = {
    dim: d,
    userIds: Int32Array.from({ length: users }, (_, u) => u + 1),
    states: set.userStates,
    // Histories without the new movies, as poolHistories gives them.
    histories: byUser.map((h) => {
      const keep = h.items.map((i, j) => [i, h.ratings[j] as number] as const).filter(([i]) => !isNew.has(i));
      return { items: Int32Array.from(keep, ([i]) => i), ratings: Float32Array.from(keep, ([, r]) => r) };
    }),
  };
  const catalog: CatalogSide = {
    dim: d,
    numFeatures: set.numFeatures,
    vectors: set.itemVectors,
    biases: set.itemBiases,
    features: set.features,
  };
  const movies: NewItemRatings[] = heldOut
    .filter((e) => e.users.length > 20)
    .map((e) => ({ ...e, movieId: e.item + 1 }));
  const half = Math.floor(movies.length / 2);
  const ctx: ItemFitContext = {
    set,
    pool,
    catalog,
    val: movies.slice(0, half),
    newItems: isNew,
    lists: createRaterLists(pool, catalog, isNew),
    ks: KS,
  };
  return { ctx, test: movies.slice(half) };
}

describe('fitItemPlacers on the planted item world', () => {
  it('chooses every setting from its grid and places test movies in front of their likers', async () => {
    const { ctx, test } = context();
    expect(ctx.val.length).toBeGreaterThan(8);
    const fitted = await fitItemPlacers(ctx);
    expect(fitted.methods.map((m) => m.name)).toEqual(['model', 'content', 'foldin', 'knn']);
    expect(ITEM_GRID.contentLambda).toContain(fitted.chosen.content?.lambda);
    expect(ITEM_GRID.foldInLambda).toContain(fitted.chosen.foldin?.lambda);
    expect(ITEM_GRID.knnNeighbours).toContain(fitted.chosen.knn?.neighbours);
    expect(fitted.warmupParams).toBeNull();
    const report = evaluateItemColdStart(fitted.methods, test, ctx.pool, ctx.catalog, {
      ks: KS,
      newItems: ctx.newItems,
      lists: ctx.lists,
    });
    const auc = (name: string, k: number) =>
      report.methods.find((m) => m.name === name)?.byK.find((r) => r.k === k)?.auc.mean ?? NaN;
    // The features show the group: the regression alone already finds the audience, and ratings add the rest.
    expect(auc('content', 0)).toBeGreaterThan(0.7);
    expect(auc('foldin', 20)).toBeGreaterThan(auc('content', 20));
    expect(auc('knn', 20)).toBeGreaterThan(0.6);
  });

  it('keeps the warm-up candidate that scores best on the validation movies', async () => {
    const { ctx } = context();
    const fixed = (name: string, good: boolean): NewItemPlacer => ({
      name,
      // A "good" candidate puts each movie at its planted state; a bad one at the opposite.
      place: (e) => {
        const item = Array.from({ length: ctx.catalog.biases.length }, (_, i) => i).find((i) =>
          e.features.every((x, f) => x === ctx.catalog.features[i * ctx.catalog.numFeatures + f]),
        ) as number;
        const d = ctx.catalog.dim;
        const v = ctx.catalog.vectors.slice(item * d, (item + 1) * d).map((x) => (good ? x : -x));
        return { states: [{ vector: v, bias: 0 }], losses: [] };
      },
    });
    let scored = 0;
    const fitted = await fitItemPlacers(ctx, ITEM_GRID, async (_content, score) => {
      scored = score(fixed('probe', true));
      return [
        { chosen: { which: 'bad' }, placer: fixed('bad', false), params: 'bad' },
        { chosen: { which: 'good' }, placer: fixed('good', true), params: 'good' },
      ];
    });
    expect(scored).toBeGreaterThan(0.7);
    expect(fitted.warmupParams).toBe('good');
    expect(fitted.chosen.warmup?.which).toBe('good');
    expect(fitted.methods.at(-1)?.name).toBe('warmup');
  });
});
