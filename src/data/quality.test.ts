import { describe, expect, it } from 'vitest';
import { parseMovieLens } from './movielens';
import { tallyMovieLens, unusableReason } from './quality';

const MOVIES = 'movieId,title,genres\n1,A (1999),Drama\n2,B (2000),Comedy\n';

describe('unusableReason', () => {
  const file = 'ratings.csv';
  it('accepts a file whose few bad rows are warnings', () => {
    expect(unusableReason({ file, good: 1000, bad: 50, required: true })).toBeNull();
    expect(unusableReason({ file, good: 4, bad: 2, required: true })).toBeNull();
  });

  it('rejects a file with more than 5% bad rows once more than two are bad', () => {
    expect(unusableReason({ file, good: 1000, bad: 53, required: true })).toBe(
      'ratings.csv: 53 of 1053 data rows (5.0%) are bad, more than the 5% a usable file may have (wrong file or broken export?)',
    );
    expect(unusableReason({ file, good: 3, bad: 3, required: true })).toMatch(/3 of 6 data rows \(50%\)/);
  });

  it('rejects a file with no usable row; an empty optional file is fine', () => {
    expect(unusableReason({ file, good: 0, bad: 1, required: false })).toBe(
      'ratings.csv: none of its 1 data row is usable',
    );
    expect(unusableReason({ file, good: 0, bad: 0, required: true })).toMatch(/no data rows/);
    expect(unusableReason({ file: 'tags.csv', good: 0, bad: 0, required: false })).toBeNull();
  });
});

describe('tallyMovieLens', () => {
  it('counts kept rows and one issue per skipped row for every file read', () => {
    const ratings = 'userId,movieId,rating,timestamp\n1,1,4,1\n1,1,5,2\n1,3,4,3\n2,2,x,4\n2,2,3,5\n';
    const data = parseMovieLens({ ratings, movies: MOVIES, tags: 'userId,movieId,tag,timestamp\n' });
    expect(tallyMovieLens(data, ['ratings.csv', 'movies.csv', 'tags.csv'])).toEqual([
      { file: 'ratings.csv', good: 2, bad: 3, required: true },
      { file: 'movies.csv', good: 2, bad: 0, required: true },
      { file: 'tags.csv', good: 0, bad: 0, required: false },
    ]);
  });
});
