import { describe, expect, it } from 'vitest';
import { buildHistories, parseMovieLens } from './movielens';
import { generateSyntheticMovieLens } from './synthetic';

describe('generateSyntheticMovieLens', () => {
  const synthetic = generateSyntheticMovieLens({ seed: 4 });
  const data = parseMovieLens(synthetic);

  it('parses as MovieLens with no issues, including quoted and UTF-8 titles', () => {
    expect(data.issues).toEqual([]);
    expect(data.movies).toHaveLength(120);
    expect(data.links).toHaveLength(120);
    const titles = data.movies.map((m) => m.title);
    expect(titles).toContain('Good, the Bad and the Ugly, The');
    expect(titles).toContain('Dr. "Quoted" and Friends');
    expect(titles).toContain('Amélie');
    expect(data.movies.find((m) => m.title === 'Untitled Project')?.year).toBeNull();
    const ids = data.movies.map((m) => m.movieId);
    expect(ids[ids.length - 1]).toBeGreaterThan(ids.length);
  });

  it('gives each user minRatings..maxRatings distinct movies', () => {
    const histories = buildHistories(data);
    expect(histories).toHaveLength(90);
    for (const h of histories) {
      expect(h.items.length).toBeGreaterThanOrEqual(35);
      expect(h.items.length).toBeLessThanOrEqual(60);
      expect(new Set(h.items).size).toBe(h.items.length);
    }
  });

  it('plants taste groups: in-group ratings beat out-group by more than 1.5 stars', () => {
    const { userGroup, movieGroup } = synthetic.truth;
    const groupGenres = ['Sci-Fi', 'Children', 'Film-Noir'];
    for (const movie of data.movies)
      expect(movie.genres[0]).toBe(groupGenres[movieGroup.get(movie.movieId) as number]);
    for (let group = 0; group < 3; group++) {
      const inGroup: number[] = [];
      const outGroup: number[] = [];
      for (const r of data.ratings) {
        if (userGroup.get(r.userId) !== group) continue;
        (movieGroup.get(r.movieId) === group ? inGroup : outGroup).push(r.rating);
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(inGroup) - mean(outGroup)).toBeGreaterThan(1.5);
    }
  });

  it('is deterministic and honours the options', () => {
    expect(generateSyntheticMovieLens({ seed: 4 }).ratings).toBe(synthetic.ratings);
    const small = parseMovieLens(
      generateSyntheticMovieLens({
        numUsers: 5,
        numMovies: 12,
        numGroups: 2,
        minRatings: 12,
        maxRatings: 12,
      }),
    );
    expect(small.issues).toEqual([]);
    expect(small.ratings).toHaveLength(60);
    expect(() => generateSyntheticMovieLens({ numMovies: 10 })).toThrow(/maxRatings/);
  });
});
