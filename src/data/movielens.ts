/**
 * MovieLens CSV files (ml-latest-small layout) to plain data. Pure: takes the file texts, never
 * touches the file system, so the browser can parse an upload with the same code as the scripts.
 *
 * A wrong header means the wrong file or format and throws; a bad row is reported as a ParseIssue
 * and skipped, so one broken line does not stop training on 100k good ones.
 */
import { parseCsv } from './csv';
import type { Link, Movie, MovieLensData, ParseIssue, Rating, Tag, UserHistory } from './types';

/** Thrown when a file is not a MovieLens file at all (wrong or missing header). */
export class MovieLensFormatError extends Error {
  readonly file: string;

  constructor(file: string, message: string) {
    super(message);
    this.name = 'MovieLensFormatError';
    this.file = file;
  }
}

export interface MovieLensFiles {
  ratings: string;
  movies: string;
  links?: string;
  tags?: string;
}

const HEADERS = {
  'ratings.csv': ['userId', 'movieId', 'rating', 'timestamp'],
  'movies.csv': ['movieId', 'title', 'genres'],
  'links.csv': ['movieId', 'imdbId', 'tmdbId'],
  'tags.csv': ['userId', 'movieId', 'tag', 'timestamp'],
} as const;

type FileName = keyof typeof HEADERS;

const INTEGER = /^\d+$/;
const NO_GENRES = '(no genres listed)';
/** "(1995)" or a range "(2007-)", "(2006–2007)" (MovieLens uses both dashes) at the end of a title. */
const YEAR_SUFFIX = /^(.*?)\s*\((\d{4})(?:\s*[-–]\s*(?:\d{4})?)?\)$/;

/** Rows of one file with the header checked; calls `visit` with each row that has the right field count. */
function readRows(
  file: FileName,
  text: string,
  issues: ParseIssue[],
  visit: (fields: string[], fail: (message: string) => void) => void,
): void {
  const expected = HEADERS[file];
  const csv = parseCsv(text, file);
  const found = csv.header;
  if (found.length !== expected.length || found.some((name, k) => name !== expected[k])) {
    const shown = found.length === 0 ? '(empty file)' : found.join(',');
    throw new MovieLensFormatError(
      file,
      `${file}:${csv.headerLine ?? 1}: unexpected header "${shown}"; expected "${expected.join(',')}"`,
    );
  }
  issues.push(...csv.issues);
  // One `fail` for all rows (reading the current line) rather than a closure per row: 100k rows.
  let line = 0;
  const fail = (message: string): void => {
    issues.push({ file, line, message });
  };
  for (const row of csv.rows) {
    line = row.line;
    if (row.fields.length !== expected.length) {
      fail(`expected ${expected.length} fields (${expected.join(',')}), found ${row.fields.length}`);
      continue;
    }
    visit(row.fields, fail);
  }
}

/** The integer in `field`, or null after reporting why it is not one. */
function readId(field: string, name: string, fail: (message: string) => void): number | null {
  if (!INTEGER.test(field)) {
    fail(`${name} ${JSON.stringify(field)} is not an id; expected a non-negative integer`);
    return null;
  }
  return Number(field);
}

/** Unix seconds; an empty field means "no timestamp" (0). */
function readTimestamp(field: string, fail: (message: string) => void): number | null {
  if (field === '') return 0;
  if (!INTEGER.test(field)) {
    fail(`timestamp ${JSON.stringify(field)} is not valid; expected integer Unix seconds`);
    return null;
  }
  return Number(field);
}

/**
 * Splits a MovieLens title into title and year: "Toy Story (1995)" -> ("Toy Story", 1995); a range
 * "(2007-)" gives its first year; no year gives the whole (trimmed) title and null.
 */
export function parseTitle(raw: string): { title: string; year: number | null } {
  const trimmed = raw.trim();
  const match = YEAR_SUFFIX.exec(trimmed);
  if (match === null || match[1] === '') return { title: trimmed, year: null };
  return { title: match[1] as string, year: Number(match[2]) };
}

/**
 * Parses the MovieLens CSV texts. Bad rows are skipped and listed in `issues` (file, line, what was
 * wrong and what was expected): wrong field count, non-integer ids, ratings that are not 0.5..5 in
 * half stars, ratings of movies missing from movies.csv, repeated (userId, movieId) ratings and
 * repeated movieIds (the first occurrence wins).
 *
 * @returns movies sorted by movieId (their catalog order); ratings, links and tags in file order.
 * @throws MovieLensFormatError when a file's header is not the MovieLens one.
 */
