/**
 * Bring your own ratings (issue 16): an IMDb export, Letterboxd's ratings.csv and diary.csv and a
 * MovieLens CSV import through the review (matched / not found counts, by-hand matching, a user
 * picker, merge or replace), adapt, and leave the imported movies out of the list; every bad file
 * gets its message with the ratings untouched; the exported ratings import back to the same
 * ratings; 5,000 rows stay responsive; no request leaves the page during an import.
 *
 * The files are built here from the shipped catalog and imdb.json (real titles and ids). The IMDb
 * test runs on every project (the adaptation of imported ratings is backend work); the rest are
 * the app's logic and run once, on cpu (@app).
 */
import { readFileSync } from 'node:fs';
import type { Page, Request } from '@playwright/test';
import { defaultShared, encodeHash } from '../src/state/shareState';
import { expect, test } from './fixtures';

const catalog = JSON.parse(readFileSync('public/model/catalog.json', 'utf8')) as {
  movies: [number, string, number, ...unknown[]][];
};
const imdb = JSON.parse(readFileSync('public/model/imdb.json', 'utf8')) as {
  movieIds: number[];
  imdbIds: number[];
};
const imdbOf = new Map(imdb.movieIds.map((m, i) => [m, imdb.imdbIds[i] as number]));
const movie = (id: number) => {
  const m = catalog.movies.find((r) => r[0] === id);
  if (!m) throw new Error(`movie ${id} is not in the catalog`);
  return { title: m[1], year: m[2] };
};
const tt = (movieId: number) => `tt${String(imdbOf.get(movieId)).padStart(7, '0')}`;

/** Two ratings set through a link: what an import must merge with or leave alone. */
const BEFORE = [
  { movieId: 1, rating: 4 },
  { movieId: 2571, rating: 4.5 },
];
const withBefore = `#${encodeHash({ ...defaultShared(), ratings: BEFORE })}`;

/** Every request the page (and its workers) makes from now on. */
function recordRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.context().on('request', (r) => seen.push(r));
  return seen;
}

test('an IMDb export imports, is reviewed and adapts; no request leaves the page', async ({
  page,
  baseURL,
  app,
  deck,
  list,
  rated,
  importer,
}) => {
  await app.open();
  await app.waitReady();
  const ids = [318, 296, 356, 593, 260, 480, 110, 589, 527, 2959];
  const rows = ids.map(
    (id, i) =>
      `${tt(id)},${10 - (i % 6)},2023-0${1 + (i % 9)}-1${i % 10},"${movie(id).title}",https://www.imdb.com/title/${tt(id)}/,movie,8.1,120,${movie(id).year},Drama,1000,${movie(id).year}-01-01,Someone`,
  );
  const file = [
    'Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors',
    ...rows,
    'tt0903747,10,2023-02-01,Breaking Bad Marker,https://www.imdb.com/title/tt0903747/,tvSeries,9.5,49,2008,Drama,1000,2008-01-20,',
  ].join('\r\n');
  const runs = await app.runs();

  const requests = recordRequests(page);
  await importer.file('ratings.csv', `\uFEFF${file}`);
  await expect(importer.review).toHaveAttribute('data-format', 'imdb');
  await expect(importer.review).toHaveAttribute('data-matched', '10');
  await expect(importer.review).toHaveAttribute('data-unmatched', '1');
  await expect(importer.unmatchedRows).toContainText('Breaking Bad Marker');
  await importer.use();
  await expect(rated.rows).toHaveCount(10);
  await app.waitAdapted(10, runs);
  const recommended = await list.ids();
  expect(recommended.length).toBeGreaterThan(0);
  for (const id of ids) expect(recommended).not.toContain(String(id));
  await expect(deck.undoToast).toHaveAttribute('data-kind', 'import');

  // The import's requests: the import worker's script and imdb.json, GETs to the page's origin,
  // nothing carrying the file (its marker title is in no address, no request has a body).
  const origin = new URL(baseURL ?? '').origin;
  for (const r of requests) {
    expect(new URL(r.url()).origin, r.url()).toBe(origin);
    expect(r.method(), r.url()).toBe('GET');
    expect(r.postData(), r.url()).toBeNull();
    expect(decodeURIComponent(r.url())).not.toContain('Marker');
  }
  expect(requests.filter((r) => r.url().endsWith('/model/imdb.json'))).toHaveLength(1);
});

