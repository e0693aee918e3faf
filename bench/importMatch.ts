/**
 * npx tsx bench/importMatch.ts [--data DIR] [--seed N]: how many rows of realistic IMDb and
 * Letterboxd exports the import matches automatically, and how many of those to the right movie.
 *
 * No real exports can be shipped or fetched here, so each MovieLens user's ratings are written as
 * the files those sites export, through the real pipeline (src/data/import: CSV text -> format ->
 * rows -> matches against public/model's catalog and imdb.json), with titles in the forms the
 * sites show rather than MovieLens's (seeded, per movie):
 * - always: the article in front ("Matrix, The" -> "The Matrix", also before a subtitle), the
 *   alternate titles in parentheses dropped ("City of God (Cidade de Deus)" -> "City of God");
 * - 25% of movies with an alternate title: that title instead (an original or "a.k.a." title,
 *   "Se7en", "Léon" as IMDb shows them in many regions);
 * - 50%: curly apostrophes (Letterboxd's ’); 30%: every word capitalized; 10%: an accent added
 *   ("Amelie" -> "Amélie"); 50% of titles with "and"/"&": swapped;
 * - 10% of titles with a subtitle: only the part before it ("Star Wars" for "Star Wars: Episode IV
 *   - A New Hope"); 5% of all: the year one off (festival vs release year).
 * IMDb files carry the movie's tt id from links.csv, and 5% extra rows of TV series (ids outside
 * MovieLens), which are not in the catalog and so not counted. Prints the rates per format.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readImdbMap } from '../src/data/import/imdbMap';
import { readImport, reviewImport } from '../src/data/import/importFile';
import type { MatchContext } from '../src/data/import/match';
import { TitleIndex, titleForms } from '../src/data/import/titles';
import { createRng } from '../src/data/rng';

const mulberry32 = (seed: number) => {
  const rng = createRng(seed);
  return () => rng.next();
};
import { DEFAULT_DATA_DIR, loadMovieLensDir } from '../scripts/lib/dataDir';

const ARTICLE = /^(.*?),\s*(The|A|An|Le|La|Les|L'|El|Il|Der|Die|Das)$/;
const moveArticle = (t: string): string | null => {
  const m = t.match(ARTICLE);
  if (!m) return null;
  return (m[2] as string).endsWith("'") ? `${m[2]}${m[1]}` : `${m[2]} ${m[1]}`;
};
/** "Matrix, The" -> "The Matrix"; "Lord of the Rings, The: ..." and "Lost World: Jurassic Park, The" too. */
const front = (t: string): string => {
  const colon = t.indexOf(': ');
  const head = colon > 0 ? moveArticle(t.slice(0, colon)) : null;
  if (head !== null) return head + t.slice(colon);
  return moveArticle(t) ?? t;
};

function realWorldTitle(
  mlTitle: string,
  year: number | null,
  r: () => number,
): { title: string; year: number | null } {
  const forms = titleForms(mlTitle);
  let t = front(forms[0] ?? mlTitle);
  if (forms.length > 1 && r() < 0.25) t = front(forms[1] as string);
  if (r() < 0.5) t = t.replace(/'/g, '’');
  if (r() < 0.3) t = t.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase());
  if (r() < 0.1) t = t.replace(/(?<![Tt]h)e/, 'é');
  if (/ and | & /.test(t) && r() < 0.5)
    t = t.includes(' & ') ? t.replace(' & ', ' and ') : t.replace(' and ', ' & ');
  const cut = t.indexOf(': ');
  if (cut > 0 && r() < 0.1) t = t.slice(0, cut);
  const shifted = year !== null && r() < 0.05 ? year + (r() < 0.5 ? -1 : 1) : year;
  return { title: t, year: shifted };
}