export function parseMovieLens(files: MovieLensFiles): MovieLensData {
  const issues: ParseIssue[] = [];

  const movies: Movie[] = [];
  const movieIds = new Set<number>();
  readRows('movies.csv', files.movies, issues, ([id, rawTitle, rawGenres], fail) => {
    const movieId = readId(id as string, 'movieId', fail);
    if (movieId === null) return;
    if (movieIds.has(movieId)) {
      fail(`duplicate movieId ${movieId}; expected each movie once (the first row is kept)`);
      return;
    }
    movieIds.add(movieId);
    const genres = rawGenres === NO_GENRES || rawGenres === '' ? [] : (rawGenres as string).split('|');
    movies.push({ movieId, ...parseTitle(rawTitle as string), genres });
  });
  movies.sort((a, b) => a.movieId - b.movieId);

  const ratings: Rating[] = [];
  const rated = new Map<number, Set<number>>();
  readRows('ratings.csv', files.ratings, issues, ([u, m, r, t], fail) => {
    const userId = readId(u as string, 'userId', fail);
    if (userId === null) return;
    const movieId = readId(m as string, 'movieId', fail);
    if (movieId === null) return;
    const rating = r === '' ? NaN : Number(r);
    if (!Number.isFinite(rating) || rating < 0.5 || rating > 5 || !Number.isInteger(rating * 2)) {
      fail(`rating ${JSON.stringify(r)} is not valid; expected a number from 0.5 to 5 in steps of 0.5`);
      return;
    }
    const timestamp = readTimestamp(t as string, fail);
    if (timestamp === null) return;
    if (!movieIds.has(movieId)) {
      fail(`rating of movieId ${movieId}, which is not in movies.csv; expected a listed movie`);
      return;
    }
    let seen = rated.get(userId);
    if (seen === undefined) {
      seen = new Set();
      rated.set(userId, seen);
    }
    if (seen.has(movieId)) {
      fail(
        `duplicate rating of movieId ${movieId} by userId ${userId}; expected one per pair (the first is kept)`,
      );
      return;
    }
    seen.add(movieId);
    ratings.push({ userId, movieId, rating, timestamp });
  });

  const links: Link[] = [];
  if (files.links !== undefined) {
    readRows('links.csv', files.links, issues, ([m, imdbId, tmdbId], fail) => {
      const movieId = readId(m as string, 'movieId', fail);
      if (movieId === null) return;
      links.push({ movieId, imdbId: imdbId as string, tmdbId: tmdbId as string });
    });
  }

  const tags: Tag[] = [];
  if (files.tags !== undefined) {
    readRows('tags.csv', files.tags, issues, ([u, m, tag, t], fail) => {
      const userId = readId(u as string, 'userId', fail);
      if (userId === null) return;
      const movieId = readId(m as string, 'movieId', fail);
      if (movieId === null) return;
      const timestamp = readTimestamp(t as string, fail);
      if (timestamp === null) return;
      tags.push({ userId, movieId, tag: tag as string, timestamp });
    });
  }

  return { ratings, movies, links, tags, issues };
}

/** movieId -> catalog index (position in the movieId-sorted `movies`). */
export function movieIndex(movies: readonly Movie[]): Map<number, number> {
  const index = new Map<number, number>();
  movies.forEach((movie, k) => index.set(movie.movieId, k));
  return index;
}

/**
 * Each user's ratings as catalog indices with their timestamps, sorted by userId, ratings in file
 * order.
 *
 * @param userIds when given, only these users; users with no (known-movie) rating are left out
 *   either way, so the result may be shorter than `userIds`.
 */
export function buildHistories(data: MovieLensData, userIds?: Iterable<number>): UserHistory[] {
  const index = movieIndex(data.movies);
  const wanted = userIds === undefined ? null : new Set(userIds);
  const byUser = new Map<number, { items: number[]; ratings: number[]; timestamps: number[] }>();
  for (const r of data.ratings) {
    if (wanted !== null && !wanted.has(r.userId)) continue;
    const item = index.get(r.movieId);
    if (item === undefined) continue;
    let entry = byUser.get(r.userId);
    if (entry === undefined) {
      entry = { items: [], ratings: [], timestamps: [] };
      byUser.set(r.userId, entry);
    }
    entry.items.push(item);
    entry.ratings.push(r.rating);
    entry.timestamps.push(r.timestamp);
  }
  return [...byUser.entries()]
    .sort(([a], [b]) => a - b)
    .map(([userId, entry]) => ({
      userId,
      items: Int32Array.from(entry.items),
      ratings: Float32Array.from(entry.ratings),
      timestamps: Float64Array.from(entry.timestamps),
    }));
}
