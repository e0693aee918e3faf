import { describe, expect, it } from 'vitest';
import { decodeImport, firstInvalidUtf8, MAX_IMPORT_BYTES } from './decode';
import { ratingsCsv, recommendationsCsv } from './exportCsv';
import { buildImdbMap, readImdbMap } from './imdbMap';
import { readImport, reviewImport } from './importFile';
import { resolveImport, type MatchContext } from './match';
import { TitleIndex, titleForms, titleKey } from './titles';

// A catalog with the title forms MovieLens really uses (movieId, title, year).
const MOVIES: [number, string, number][] = [
  [1, 'Toy Story', 1995],
  [2571, 'Matrix, The', 1999],
  [4973, "Amelie (Fabuleux destin d'Amélie Poulain, Le)", 2001],
  [1411, 'Hamlet', 1996],
  [1059, 'Hamlet', 1990],
  [293, 'Léon: The Professional (a.k.a. The Professional) (Léon)', 1994],
  [260, 'Star Wars: Episode IV - A New Hope', 1977],
  [5959, "Auberge espagnole, L'", 2002],
  [47, 'Seven (a.k.a. Se7en)', 1995],
  [5349, 'Spider-Man', 2002],
  [3996, 'Crouching Tiger, Hidden Dragon (Wo hu cang long)', 2000],
  [4993, 'Lord of the Rings: The Fellowship of the Ring, The', 2001],
  [6016, 'City of God (Cidade de Deus)', 2002],
];
const catalog = {
  movieIds: Int32Array.from(MOVIES, (m) => m[0]),
  titles: MOVIES.map((m) => m[1]),
  years: Int16Array.from(MOVIES, (m) => m[2]),
};
const ctx = (imdb: Map<number, number> | null = null): MatchContext => ({
  movieIndex: new Map(MOVIES.map((m, i) => [m[0], i])),
  movieIds: catalog.movieIds,
  titles: new TitleIndex(catalog),
  imdb,
});
const bytes = (text: string) => new TextEncoder().encode(text);

function review(
  text: string,
  name = 'file.csv',
  imdb: Map<number, number> | null = null,
  userId: number | null = null,
) {
  const read = readImport(bytes(text), name);
  if (!read.ok) throw new Error(`${read.message} ${read.details.join('; ')}`);
  return reviewImport(read.parsed, name, ctx(imdb), userId);
}
const failure = (input: string | Uint8Array) => {
  const read = readImport(typeof input === 'string' ? bytes(input) : input, 'bad.csv');
  if (read.ok) throw new Error('expected a failure');
  return read;
};

describe('title keys', () => {
  it('fold accents, case, punctuation and moved or leading articles', () => {
    expect(titleKey('Matrix, The')).toBe(titleKey('The Matrix'));
    expect(titleKey('Amélie')).toBe(titleKey('Amelie'));
    expect(titleKey("Auberge espagnole, L'")).toBe(titleKey("L'Auberge Espagnole"));
    expect(titleKey('Lord of the Rings: The Fellowship of the Ring, The')).toBe(
      titleKey('The Lord of the Rings: The Fellowship of the Ring'),
    );
    expect(titleKey('Spider-Man')).toBe(titleKey('Spider Man'));
    expect(titleKey('Crouching Tiger, Hidden Dragon')).toBe('crouching tiger hidden dragon');
    expect(titleKey('Vitelloni, I')).toBe(titleKey('I Vitelloni'));
    expect(titleKey('I, Frankenstein')).not.toBe(titleKey('Frankenstein'));
  });
  it('list the alternate titles in parentheses', () => {
    expect(titleForms("Amelie (Fabuleux destin d'Amélie Poulain, Le)")).toEqual([
      'Amelie',
      "Fabuleux destin d'Amélie Poulain, Le",
    ]);
    expect(titleForms('Léon: The Professional (a.k.a. The Professional) (Léon)')).toEqual([
      'Léon: The Professional',
      'Léon',
      'The Professional',
    ]);
  });
});

