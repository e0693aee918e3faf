import { describe, expect, it } from 'vitest';
import { buildHistories, movieIndex, MovieLensFormatError, parseMovieLens, parseTitle } from './movielens';

const MOVIES = [
  'movieId,title,genres',
  '10,"Good, the Bad and the Ugly, The (1966)",Action|Western',
  '1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy',
  '3,Amélie (2001),Comedy|Romance',
  '40697,Babylon 5 (1994) ,Sci-Fi',
  '5,Untitled Project,(no genres listed)',
  '2,The OA (2016-),Drama',
  '',
].join('\n');

const RATINGS = [
  'userId,movieId,rating,timestamp',
  '2,1,4.0,964982703',
  '1,1,3.5,964982704',
  '1,10,5,964982705',
  '2,3,0.5,964982706',
].join('\n');

describe('parseTitle', () => {
  it('splits title and year', () => {
    expect(parseTitle('Toy Story (1995)')).toEqual({ title: 'Toy Story', year: 1995 });
    expect(parseTitle('Babylon 5 (1994) ')).toEqual({ title: 'Babylon 5', year: 1994 });
    expect(parseTitle('The OA (2016-)')).toEqual({ title: 'The OA', year: 2016 });
    expect(parseTitle('Death Note: Desu nôto (2006–2007)')).toEqual({
      title: 'Death Note: Desu nôto',
      year: 2006,
    });
    expect(parseTitle('Seven (a.k.a. Se7en) (1995)')).toEqual({ title: 'Seven (a.k.a. Se7en)', year: 1995 });
    expect(parseTitle('Black Mirror')).toEqual({ title: 'Black Mirror', year: null });
  });
});