test(
  'Letterboxd ratings and diary: tricky titles, a match by hand, a skip, merge then replace',
  { tag: '@app' },
  async ({ app, deck, rated, importer }) => {
    await app.open(withBefore);
    await app.waitReady();
    await expect(rated.rows).toHaveCount(2);
    const lb = [
      'Date,Name,Year,Letterboxd URI,Rating',
      '2021-01-01,Amélie,2001,https://boxd.it/1,4.5', // MovieLens: "Amelie (Fabuleux destin d'Amélie Poulain, Le)"
      '2021-01-02,The Matrix,1999,https://boxd.it/2,5', // "Matrix, The": merged over the 4.5 from before
      '2021-01-03,Léon: The Professional,1994,https://boxd.it/3,4', // "(a.k.a. The Professional) (Léon)"
      '2021-01-04,"The Good, the Bad and the Ugly",1966,https://boxd.it/4,4',
      '2021-01-05,City of God,2003,https://boxd.it/5,4.5', // one year off
      '2021-01-06,Star Wars,1977,https://boxd.it/6,5', // "Star Wars: Episode IV - A New Hope"
      '2021-01-07,Se7en,1995,https://boxd.it/7,4', // "Seven (a.k.a. Se7en)"
      '2021-01-08,Zzyzx Not A Movie,2019,https://boxd.it/8,3',
      '2021-01-09,Pulp Fiction (Director’s Copy),1994,https://boxd.it/9,3.5',
    ].join('\n');
    await importer.file('ratings.csv', lb);
    await expect(importer.review).toHaveAttribute('data-format', 'letterboxd');
    await expect(importer.review).toHaveAttribute('data-matched', '7');
    await expect(importer.review).toHaveAttribute('data-unmatched', '2');
    const pulp = importer.unmatched(10);
    await importer.match(pulp, 'pulp fiction', 296);
    await expect(pulp).toHaveAttribute('data-state', 'matched');
    const nope = importer.unmatched(9);
    await importer.skip(nope);
    await expect(nope).toHaveAttribute('data-state', 'skipped');
    await expect(importer.review).toHaveAttribute('data-matched', '8');
    await importer.use('merge');
    await expect(rated.rows).toHaveCount(9);
    const merged = await rated.ratings();
    expect(merged.get('1')).toBe(4);
    expect(merged.get('2571')).toBe(5);
    expect(merged.get('4973')).toBe(4.5);
    expect(merged.get('296')).toBe(3.5);

    const diary = [
      'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date',
      '2022-01-01,The Matrix,1999,https://boxd.it/a,3,,,2021-12-31',
      '2022-01-02,Toy Story,1995,https://boxd.it/b,,,,2022-01-02',
      '2022-03-01,The Matrix,1999,https://boxd.it/c,4.5,Yes,,2022-03-01',
      '2022-03-02,Heat,1995,https://boxd.it/d,4,,,2022-03-02',
    ].join('\n');
    await importer.file('diary.csv', diary);
    await expect(importer.review).toHaveAttribute('data-format', 'letterboxd-diary');
    await expect(importer.review).toHaveAttribute('data-matched', '2');
    await expect(importer.review).toHaveAttribute('data-duplicates', '1');
    await expect(importer.summary).toContainText('without a rating');
    await importer.use('replace');
    expect(await rated.ids()).toEqual(['2571=4.5', '6=4']);
    await deck.toastButton('Undo').click();
    await expect(rated.rows).toHaveCount(9);
  },
);

test(
  'a MovieLens CSV with two users, and the exported ratings import back unchanged',
  { tag: '@app' },
  async ({ page, app, list, rated, importer }, testInfo) => {
    await app.open();
    await app.waitReady();
    const ml = [
      'userId,movieId,rating,timestamp',
      '11,1,5.0,964982703',
      '11,50,4.5,964982931',
      '12,260,2.0,964981247',
      '12,1196,3.5,964982224',
      '12,1210,4.0,964983815',
    ].join('\n');
    await importer.file('ratings.csv', ml);
    await expect(importer.review).toHaveAttribute('data-matched', '2');
    await importer.user.selectOption('12');
    await expect(importer.review).toHaveAttribute('data-matched', '3');
    await importer.use();
    expect(await rated.ids()).toEqual(['1196=3.5', '1210=4', '260=2']);
    // A rating changed by hand: the export holds what the visitor has now.
    await rated.rate(260, 2.5);
    await expect(rated.row(260)).toHaveAttribute('data-rating', '2.5');
    const before = await rated.ids();

    const [download] = await Promise.all([page.waitForEvent('download'), rated.exportButton.click()]);
    const path = testInfo.outputPath('warmstart-ratings.csv');
    await download.saveAs(path);
    const exported = readFileSync(path, 'utf8');
    expect(exported.split('\n')[0]).toBe('userId,movieId,rating,title');
    const [recs] = await Promise.all([page.waitForEvent('download'), list.exportButton.click()]);
    const recPath = testInfo.outputPath('recs.csv');
    await recs.saveAs(recPath);
    expect(readFileSync(recPath, 'utf8').split('\n')[0]).toBe('rank,movieId,title,year,score,predicted');

    page.once('dialog', (d) => void d.accept());
    await rated.reset.click();
    await expect(rated.rows).toHaveCount(0);
    await importer.file('warmstart-ratings.csv', exported);
    await expect(importer.review).toHaveAttribute('data-unmatched', '0');
    await importer.use();
    expect(await rated.ids()).toEqual(before);
    expect(await rated.order()).toEqual(['1210', '1196', '260']);
  },
);