describe('Letterboxd', () => {
  const ratings = [
    'Date,Name,Year,Letterboxd URI,Rating',
    '2020-01-02,The Matrix,1999,https://boxd.it/a,5',
    '2020-01-03,Amélie,2001,https://boxd.it/b,4.5',
    "2020-01-04,Le Fabuleux Destin d'Amélie Poulain,2001,https://boxd.it/c,4",
    '2020-01-05,Hamlet,1996,https://boxd.it/d,3',
    '2020-01-06,Hamlet,1991,https://boxd.it/e,2.5',
    '2020-01-07,Léon: The Professional,1994,https://boxd.it/f,4',
    '2020-01-08,Star Wars,1977,https://boxd.it/g,5',
    "2020-01-09,L'Auberge Espagnole,2002,https://boxd.it/h,3.5",
    '2020-01-10,Se7en,1995,https://boxd.it/i,4',
    '2020-01-11,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/j,4',
    '2020-01-12,Spider-Man,2003,https://boxd.it/k,3',
    '2020-01-13,A Film Nobody Has,2019,https://boxd.it/l,2',
    '2020-01-14,Toy Story,1980,https://boxd.it/m,2',
  ].join('\n');

  it('match accents, moved articles, alternate titles, one year of tolerance and the right Hamlet', () => {
    const r = review(`\uFEFF${ratings}\r\n`);
    expect(r.format).toBe('letterboxd');
    const byId = new Map(r.matched.map((m) => [m.movieId, m.rating]));
    expect(byId.get(2571)).toBe(5);
    // Amélie twice (English and French titles): the later date wins.
    expect(byId.get(4973)).toBe(4);
    expect(byId.get(1411)).toBe(3);
    expect(byId.get(1059)).toBe(2.5); // 1991 is within a year of 1990, not of 1996
    expect(byId.get(293)).toBe(4);
    expect(byId.get(260)).toBe(5);
    expect(byId.get(5959)).toBe(3.5);
    expect(byId.get(47)).toBe(4);
    expect(byId.get(3996)).toBe(4);
    expect(byId.get(5349)).toBe(3);
    expect(r.duplicates).toBe(1);
    expect(r.unmatched.map((u) => [u.line, u.title])).toEqual([
      [13, 'A Film Nobody Has'],
      [14, 'Toy Story'],
    ]);
    expect(r.unmatched[1]?.why).toMatch(/1995, not 1980/);
  });

  it('read a diary: rewatches resolve to the latest watch, unrated entries are counted, not errors', () => {
    const diary = [
      'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date',
      '2021-05-01,The Matrix,1999,https://boxd.it/x,3,,,2021-04-30',
      '2021-05-02,Toy Story,1995,https://boxd.it/y,,,,2021-05-01',
      '2021-01-01,The Matrix,1999,https://boxd.it/z,4.5,Yes,,2022-01-01',
      '2021-06-01,Toy Story,1995,https://boxd.it/w,4,,,2021-06-01',
    ].join('\n');
    const r = review(diary, 'diary.csv');
    expect(r.format).toBe('letterboxd-diary');
    expect(r.unrated).toBe(1);
    expect(r.duplicates).toBe(1);
    // Oldest first: Toy Story (2021-06-01) then The Matrix (watched again 2022-01-01, 4.5).
    expect(r.matched.map((m) => [m.movieId, m.rating])).toEqual([
      [1, 4],
      [2571, 4.5],
    ]);
  });
});

describe('IMDb', () => {
  const imdb = new Map([
    [114709, 1],
    [133093, 2571],
  ]);
  it('match by Const through links, ratings halved, and fall back to the title', () => {
    const text = [
      'Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors',
      'tt0114709,8,2020-02-01,Toy Story,https://www.imdb.com/title/tt0114709/,movie,8.3,81,1995,"Animation, Comedy",1000,1995-11-22,John Lasseter',
      'tt0133093,10,2020-02-02,The Matrix,https://www.imdb.com/title/tt0133093/,movie,8.7,136,1999,Action,1000,1999-03-31,Lana Wachowski',
      'tt0211915,9,2020-02-03,Amélie,https://www.imdb.com/title/tt0211915/,movie,8.3,122,2001,Comedy,1000,2001-04-25,Jean-Pierre Jeunet',
      'tt0903747,10,2020-02-04,Breaking Bad,https://www.imdb.com/title/tt0903747/,tvSeries,9.5,49,2008,Drama,1000,2008-01-20,',
    ].join('\r\n');
    const r = review(text, 'ratings.csv', imdb);
    expect(r.format).toBe('imdb');
    expect(r.matched.map((m) => [m.movieId, m.rating, m.how])).toEqual([
      [1, 4, 'imdb'],
      [2571, 5, 'imdb'],
      [4973, 4.5, 'title'],
    ]);
    expect(r.unmatched).toHaveLength(1);
    expect(r.unmatched[0]).toMatchObject({ line: 5, title: 'Breaking Bad', imdbId: 903747 });
  });
  it('try the Original Title of a newer export when the title finds nothing', () => {
    const text = [
      'Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,Year',
      'tt0211915,9,2020-02-03,The Fabulous Destiny of Amélie Poulain,Le fabuleux destin d’Amélie Poulain,u,movie,2001',
    ].join('\n');
    expect(review(text, 'ratings.csv', imdb).matched.map((m) => [m.movieId, m.how])).toEqual([
      [4973, 'title'],
    ]);
  });
  it('list ratings out of range with their lines', () => {
    const text = ['Const,Your Rating', 'tt0114709,11', 'tt0133093,ten', 'tt0211915,0'].join('\n');
    const f = failure(text);
    expect(f.message).toMatch(/none of its 3 data rows are usable/);
    expect(f.details).toEqual([
      'line 2: rating "11" is not a whole number from 1 to 10',
      'line 3: rating "ten" is not a whole number from 1 to 10',
      'line 4: rating "0" is not a whole number from 1 to 10',
    ]);
  });
});