describe('parseMovieLens', () => {
  it('parses movies sorted by id with titles, years and genres', () => {
    const data = parseMovieLens({ ratings: RATINGS, movies: MOVIES });
    expect(data.issues).toEqual([]);
    expect(data.movies.map((m) => m.movieId)).toEqual([1, 2, 3, 5, 10, 40697]);
    expect(data.movies[0]).toEqual({
      movieId: 1,
      title: 'Toy Story',
      year: 1995,
      genres: ['Adventure', 'Animation', 'Children', 'Comedy', 'Fantasy'],
    });
    expect(data.movies[2]?.title).toBe('Amélie');
    expect(data.movies[3]).toEqual({ movieId: 5, title: 'Untitled Project', year: null, genres: [] });
    expect(data.movies[4]?.title).toBe('Good, the Bad and the Ugly, The');
    expect(data.movies[5]).toMatchObject({ title: 'Babylon 5', year: 1994 });
    expect(data.ratings).toEqual([
      { userId: 2, movieId: 1, rating: 4, timestamp: 964982703 },
      { userId: 1, movieId: 1, rating: 3.5, timestamp: 964982704 },
      { userId: 1, movieId: 10, rating: 5, timestamp: 964982705 },
      { userId: 2, movieId: 3, rating: 0.5, timestamp: 964982706 },
    ]);
    expect(data.links).toEqual([]);
    expect(data.tags).toEqual([]);
  });

  it('reads links and tags', () => {
    const data = parseMovieLens({
      ratings: RATINGS,
      movies: MOVIES,
      links: 'movieId,imdbId,tmdbId\r\n1,0114709,862\r\n3,0211915,\r\n',
      tags: 'userId,movieId,tag,timestamp\n2,1,"funny, warm",1445714994\n',
    });
    expect(data.issues).toEqual([]);
    expect(data.links).toEqual([
      { movieId: 1, imdbId: '0114709', tmdbId: '862' },
      { movieId: 3, imdbId: '0211915', tmdbId: '' },
    ]);
    expect(data.tags).toEqual([{ userId: 2, movieId: 1, tag: 'funny, warm', timestamp: 1445714994 }]);
  });

  it('skips malformed rows and says what was wrong and expected', () => {
    const ratings = [
      'userId,movieId,rating,timestamp',
      '1,1,4.0,1', // 2: fine
      '1,1,3.0,2', // 3: duplicate pair
      '1,2,4.0', // 4: field count
      'x,2,4.0,1', // 5: bad user id
      '1,2.5,4.0,1', // 6: bad movie id
      '1,2,abc,1', // 7: not a number
      '1,2,5.5,1', // 8: out of range
      '1,2,0,1', // 9: out of range
      '1,2,3.3,1', // 10: not a half star
      '1,999,4.0,1', // 11: unknown movie
      '1,2,,1', // 12: empty rating
      '1,3,4.5,1', // 13: fine
    ].join('\n');
    const movies = `${MOVIES}1,Toy Story again (1995),Comedy\n`;
    const data = parseMovieLens({ ratings, movies });
    expect(data.ratings.map((r) => [r.movieId, r.rating])).toEqual([
      [1, 4],
      [3, 4.5],
    ]);
    expect(data.movies.filter((m) => m.movieId === 1)).toHaveLength(1);
    expect(data.movies[0]?.title).toBe('Toy Story');
    const lines = (file: string) => data.issues.filter((i) => i.file === file).map((i) => i.line);
    expect(lines('movies.csv')).toEqual([8]);
    expect(lines('ratings.csv')).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const message = (line: number) =>
      data.issues.find((i) => i.file === 'ratings.csv' && i.line === line)?.message;
    expect(message(3)).toMatch(/duplicate rating/);
    expect(message(4)).toMatch(/expected 4 fields .*found 3/);
    expect(message(5)).toMatch(/userId "x".*expected a non-negative integer/);
    expect(message(8)).toMatch(/rating "5.5".*expected a number from 0.5 to 5 in steps of 0.5/);
    expect(message(10)).toMatch(/rating "3.3"/);
    expect(message(11)).toMatch(/movieId 999.*not in movies.csv/);
    expect(data.issues.find((i) => i.file === 'movies.csv')?.message).toMatch(/duplicate movieId 1/);
  });

  it('throws a format error naming the file and both headers', () => {
    const call = () => parseMovieLens({ ratings: 'user,movie,rating\n1,1,4\n', movies: MOVIES });
    expect(call).toThrow(MovieLensFormatError);
    expect(call).toThrow(
      'ratings.csv:1: unexpected header "user,movie,rating"; expected "userId,movieId,rating,timestamp"',
    );
    try {
      parseMovieLens({ ratings: RATINGS, movies: MOVIES, tags: '' });
    } catch (error) {
      expect(error).toBeInstanceOf(MovieLensFormatError);
      expect((error as MovieLensFormatError).file).toBe('tags.csv');
      expect((error as Error).message).toMatch(/empty file/);
    }
    expect.assertions(5);
  });
});

describe('movieIndex and buildHistories', () => {
  const data = parseMovieLens({ ratings: RATINGS, movies: MOVIES });

  it('maps movieIds to catalog positions', () => {
    const index = movieIndex(data.movies);
    expect(index.get(1)).toBe(0);
    expect(index.get(10)).toBe(4);
    expect(index.get(40697)).toBe(5);
    expect(index.size).toBe(6);
  });

  it('groups ratings per user, sorted by userId, as catalog indices in file order', () => {
    const histories = buildHistories(data);
    expect(histories.map((h) => h.userId)).toEqual([1, 2]);
    expect([...(histories[0]?.items ?? [])]).toEqual([0, 4]);
    expect([...(histories[0]?.ratings ?? [])]).toEqual([3.5, 5]);
    expect([...(histories[1]?.items ?? [])]).toEqual([0, 2]);
    expect([...(histories[1]?.ratings ?? [])]).toEqual([4, 0.5]);
  });

  it("keeps each rating's timestamp beside it", () => {
    const histories = buildHistories(data);
    expect([...(histories[0]?.timestamps ?? [])]).toEqual([964982704, 964982705]);
    expect([...(histories[1]?.timestamps ?? [])]).toEqual([964982703, 964982706]);
  });

  it('keeps only the given users', () => {
    expect(buildHistories(data, new Set([2, 77])).map((h) => h.userId)).toEqual([2]);
    expect(buildHistories(data, [])).toEqual([]);
  });
});
