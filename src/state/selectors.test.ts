import { describe, expect, it } from 'vitest';
import type { CatalogColumns } from '../worker/protocol';
import { foldForSearch, searchCatalog } from './selectors';

const catalog = (titles: string[]): CatalogColumns => ({
  movieIds: Int32Array.from(titles, (_, i) => i + 1),
  titles,
  years: new Int16Array(titles.length),
  genres: titles.map(() => ''),
  // Later titles are more popular, so the order of hits is the reverse of the list.
  ratingCounts: Float32Array.from(titles, (_, i) => i),
  meanRatings: new Float32Array(titles.length),
  xy: new Float32Array(titles.length * 2),
});

describe('search ignores accents and case', () => {
  const c = catalog([
    'Léon: The Professional (a.k.a. Léon) (1994)',
    'Amélie (Fabuleux destin d’Amélie Poulain, Le) (2001)',
    'Crouching Tiger, Hidden Dragon (Wo hu cang long) (2000)',
    'Leon Morin, Priest (1961)',
    'Señorita Justice (2004)',
  ]);
  const titles = (q: string) => searchCatalog({ catalog: c }, q, 10).map((i) => c.titles[i]);

  it('folds marks away and lowers the case', () => {
    expect(foldForSearch('Léon')).toBe('leon');
    expect(foldForSearch('AMÉLIE')).toBe('amelie');
    expect(foldForSearch('Señorita')).toBe('senorita');
    // Composed and decomposed forms fold alike.
    expect(foldForSearch('Le\u0301on')).toBe(foldForSearch('L\u00e9on'));
  });

  it('"leon" finds "Léon" and "Leon", most rated first', () => {
    expect(titles('leon')).toEqual([c.titles[3], c.titles[0]]);
  });

  it('an accented query finds the plain spelling too', () => {
    expect(titles('léon')).toEqual([c.titles[3], c.titles[0]]);
    expect(titles('AMELIE poulain')).toEqual([c.titles[1]]);
    expect(titles('senorita')).toEqual([c.titles[4]]);
  });

  it('leaves out excluded movies and finds nothing for an empty query', () => {
    expect(searchCatalog({ catalog: c, excluded: new Set([0]) }, 'leon', 10)).toEqual([3]);
    expect(searchCatalog({ catalog: c }, '   ', 10)).toEqual([]);
  });
});