const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function main(): void {
  const { values } = parseArgs({ options: { data: { type: 'string' }, seed: { type: 'string' } } });
  const dataDir = resolve(values.data ?? DEFAULT_DATA_DIR);
  const seed = Number(values.seed ?? 7);
  const { data } = loadMovieLensDir(dataDir);
  const catalog = JSON.parse(readFileSync(join('public/model', 'catalog.json'), 'utf8')) as {
    movies: [number, string, number][];
  };
  const imdb = readImdbMap(JSON.parse(readFileSync(join('public/model', 'imdb.json'), 'utf8')));
  if (typeof imdb === 'string') throw new Error(imdb);
  const movieIds = Int32Array.from(catalog.movies, (m) => m[0]);
  const ctx: MatchContext = {
    movieIndex: new Map(catalog.movies.map((m, i) => [m[0], i])),
    movieIds,
    titles: new TitleIndex({
      movieIds,
      titles: catalog.movies.map((m) => m[1]),
      years: Int16Array.from(catalog.movies, (m) => m[2]),
    }),
    imdb,
  };
  const movie = new Map(data.movies.map((m) => [m.movieId, m]));
  const link = new Map(data.links.map((l) => [l.movieId, l.imdbId]));
  // One real-world title per movie (the same in every user's file).
  const shown = new Map<number, { title: string; year: number | null }>();
  for (const m of data.movies)
    shown.set(m.movieId, realWorldTitle(m.title, m.year, mulberry32(seed * 100_003 + m.movieId)));
  const byUser = new Map<number, typeof data.ratings>();
  for (const r of data.ratings) {
    const list = byUser.get(r.userId);
    if (list) list.push(r);
    else byUser.set(r.userId, [r]);
  }

  const tally = {
    imdb: { rows: 0, ok: 0, wrong: 0 },
    imdbTitles: { rows: 0, ok: 0, wrong: 0 },
    letterboxd: { rows: 0, ok: 0, wrong: 0 },
  };
  const misses: string[] = [];
  const r = mulberry32(seed);
  for (const [, ratings] of byUser) {
    const rated = ratings.filter((x) => movie.has(x.movieId));
    const date = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
    const lb = ['Date,Name,Year,Letterboxd URI,Rating'];
    const im = [
      'Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors',
    ];
    const imNoId = ['Const,Your Rating,Date Rated,Title,Year'];
    const source: number[] = [];
    for (const x of rated) {
      const s = shown.get(x.movieId) as { title: string; year: number | null };
      source.push(x.movieId);
      lb.push(
        `${date(x.timestamp)},${cell(s.title)},${s.year ?? ''},https://boxd.it/${x.movieId.toString(36)},${x.rating}`,
      );
      const tt = `tt${(link.get(x.movieId) ?? '0').padStart(7, '0')}`;
      const stars = Math.max(1, Math.round(x.rating * 2));
      im.push(
        `${tt},${stars},${date(x.timestamp)},${cell(s.title)},https://www.imdb.com/title/${tt}/,movie,7.0,100,${s.year ?? ''},Drama,1000,,`,
      );
      imNoId.push(
        `tt9${String(x.movieId).padStart(7, '0')},${stars},${date(x.timestamp)},${cell(s.title)},${s.year ?? ''}`,
      );
      if (r() < 0.05)
        im.push(
          `tt8${String(Math.floor(r() * 1e6)).padStart(6, '0')},8,${date(x.timestamp)},Some Series,,tvSeries,8,45,2015,Drama,10,,`,
        );
    }
    const count = (text: string, key: 'imdb' | 'imdbTitles' | 'letterboxd') => {
      const read = readImport(new TextEncoder().encode(text), `${key}.csv`);
      if (!read.ok) throw new Error(read.message);
      const review = reviewImport(read.parsed, `${key}.csv`, ctx);
      // Line L of the file is source row L - 2 (header on line 1); IMDb's TV rows are not counted.
      const lines = text.split('\n');
      const sourceOf = (line: number) => {
        const fields = lines[line - 1] ?? '';
        if (key === 'imdb' && fields.includes(',tvSeries,')) return null;
        return source[rowIndex(lines, line, key)] ?? null;
      };
      const t = tally[key];
      t.rows += source.length;
      for (const m of review.matched) {
        const want = sourceOf(m.line);
        if (want === null) continue;
        if (want === m.movieId) t.ok++;
        else t.wrong++;
      }
      if (key === 'letterboxd')
        for (const u of review.unmatched)
          if (misses.length < 25) misses.push(`${u.title} (${u.year ?? '?'}): ${u.why}`);
    };
    count(lb.join('\n'), 'letterboxd');
    count(im.join('\n'), 'imdb');
    count(imNoId.join('\n'), 'imdbTitles');
  }
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(2)}%`;
  for (const [k, t] of Object.entries(tally))
    console.log(
      `${k.padEnd(11)} rows in catalog ${t.rows}: matched to the right movie ${t.ok} (${pct(t.ok, t.rows)}), to a wrong one ${t.wrong} (${pct(t.wrong, t.rows)}), not matched ${t.rows - t.ok - t.wrong} (${pct(t.rows - t.ok - t.wrong, t.rows)})`,
    );
  console.log('\nfirst Letterboxd rows not matched:');
  for (const m of misses) console.log(`  ${m}`);
}

/** The source row of a file line: IMDb files have extra TV rows, so count the movie rows before it. */
function rowIndex(lines: string[], line: number, key: string): number {
  if (key !== 'imdb') return line - 2;
  let n = -1;
  for (let i = 1; i < line; i++) if (!(lines[i] ?? '').includes(',tvSeries,')) n++;
  return n;
}

main();
