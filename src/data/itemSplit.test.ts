import { describe, expect, it } from 'vitest';
import { buildHistories } from './movielens';
import { isNewItemSplit, newItemIds, selectNewItems, withoutItemRatings } from './itemSplit';
import type { MovieLensData, Rating } from './types';

/** Movies 1..n with year 2000 + (id % 7), each rated by `ratingsOf(id)` users at time `100 * id`. */
function data(n: number, ratingsOf: (id: number) => number): MovieLensData {
  const movies = Array.from({ length: n }, (_, k) => ({
    movieId: k + 1,
    title: `M${k + 1}`,
    year: k + 1 === n ? null : 2000 + ((k + 1) % 7),
    genres: ['Drama'],
  }));
  const ratings: Rating[] = [];
  for (const m of movies)
    for (let u = 1; u <= ratingsOf(m.movieId); u++)
      ratings.push({ userId: u, movieId: m.movieId, rating: 1 + (u % 5), timestamp: 100 * m.movieId + u });
  return {
    movies,
    ratings,
    links: [],
    tags: [{ userId: 1, movieId: 6, tag: 'x', timestamp: 1 }],
    issues: [],
  };
}

describe('selectNewItems', () => {
  const d = data(40, (id) => (id % 3 === 0 ? 5 : 30));

  it('holds out the newest movies with enough ratings: year first, then the later first rating', () => {
    const split = selectNewItems(d, { count: 6, minRatings: 25, valShare: 0.5, seed: 1 });
    const held = newItemIds(split).sort((a, b) => a - b);
    // Year 2006 is id % 7 == 6: 6, 13, 20, 27, 34, of which 6 and 27 (id % 3 == 0) have too few
    // ratings; then year 2005 (id % 7 == 5): 5, 12, 19, 26, 33, less 12 and 33. Six are wanted.
    expect(held).toHaveLength(6);
    expect(held).toEqual([5, 13, 19, 20, 26, 34]);
    // Movie 40 has no year and is never held out; nothing too rarely rated is either.
    expect(held.every((id) => id % 3 !== 0 && id !== 40)).toBe(true);
  });

  it('splits seeded into disjoint, sorted validation and test parts', () => {
    const split = selectNewItems(d, { count: 10, minRatings: 25, valShare: 0.4, seed: 3 });
    expect(split.val).toHaveLength(4);
    expect(split.test).toHaveLength(6);
    expect(new Set(newItemIds(split)).size).toBe(10);
    for (const part of [split.val, split.test]) expect([...part].sort((a, b) => a - b)).toEqual(part);
    expect(selectNewItems(d, { count: 10, minRatings: 25, valShare: 0.4, seed: 3 })).toEqual(split);
    expect(selectNewItems(d, { count: 10, minRatings: 25, valShare: 0.4, seed: 4 })).not.toEqual(split);
    expect(isNewItemSplit(split)).toBe(true);
    expect(isNewItemSplit({ val: [1.5], test: [] })).toBe(false);
  });

  it('takes what qualifies when fewer than count do, and refuses when fewer than two do', () => {
    const few = data(6, (id) => (id <= 3 ? 30 : 1));
    const split = selectNewItems(few, { count: 50, minRatings: 25, valShare: 0.4, seed: 1 });
    expect(newItemIds(split).sort()).toEqual([1, 2, 3]);
    expect(split.val.length).toBeGreaterThanOrEqual(1);
    expect(split.test.length).toBeGreaterThanOrEqual(1);
    expect(() =>
      selectNewItems(
        data(6, () => 2),
        { count: 5, minRatings: 25, valShare: 0.4, seed: 1 },
      ),
    ).toThrow(/Too few movies to hold out as new items: 0 movie\(s\)/);
    expect(() => selectNewItems(d, { count: 1, minRatings: 25, valShare: 0.4, seed: 1 })).toThrow(/count=1/);
  });
});

describe('withoutItemRatings', () => {
  it('drops every rating and tag of the held-out movies and keeps them in the catalog', () => {
    const d = data(12, () => 30);
    const split = selectNewItems(d, { count: 4, minRatings: 25, valShare: 0.5, seed: 2 });
    const held = new Set(newItemIds(split));
    const kept = withoutItemRatings(d, held);
    expect(kept.movies).toEqual(d.movies);
    expect(kept.ratings.some((r) => held.has(r.movieId))).toBe(false);
    expect(kept.ratings).toHaveLength(d.ratings.length - 4 * 30);
    // What training is built from never sees a held-out movie.
    const index = new Map(d.movies.map((m, i) => [m.movieId, i]));
    const heldIndex = new Set([...held].map((id) => index.get(id)));
    for (const h of buildHistories(kept)) expect([...h.items].some((i) => heldIndex.has(i))).toBe(false);
    expect(kept.tags.some((t) => held.has(t.movieId))).toBe(false);
  });
});

describe('selectNewItems order within a year', () => {
  it('breaks a tie in year by the later first rating', () => {
    const d = data(14, () => 30);
    // Year 2006: movies 6 and 13; 13 is first rated later, so with count 2 and a year-2005 movie (5,
    // 12) behind them both 2006 movies are held out, and with count 3 the later of 5 and 12 joins.
    const split = selectNewItems(d, { count: 3, minRatings: 25, valShare: 0.34, seed: 1 });
    expect(newItemIds(split).sort((a, b) => a - b)).toEqual([6, 12, 13]);
  });
});
