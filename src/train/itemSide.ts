/**
 * The item side of `npm run train` and `npm run eval` (issue 17), as a library: from the trained
 * model's default method to the item cold-start table. Every user's state comes from the model
 * (new movies removed); the placers are fitted on meta-train users' ratings of training movies,
 * their settings chosen on the validation new movies, and the table reports the test new movies
 * (or the validation ones, for a look at the choices).
 */
import { newItemIds, type NewItemSplit } from '../data/itemSplit';
import type { MovieLensData } from '../data/types';
import { evaluateItemColdStart } from '../eval/itemColdStart';
import { createRaterLists, itemRatingsByTime } from '../eval/itemColdStartProtocol';
import { itemVerdict } from '../eval/itemColdStartReport';
import type { ItemColdStartSection } from '../eval/shippedReport';
import type { ContentFit } from '../model/itemContent';
import type { ItemTrainingSet, NewItemPlacer } from '../model/newItem';
import type { Recommender } from '../model/recommender';
import { catalogSide, itemTrainingSet, raterPool } from './itemRaters';
import { fitItemPlacers, ITEM_GRID, ITEM_PAIR, type ItemGrid, type WarmupCandidate } from './itemPlacers';

export const ITEM_KS = [0, 1, 3, 5, 10, 20];

export interface ItemSideOptions<P> {
  /** The default method's recommender (the caller disposes it). */
  rec: Recommender;
  /** The full data: the new movies' ratings included (they are the test). */
  data: MovieLensData;
  features: Float32Array;
  numFeatures: number;
  /** Meta-train users: the placers learn from their ratings only. */
  trainUserIds: readonly number[];
  newItems: NewItemSplit;
  part: 'test' | 'val';
  ks?: number[];
  grid?: ItemGrid;
  /** Trains (or loads) the warm-up candidates; omitted: no warm-up row. */
  warmup?: (
    set: ItemTrainingSet,
    content: ContentFit,
    score: (placer: NewItemPlacer) => number,
  ) => Promise<WarmupCandidate<P>[]>;
  notes?: string[];
  log?: (line: string) => void;
  onUsers?: (done: number, total: number) => void;
}

export interface ItemSideResult<P> {
  section: ItemColdStartSection;
  warmupParams: P | null;
}

export async function runItemSide<P>(opts: ItemSideOptions<P>): Promise<ItemSideResult<P>> {
  const { rec, data, newItems, part } = opts;
  const ks = opts.ks ?? ITEM_KS;
  const log = opts.log ?? (() => {});
  const index = new Map(data.movies.map((m, i) => [m.movieId, i]));
  const newIdx = new Set(newItemIds(newItems).map((id) => index.get(id) as number));
  const catalog = catalogSide(rec, opts.features, opts.numFeatures);
  const pool = await raterPool(rec, data, newItemIds(newItems), opts.onUsers);
  const lists = createRaterLists(pool, catalog, newIdx);
  const set = itemTrainingSet(data, opts.trainUserIds, pool, catalog, newIdx, lists);
  log(
    `item side: ${set.items.length} training movies, ${newItems.val.length} validation and ${newItems.test.length} test new movies`,
  );
  const val = itemRatingsByTime(data, newItems.val, pool.userIds);
  const ctx = { set, pool, catalog, val, newItems: newIdx, lists, ks };
  const warmup = opts.warmup;
  const fitted = await fitItemPlacers<P>(
    ctx,
    opts.grid ?? ITEM_GRID,
    warmup ? (content, score) => warmup(set, content, score) : undefined,
    log,
  );
  const movies = part === 'test' ? itemRatingsByTime(data, newItems.test, pool.userIds) : val;
  const names = new Set(fitted.methods.map((m) => m.name));
  const pairs = ([ITEM_PAIR, ['foldin', 'content'], ['warmup', 'knn']] as [string, string][]).filter(
    ([a, b]) => names.has(a) && names.has(b),
  );
  const report = evaluateItemColdStart(fitted.methods, movies, pool, catalog, {
    ks,
    newItems: newIdx,
    pairs,
    lists,
  });
  const verdict = itemVerdict(report, ITEM_PAIR[0], ITEM_PAIR[1], part === 'test' ? 'test' : 'validation');
  return {
    section: {
      part,
      report,
      verdict,
      notes: [
        ...(opts.notes ?? []),
        `Held out of training entirely: ${newItems.val.length + newItems.test.length} movies released last with at least 25 ratings (${newItems.val.length} validation, ${newItems.test.length} test); every setting below was chosen on the validation movies: ${JSON.stringify(fitted.chosen)}.`,
        "Raters' states: the shipped default method adapted to each rater's ratings with every new movie removed; each rater's list ranks the new movie among the movies they did not rate, the other new movies left out.",
      ],
      chosen: fitted.chosen,
    },
    warmupParams: fitted.warmupParams,
  };
}
