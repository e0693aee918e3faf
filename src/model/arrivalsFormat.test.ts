import { describe, expect, it } from 'vitest';
import { ArrivalsFormatError, parseArrivals, round4 } from './arrivalsFormat';

const catalog = [10, 20, 30];
const good = () => ({
  formatVersion: 1,
  createdAt: 'now',
  dim: 2,
  source: 'test',
  movies: [
    {
      index: 1,
      movieId: 20,
      title: 'Twenty',
      ratings: [4, 0.5],
      raters: [
        [0.1, 0.2],
        [-1, 3],
      ],
    },
  ],
});

describe('arrivals.json validation', () => {
  it('accepts a file that fits the model', () => {
    const f = parseArrivals(good(), 2, catalog);
    expect(f.movies[0]).toMatchObject({ index: 1, movieId: 20, title: 'Twenty', ratings: [4, 0.5] });
  });

  it.each([
    ['not an object', [], /not a JSON object/],
    ['another format', { ...good(), formatVersion: 2 }, /format version 2/],
    ['another model size', { ...good(), dim: 3 }, /dimension 3, this model has 2/],
    ['no movies', { ...good(), movies: [] }, /no movies/],
    [
      'an index past the catalog',
      { ...good(), movies: [{ ...good().movies[0], index: 3 }] },
      /no catalog index/,
    ],
    [
      'another movie at the index',
      { ...good(), movies: [{ ...good().movies[0], movieId: 30 }] },
      /movieId 30/,
    ],
    [
      'a rating out of range',
      { ...good(), movies: [{ ...good().movies[0], ratings: [4, 6] }] },
      /outside 0.5 to 5/,
    ],
    [
      'a missing rater',
      { ...good(), movies: [{ ...good().movies[0], raters: [[0, 0]] }] },
      /one rater state per/,
    ],
    [
      'a rater of the wrong size',
      { ...good(), movies: [{ ...good().movies[0], raters: [[0], [1, 2]] }] },
      /not 2 finite/,
    ],
    [
      'a rater that is not a number',
      {
        ...good(),
        movies: [
          {
            ...good().movies[0],
            raters: [
              [0, null],
              [1, 2],
            ],
          },
        ],
      },
      /finite/,
    ],
  ])('refuses %s, saying what is wrong and how to rebuild it', (_, json, reason) => {
    expect(() => parseArrivals(json, 2, catalog)).toThrow(ArrivalsFormatError);
    expect(() => parseArrivals(json, 2, catalog)).toThrow(reason);
    expect(() => parseArrivals(json, 2, catalog)).toThrow(/npm run arrivals/);
  });

  it('rounds to 4 significant digits', () => {
    expect(round4(0.123456)).toBe(0.1235);
    expect(round4(-1234.56)).toBe(-1235);
    expect(round4(Number.NaN)).toBe(0);
  });
});
