/**
 * Imported rows -> catalog movies: IMDb rows through MovieLens's links (imdbId -> movieId), falling
 * back to title and year; Letterboxd rows by title and year (src/data/import/titles.ts); MovieLens
 * rows by movieId. Duplicates (a rewatch in a diary, a movie rated twice) resolve to the latest
 * rating: the latest date, else the later line. Pure; runs in the import worker.
 */
import type { ImportFormat, ImportRow, RowProblem } from './formats';
import type { TitleIndex } from './titles';

export interface MatchContext {
  /** movieId -> catalog index. */
  movieIndex: ReadonlyMap<number, number>;
  movieIds: ArrayLike<number>;
  titles: TitleIndex;
  /** IMDb numeric id -> movieId (MovieLens links.csv); null when not needed or not loaded. */
  imdb: ReadonlyMap<number, number> | null;
}

export interface MatchedRating {
  movieId: number;
  rating: number;
  /** The line of the row that won (the latest). */
  line: number;
  when: number;
  how: 'imdb' | 'movieId' | 'title';
}

export interface UnmatchedRow {
  line: number;
  title: string;
  year: number | null;
  rating: number;
  when: number;
  why: string;
  /** Catalog indices that could be meant (an ambiguous title), most likely first. */
  candidates: number[];
  imdbId?: number;
  movieId?: number;
}

export interface ImportReview {
  fileName: string;
  format: ImportFormat;
  /** Rated rows read (for the chosen user), before removing duplicates. */
  rows: number;
  /** One per movie (the latest rating), oldest first: the order they enter the rated list. */
  matched: MatchedRating[];
  /** One per title not found (the latest rating of it), in file order. */
  unmatched: UnmatchedRow[];
  /** Rows superseded by a later rating of the same movie. */
  duplicates: number;
  /** Rows that could not be read, skipped (few enough for the file to be usable). */
  problems: RowProblem[];
  /** Diary entries without a rating. */
  unrated: number;
  /** MovieLens files with several users: each with its number of rows; null otherwise. */
  users: { userId: number; rows: number }[] | null;
  userId: number | null;
  /** Something the visitor should know about the matching (e.g. imdb.json could not be loaded). */
  warning?: string;
}

/** Whether row b is a later rating than row a (dates first, then lines). */
export function isLater(a: { when: number; line: number }, b: { when: number; line: number }): boolean {
  const ta = Number.isNaN(a.when) ? -Infinity : a.when;
  const tb = Number.isNaN(b.when) ? -Infinity : b.when;
  return tb !== ta ? tb > ta : b.line > a.line;
}

/** Oldest first: undated rows before dated ones, each in file order. */
const chronological = (a: { when: number; line: number }, b: { when: number; line: number }) =>
  isLater(a, b) ? -1 : isLater(b, a) ? 1 : 0;

export function matchRows(
  rows: ImportRow[],
  ctx: MatchContext,
): Pick<ImportReview, 'matched' | 'unmatched' | 'duplicates'> {
  const best = new Map<number, MatchedRating>();
  const missing = new Map<string, UnmatchedRow>();
  let duplicates = 0;
  const keep = (m: MatchedRating) => {
    const had = best.get(m.movieId);
    if (had) duplicates++;
    if (!had || isLater(had, m)) best.set(m.movieId, m);
  };
  const miss = (key: string, u: UnmatchedRow) => {
    const had = missing.get(key);
    if (had) duplicates++;
    if (!had || isLater(had, u)) missing.set(key, u);
  };
  for (const row of rows) {
    const base = { rating: row.rating, line: row.line, when: row.when };
    if (row.movieId !== undefined) {
      if (ctx.movieIndex.has(row.movieId)) keep({ ...base, movieId: row.movieId, how: 'movieId' });
      else
        miss(`m${row.movieId}`, {
          ...base,
          title: `movieId ${row.movieId}`,
          year: null,
          why: 'this movieId is not in the catalog',
          candidates: [],
          movieId: row.movieId,
        });
      continue;
    }
    let imdbWhy = '';
    if (row.imdbId !== undefined) {
      const movieId = ctx.imdb?.get(row.imdbId);
      if (movieId !== undefined && ctx.movieIndex.has(movieId)) {
        keep({ ...base, movieId, how: 'imdb' });
        continue;
      }
      imdbWhy = 'IMDb id not in MovieLens; ';
    }
    let t = ctx.titles.match(row.title, row.year);
    if (t.kind !== 'match' && row.altTitle) {
      const alt = ctx.titles.match(row.altTitle, row.year);
      if (alt.kind === 'match') t = alt;
    }
    if (t.kind === 'match') {
      keep({ ...base, movieId: ctx.movieIds[t.index] as number, how: 'title' });
      continue;
    }
    const key = row.imdbId !== undefined ? `i${row.imdbId}` : `t${row.title.toLowerCase()}|${row.year ?? ''}`;
    miss(key, {
      ...base,
      title: row.title || (row.imdbId !== undefined ? `tt${String(row.imdbId).padStart(7, '0')}` : ''),
      year: row.year,
      why: `${imdbWhy}${t.why}`,
      candidates: t.kind === 'ambiguous' ? t.candidates : [],
      ...(row.imdbId !== undefined ? { imdbId: row.imdbId } : {}),
    });
  }
  return {
    matched: [...best.values()].sort(chronological),
    unmatched: [...missing.values()].sort((a, b) => a.line - b.line),
    duplicates,
  };
}

/**
 * The ratings to apply after the review: the automatic matches plus the visitor's own matches of
 * unmatched rows (by line), latest wins again where both name one movie; oldest first.
 */
export function resolveImport(
  review: Pick<ImportReview, 'matched' | 'unmatched'>,
  manual: ReadonlyMap<number, number>,
): { movieId: number; rating: number }[] {
  const best = new Map<number, { movieId: number; rating: number; when: number; line: number }>();
  const add = (r: { movieId: number; rating: number; when: number; line: number }) => {
    const had = best.get(r.movieId);
    if (!had || isLater(had, r)) best.set(r.movieId, r);
  };
  for (const m of review.matched) add(m);
  for (const u of review.unmatched) {
    const movieId = manual.get(u.line);
    if (movieId !== undefined) add({ movieId, rating: u.rating, when: u.when, line: u.line });
  }
  return [...best.values()].sort(chronological).map(({ movieId, rating }) => ({ movieId, rating }));
}