describe('MovieLens', () => {
  it('read several users, pick one, unknown movieIds unmatched', () => {
    const text = [
      'userId,movieId,rating,timestamp',
      '7,1,4.0,964982703',
      '7,2571,5.0,964981247',
      '9,47,3.5,964982224',
      '9,99999,2.0,964983815',
    ].join('\n');
    const first = review(text);
    expect(first.users).toEqual([
      { userId: 7, rows: 2 },
      { userId: 9, rows: 2 },
    ]);
    expect(first.userId).toBe(7);
    expect(first.matched.map((m) => m.movieId)).toEqual([2571, 1]);
    const other = review(text, 'file.csv', null, 9);
    expect(other.matched.map((m) => m.movieId)).toEqual([47]);
    expect(other.unmatched.map((u) => u.movieId)).toEqual([99999]);
  });
  it('round-trip the exported ratings exactly, in order', () => {
    const rated = [
      { movieId: 2571, rating: 4.5 },
      { movieId: 4973, rating: 0.5 },
      { movieId: 1, rating: 5 },
      { movieId: 3996, rating: 3 },
    ];
    const csv = ratingsCsv(rated, (id) => MOVIES.find((m) => m[0] === id)?.[1] ?? '');
    expect(csv).toContain('"Crouching Tiger, Hidden Dragon (Wo hu cang long)"');
    const r = review(csv, 'warmstart-ratings.csv');
    expect(resolveImport(r, new Map())).toEqual(rated);
  });
  it('write recommendations as CSV', () => {
    expect(
      recommendationsCsv([{ movieId: 1, title: 'A "b", c', year: 1995, score: 1.23456, predicted: null }]),
    ).toBe('rank,movieId,title,year,score,predicted\n1,1,"A ""b"", c",1995,1.2346,\n');
  });
});

describe('resolving the review', () => {
  it('adds the visitor’s own matches, and a later row still wins over an earlier automatic one', () => {
    const r = review(
      [
        'Date,Name,Year,Rating',
        '2020-01-01,The Matrix,1999,2',
        '2020-02-01,Matrix (the movie),1999,5',
        '2020-03-01,Unknown,2000,3',
      ].join('\n'),
    );
    expect(r.unmatched.map((u) => u.line)).toEqual([3, 4]);
    // Line 3 matched by hand to The Matrix (later than line 2: 5 stars wins); line 4 skipped.
    expect(resolveImport(r, new Map([[3, 2571]]))).toEqual([{ movieId: 2571, rating: 5 }]);
  });
});

describe('bad files', () => {
  it('name what is wrong', () => {
    expect(failure('').message).toMatch(/empty/);
    expect(failure('\uFEFF\n  \n').message).toMatch(/empty/);
    expect(failure('Date,Name,Year,Letterboxd URI,Rating\n').message).toMatch(/header but no rows/);
    expect(failure('{"format":"warmstart-state"}').message).toMatch(/JSON/);
    expect(failure(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2])).message).toMatch(/ZIP archive/);
    expect(failure(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0])).message).toMatch(/PNG/);
    expect(failure('just some words\nmore words').message).toMatch(/no commas/);
    const header = failure('title,stars,when\nx,4,2020');
    expect(header.message).toMatch(/Found the columns: title, stars, when/);
    expect(header.message).toMatch(/Your Rating/);
    expect(failure('Date,Name,Year,Letterboxd URI\n2020-01-01,X,2000,u').message).toMatch(/watchlist/);
    const latin1 = new Uint8Array([
      ...bytes('Date,Name,Year,Rating\n2020-01-01,Am'),
      0xe9,
      ...bytes('lie,2001,4\n'),
    ]);
    expect(failure(latin1).message).toMatch(/not UTF-8.*0xE9 on line 2/);
    expect(decodeImport(new Uint8Array(MAX_IMPORT_BYTES + 1)).ok).toBe(false);
    expect(firstInvalidUtf8(bytes('ok é ✓ 𝄞'))).toBe(bytes('ok é ✓ 𝄞').length);
  });
  it('refuse a file with too many bad ratings, listing the lines; tolerate one or two', () => {
    const rows = (bad: number) =>
      ['userId,movieId,rating', ...Array.from({ length: 20 }, (_, i) => `1,1,${i < bad ? '7' : '4'}`)].join(
        '\n',
      );
    const f = failure(rows(5));
    expect(f.message).toMatch(/5 of 20 data rows/);
    expect(f.details[0]).toBe('line 2: rating "7" is not from 0.5 to 5 in half stars');
    const ok = review(rows(2));
    expect(ok.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(ok.matched).toHaveLength(1);
  });
});

describe('the IMDb map', () => {
  it('keeps the catalog’s links and reads back', () => {
    const file = buildImdbMap(
      [1, 2571],
      [
        { movieId: 2571, imdbId: '0133093', tmdbId: '603' },
        { movieId: 1, imdbId: '0114709', tmdbId: '862' },
        { movieId: 5, imdbId: '0113041', tmdbId: '' },
      ],
    );
    expect(file.movieIds).toEqual([1, 2571]);
    expect(file.imdbIds).toEqual([114709, 133093]);
    const map = readImdbMap(JSON.parse(JSON.stringify(file)));
    expect(map).toEqual(
      new Map([
        [114709, 1],
        [133093, 2571],
      ]),
    );
    expect(readImdbMap({ format: 'other' })).toMatch(/not a warmstart-imdb/);
  });
});
