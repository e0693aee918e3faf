/**
 * The held-out new items of issue 17: the movies released last that have enough ratings to be
 * shown K = 20 first ratings and still keep raters to judge on. They are held out of training
 * entirely (every rating of them is dropped before any fitting) and split, seeded, into validation
 * items (the item placers' settings are chosen on them) and test items (reported). Pure, seeded.
 */
import { createRng } from './rng';
import type { MovieLensData } from './types';

/** The held-out new items, by movieId, each part ascending. Recorded in the model's split.json. */
export interface NewItemSplit {
  /** Validation items: settings are chosen here. */
  val: number[];
  /** Test items: the item cold-start table reports these. */
  test: number[];
}

export interface NewItemSplitOptions {
  /** How many movies to hold out (fewer when fewer movies qualify). */
  count: number;
  /** Fewest ratings a held-out movie needs (K up to 20 plus held-out raters). */
  minRatings: number;
  /** Share of the held-out movies that go to validation (rounded). */
  valShare: number;
  seed: number;
}

export const DEFAULT_NEW_ITEMS: NewItemSplitOptions = { count: 100, minRatings: 25, valShare: 0.4, seed: 17 };

/**
 * Picks the held-out new items by a rule any tool can reproduce:
 *
 * 1. the candidates are the movies with a release year (from the title) and at least `minRatings`
 *    ratings;
 * 2. they are ordered newest first: by year descending, then by their first rating's timestamp
 *    descending (a later first rating is a later arrival), then by movieId descending;
 * 3. the first `count` are held out (the window widens back in time until `count` qualify);
 * 4. those movieIds, sorted ascending, are shuffled with `createRng(seed).shuffle`; the first
 *    `Math.round(valShare * n)` are validation items, the rest test items; each part sorted.
 *
 * @throws Error when an option is out of range, or when fewer than 2 movies qualify (a split needs
 *   one validation and one test item).
 */
export function selectNewItems(data: MovieLensData, opts: NewItemSplitOptions): NewItemSplit {
  const { count, minRatings, valShare, seed } = opts;
  if (!(Number.isInteger(count) && count >= 2))
    throw new Error(`selectNewItems: count=${count} is invalid; expected a whole number of at least 2`);
  if (!(valShare > 0 && valShare < 1))
    throw new Error(`selectNewItems: valShare=${valShare} is invalid; expected 0 < valShare < 1`);
  const counts = new Map<number, number>();
  const first = new Map<number, number>();
  for (const r of data.ratings) {
    counts.set(r.movieId, (counts.get(r.movieId) ?? 0) + 1);
    const t = first.get(r.movieId);
    if (t === undefined || r.timestamp < t) first.set(r.movieId, r.timestamp);
  }
  const candidates = data.movies.filter((m) => m.year !== null && (counts.get(m.movieId) ?? 0) >= minRatings);
  if (candidates.length < 2)
    throw new Error(
      `Too few movies to hold out as new items: ${candidates.length} movie(s) have a year and at least ${minRatings} ratings; at least 2 are needed. Use a larger MovieLens folder.`,
    );
  candidates.sort(
    (a, b) =>
      (b.year as number) - (a.year as number) ||
      (first.get(b.movieId) as number) - (first.get(a.movieId) as number) ||
      b.movieId - a.movieId,
  );
  const ids = candidates
    .slice(0, count)
    .map((m) => m.movieId)
    .sort((a, b) => a - b);
  createRng(seed).shuffle(ids);
  const numVal = Math.min(ids.length - 1, Math.max(1, Math.round(valShare * ids.length)));
  const ascending = (a: number, b: number): number => a - b;
  return { val: ids.slice(0, numVal).sort(ascending), test: ids.slice(numVal).sort(ascending) };
}

/** Every held-out movieId, validation then test. */
export function newItemIds(split: NewItemSplit): number[] {
  return [...split.val, ...split.test];
}

/**
 * The data with every rating of the given movies dropped (the catalog keeps them: a new movie is
 * in the catalog with no rating). Tags of them are dropped too, so nothing learned sees them.
 */
export function withoutItemRatings(data: MovieLensData, movieIds: Iterable<number>): MovieLensData {
  const drop = new Set(movieIds);
  if (drop.size === 0) return data;
  return {
    ...data,
    ratings: data.ratings.filter((r) => !drop.has(r.movieId)),
    tags: data.tags.filter((t) => !drop.has(t.movieId)),
  };
}

/** Whether parsed JSON is a NewItemSplit (two lists of whole movieIds). */
export function isNewItemSplit(x: unknown): x is NewItemSplit {
  const ids = (v: unknown) => Array.isArray(v) && v.every((n) => Number.isInteger(n));
  return typeof x === 'object' && x !== null && ids((x as NewItemSplit).val) && ids((x as NewItemSplit).test);
}

/** The data a model with this split was trained on: every rating of its new movies dropped (none recorded: unchanged). */
export function withoutNewItems(
  data: MovieLensData,
  split: { newItems?: NewItemSplit | undefined },
): MovieLensData {
  return split.newItems ? withoutItemRatings(data, newItemIds(split.newItems)) : data;
}

/**
 * The held-out count for a data set: `opts.count`, but at most `maxShare` of the movies that
 * qualify (so a small data set keeps most of its movies for training).
 */
export function newItemCount(data: MovieLensData, opts: NewItemSplitOptions, maxShare = 0.1): number {
  const counts = new Map<number, number>();
  for (const r of data.ratings) counts.set(r.movieId, (counts.get(r.movieId) ?? 0) + 1);
  const qualify = data.movies.filter(
    (m) => m.year !== null && (counts.get(m.movieId) ?? 0) >= opts.minRatings,
  ).length;
  return Math.max(2, Math.min(opts.count, Math.floor(maxShare * qualify)));
}