test(
  'bad files get their message and leave the ratings untouched',
  { tag: '@app' },
  async ({ app, rated, importer }) => {
    await app.open(withBefore);
    await app.waitReady();
    const latin1 = Buffer.concat([
      Buffer.from('Date,Name,Year,Rating\n2020-01-01,Am'),
      Buffer.from([0xe9]),
      Buffer.from('lie,2001,4\n'),
    ]);
    const cases: [string, string | Buffer, RegExp][] = [
      [
        'poster.png',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
        /not a CSV file: it is a PNG image/,
      ],
      ['letterboxd.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0]), /ZIP archive.*unzip/],
      ['empty.csv', '', /empty/],
      ['notes.csv', 'my favourite films\nAlien\n', /no commas/],
      [
        'wrong.csv',
        'film,stars\nAlien,5\n',
        /Found the columns: film, stars\. Expected IMDb: Const, Your Rating/,
      ],
      ['latin1.csv', latin1, /not UTF-8 text: byte 0xE9 on line 2/],
      [
        'range.csv',
        'userId,movieId,rating\n1,1,7\n1,2,five\n1,3,0\n1,4,4\n',
        /cannot be imported[\s\S]*line 2: rating "7" is not from 0.5 to 5[\s\S]*line 3: rating "five" is not a number[\s\S]*line 4: rating "0"/,
      ],
      ['huge.csv', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41), /10\.0 MB, over the 10\.0 MB/],
    ];
    for (const [name, body, message] of cases) {
      await importer.file(name, body);
      await expect(importer.error, name).toContainText(message);
      await expect(importer.review).toHaveCount(0);
      await importer.close();
      await expect(importer.error).toHaveCount(0);
      expect(await rated.ids(), name).toEqual(['1=4', '2571=4.5']);
    }
  },
);

test(
  '5,000 rows import and adapt; the list pages, the link stops carrying ratings',
  { tag: '@app' },
  async ({ page, app, rated, importer }) => {
    await app.open();
    await app.waitReady();
    await page.evaluate(() => {
      const w = window as Window & { __longTasks?: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks?.push(Math.round(e.duration));
      }).observe({ type: 'longtask' });
    });
    const longTasks = () =>
      page.evaluate(() => (window as Window & { __longTasks?: number[] }).__longTasks ?? []);
    const ids = catalog.movies.slice(0, 5000).map((m) => m[0]);
    const file = [
      'userId,movieId,rating,timestamp',
      ...ids.map((id, i) => `1,${id},${(1 + (i % 10)) / 2},${1e9 + i}`),
    ].join('\n');
    const runs = await app.runs();
    await importer.file('ratings.csv', file);
    await expect(importer.review).toHaveAttribute('data-matched', '5000');
    // Read and matched off the main thread, in the import worker (which loads no TensorFlow.js).
    expect(page.workers().some((w) => /import\.worker/.test(w.url()))).toBe(true);
    const parsing = await longTasks();
    await importer.use();
    await expect(rated.pager).toHaveText('1–100 of 5000');
    await expect(rated.rows).toHaveCount(100);
    await app.waitAdapted(5000, runs);
    await expect(page).toHaveURL(/[#&]rk=5000(&|$)/);
    await expect(app.notice('link')).toBeVisible();
    const all = await longTasks();
    test.info().annotations.push({
      type: 'long tasks (ms)',
      description: `while the file was read and matched: [${parsing.join(', ')}]; in all: [${all.join(', ')}]`,
    });
    console.log(
      `5,000-row import, main-thread long tasks (ms): parsing [${parsing.join(', ')}], in all [${all.join(', ')}]`,
    );
  },
);
