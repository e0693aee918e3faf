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
import { expect, test, type Page, type Request } from '@playwright/test';
import { defaultShared, encodeHash } from '../src/state/shareState';
import { AppPage } from './pages/AppPage';

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
}) => {
  const app = new AppPage(page);
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
  const runs = (await app.snapshot()).runs;

  const requests = recordRequests(page);
  await app.importFile('ratings.csv', `\uFEFF${file}`);
  await expect(app.importReview).toHaveAttribute('data-format', 'imdb');
  await expect(app.importReview).toHaveAttribute('data-matched', '10');
  await expect(app.importReview).toHaveAttribute('data-unmatched', '1');
  await expect(page.getByTestId('import-unmatched')).toContainText('Breaking Bad Marker');
  await app.useImported();
  await expect(app.rated).toHaveCount(10);
  await app.waitAdapted(10, runs);
  const recommended = await app.recommendations.evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-movie-id')),
  );
  expect(recommended.length).toBeGreaterThan(0);
  for (const id of ids) expect(recommended).not.toContain(String(id));
  await expect(page.getByTestId('undo-toast')).toHaveAttribute('data-kind', 'import');

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
  async ({ page }) => {
    const app = new AppPage(page);
    await app.open(withBefore);
    await app.waitReady();
    await expect(app.rated).toHaveCount(2);
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
    await app.importFile('ratings.csv', lb);
    await expect(app.importReview).toHaveAttribute('data-format', 'letterboxd');
    await expect(app.importReview).toHaveAttribute('data-matched', '7');
    await expect(app.importReview).toHaveAttribute('data-unmatched', '2');
    const pulp = page.locator('[data-testid="import-unmatched"][data-line="10"]');
    await pulp.getByRole('searchbox').fill('pulp fiction');
    await pulp.locator('[data-testid="import-candidate"][data-movie-id="296"]').click();
    await expect(pulp).toHaveAttribute('data-state', 'matched');
    const nope = page.locator('[data-testid="import-unmatched"][data-line="9"]');
    await nope.getByRole('button', { name: 'Skip' }).click();
    await expect(nope).toHaveAttribute('data-state', 'skipped');
    await expect(app.importReview).toHaveAttribute('data-matched', '8');
    await app.useImported('merge');
    await expect(app.rated).toHaveCount(9);
    const merged = await app.ratings();
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
    await app.importFile('diary.csv', diary);
    await expect(app.importReview).toHaveAttribute('data-format', 'letterboxd-diary');
    await expect(app.importReview).toHaveAttribute('data-matched', '2');
    await expect(app.importReview).toHaveAttribute('data-duplicates', '1');
    await expect(page.getByTestId('import-summary')).toContainText('without a rating');
    await app.useImported('replace');
    expect(await app.ratedIds()).toEqual(['2571=4.5', '6=4']);
    await page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' }).click();
    await expect(app.rated).toHaveCount(9);
  },
);

test(
  'a MovieLens CSV with two users, and the exported ratings import back unchanged',
  { tag: '@app' },
  async ({ page }, testInfo) => {
    const app = new AppPage(page);
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
    await app.importFile('ratings.csv', ml);
    await expect(app.importReview).toHaveAttribute('data-matched', '2');
    await page.getByTestId('import-user').selectOption('12');
    await expect(app.importReview).toHaveAttribute('data-matched', '3');
    await app.useImported();
    expect(await app.ratedIds()).toEqual(['1196=3.5', '1210=4', '260=2']);
    // A rating changed by hand: the export holds what the visitor has now.
    await app.rate(page.locator('[data-testid="rated"][data-movie-id="260"]'), 2.5);
    await expect(page.locator('[data-testid="rated"][data-movie-id="260"]')).toHaveAttribute(
      'data-rating',
      '2.5',
    );
    const before = await app.ratedIds();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export ratings' }).click(),
    ]);
    const path = testInfo.outputPath('warmstart-ratings.csv');
    await download.saveAs(path);
    const exported = readFileSync(path, 'utf8');
    expect(exported.split('\n')[0]).toBe('userId,movieId,rating,title');
    const [recs] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export list' }).click(),
    ]);
    const recPath = testInfo.outputPath('recs.csv');
    await recs.saveAs(recPath);
    expect(readFileSync(recPath, 'utf8').split('\n')[0]).toBe('rank,movieId,title,year,score,predicted');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Reset' }).first().click();
    await expect(app.rated).toHaveCount(0);
    await app.importFile('warmstart-ratings.csv', exported);
    await expect(app.importReview).toHaveAttribute('data-unmatched', '0');
    await app.useImported();
    expect(await app.ratedIds()).toEqual(before);
    const order = await app.rated.evaluateAll((els) => els.map((e) => e.getAttribute('data-movie-id')));
    expect(order).toEqual(['1210', '1196', '260']);
  },
);

test('bad files get their message and leave the ratings untouched', { tag: '@app' }, async ({ page }) => {
  const app = new AppPage(page);
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
    await app.importFile(name, body);
    await expect(app.importError, name).toContainText(message);
    await expect(app.importReview).toHaveCount(0);
    await page
      .getByTestId('import-dialog')
      .getByRole('button', { name: 'Close', exact: true })
      .last()
      .click();
    await expect(app.importError).toHaveCount(0);
    expect(await app.ratedIds(), name).toEqual(['1=4', '2571=4.5']);
  }
});

test(
  '5,000 rows import and adapt; the list pages, the link stops carrying ratings',
  { tag: '@app' },
  async ({ page }) => {
    const app = new AppPage(page);
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
    const runs = (await app.snapshot()).runs;
    await app.importFile('ratings.csv', file);
    await expect(app.importReview).toHaveAttribute('data-matched', '5000');
    // Read and matched off the main thread, in the import worker (which loads no TensorFlow.js).
    expect(page.workers().some((w) => /import\.worker/.test(w.url()))).toBe(true);
    const parsing = await longTasks();
    await app.useImported();
    await expect(page.getByTestId('rated-page')).toHaveText('1–100 of 5000');
    await expect(app.rated).toHaveCount(100);
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
