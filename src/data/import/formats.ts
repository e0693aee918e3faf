/**
 * The rating exports the import reads, found by their header (columns by name, any order, any
 * case), and their rows as plain ratings in half stars:
 * - IMDb "Your ratings": `Const` (tt0114709), `Your Rating` 1-10 (-> r / 2), `Date Rated`, `Title`, `Year`;
 * - Letterboxd `ratings.csv` (`Date,Name,Year,Letterboxd URI,Rating`, 0.5-5) and `diary.csv`
 *   (the same plus `Rewatch,Tags,Watched Date`; an entry may have no rating);
 * - MovieLens `userId,movieId,rating[,timestamp]` (userId optional; the visitor picks a user).
 * Pure; runs in the import worker.
 */
import type { CsvResult } from '../csv';

export type ImportFormat = 'imdb' | 'letterboxd' | 'letterboxd-diary' | 'movielens';

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  imdb: 'IMDb ratings export',
  letterboxd: 'Letterboxd ratings.csv',
  'letterboxd-diary': 'Letterboxd diary.csv',
  movielens: 'MovieLens ratings CSV',
};

/** The columns each format needs, as the wrong-header message lists them. */
export const EXPECTED_COLUMNS =
  'IMDb: Const, Your Rating (and Title, Year, Date Rated); Letterboxd: Name, Year, Rating (and Date, Watched Date); MovieLens: userId, movieId, rating (and timestamp)';

/** One rating read from a file, before matching. */
export interface ImportRow {
  /** 1-based line in the file. */
  line: number;
  /** 0.5 to 5 in half stars. */
  rating: number;
  /** When it was rated or watched (ms since 1970), NaN when the file does not say. */
  when: number;
  /** As written in the file ('' for MovieLens rows). */
  title: string;
  year: number | null;
  /** Another title for the same movie (IMDb's `Original Title`), tried when the title finds nothing. */
  altTitle?: string;
  /** IMDb's numeric id (tt0114709 -> 114709). */
  imdbId?: number;
  movieId?: number;
  userId?: number;
}

export interface RowProblem {
  line: number;
  message: string;
}

export interface ParsedRows {
  format: ImportFormat;
  rows: ImportRow[];
  /** Rows that could not be read (each skipped, with its line). */
  problems: RowProblem[];
  /** Diary entries logged without a rating (not problems: there is nothing to import). */
  unrated: number;
}

type Columns = Record<string, number>;
const norm = (h: string) => h.trim().toLowerCase();

function columns(header: string[]): Columns {
  const out: Columns = {};
  header.forEach((h, i) => {
    const k = norm(h);
    if (k !== '' && !(k in out)) out[k] = i;
  });
  return out;
}

/** The format a header says, or a message naming the columns found and the ones expected. */
export function detectFormat(header: string[]): { format: ImportFormat; cols: Columns } | { error: string } {
  const cols = columns(header);
  const has = (...names: string[]) => names.every((n) => n in cols);
  if (has('const', 'your rating')) return { format: 'imdb', cols };
  if (has('name', 'rating'))
    return { format: has('watched date') || has('rewatch') ? 'letterboxd-diary' : 'letterboxd', cols };
  if (has('movieid', 'rating')) return { format: 'movielens', cols };
  const found = header.map((h) => h.trim()).filter(Boolean);
  const shown =
    found.length > 12 ? `${found.slice(0, 12).join(', ')}, … (${found.length} in all)` : found.join(', ');
  if (found.length <= 1)
    return {
      error: `This does not look like a CSV file: its first line, "${(header[0] ?? '').slice(0, 80)}", has no commas. Expected a header with the columns of ${EXPECTED_COLUMNS}.`,
    };
  if (has('name', 'letterboxd uri'))
    return {
      error: `This Letterboxd file has no Rating column (found: ${shown}): it is probably watched.csv or watchlist.csv. Choose ratings.csv or diary.csv from the export.`,
    };
  if (has('const'))
    return {
      error: `This IMDb file has no "Your Rating" column (found: ${shown}): it is probably a watchlist or a list. Export "Your ratings" instead.`,
    };
  return {
    error: `The header does not match a rating export. Found the columns: ${shown}. Expected ${EXPECTED_COLUMNS}.`,
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
function parseDate(s: string | undefined): number {
  const m = (s ?? '').trim().match(DATE);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
}

function parseYear(s: string | undefined): number | null {
  const t = (s ?? '').trim();
  return /^\d{4}$/.test(t) ? Number(t) : null;
}

const isHalf = (x: number) => Number.isFinite(x) && x >= 0.5 && x <= 5 && Math.round(x * 2) === x * 2;
const quote = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Reads every data row of a file in a known format. */
export function readRows(csv: CsvResult, format: ImportFormat, cols: Columns): ParsedRows {
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = csv.issues.map((i) => ({ line: i.line, message: i.message }));
  let unrated = 0;
  const width = csv.header.length;
  const needed = Math.max(
    ...Object.entries(cols)
      .filter(([k]) => REQUIRED[format].includes(k))
      .map(([, i]) => i),
  );
  for (const { line, fields } of csv.rows) {
    if (fields.length <= needed) {
      problems.push({
        line,
        message: `${fields.length} field${fields.length === 1 ? '' : 's'}, the header has ${width}`,
      });
      continue;
    }
    const get = (name: string) => {
      const i = cols[name];
      return i === undefined ? undefined : fields[i];
    };
    const rawRating = (get(format === 'imdb' ? 'your rating' : 'rating') ?? '').trim();
    if (format === 'letterboxd-diary' && rawRating === '') {
      unrated++;
      continue;
    }
    const value = rawRating === '' ? NaN : Number(rawRating);
    let rating: number;
    if (format === 'imdb') {
      if (!(Number.isInteger(value) && value >= 1 && value <= 10)) {
        problems.push({ line, message: `rating ${quote(rawRating)} is not a whole number from 1 to 10` });
        continue;
      }
      rating = value / 2;
    } else {
      if (!isHalf(value)) {
        problems.push({
          line,
          message: `rating ${quote(rawRating)} is not ${Number.isFinite(value) ? 'from 0.5 to 5 in half stars' : 'a number (0.5 to 5 in half stars)'}`,
        });
        continue;
      }
      rating = value;
    }
    if (format === 'imdb') {
      const raw = (get('const') ?? '').trim();
      const m = raw.match(/^tt(\d{1,10})$/i);
      if (!m) {
        problems.push({ line, message: `${quote(raw)} is not an IMDb id (tt followed by digits)` });
        continue;
      }
      const title = (get('title') ?? '').trim();
      const original = (get('original title') ?? '').trim();
      rows.push({
        line,
        rating,
        when: parseDate(get('date rated')),
        title: title || original,
        ...(original && title && original !== title ? { altTitle: original } : {}),
        year: parseYear(get('year')),
        imdbId: Number(m[1]),
      });
    } else if (format === 'movielens') {
      const movieId = Number((get('movieid') ?? '').trim());
      const rawUser = get('userid');
      const userId = rawUser === undefined ? 0 : Number(rawUser.trim());
      if (!(Number.isInteger(movieId) && movieId >= 0)) {
        problems.push({ line, message: `movieId ${quote(get('movieid') ?? '')} is not a whole number` });
        continue;
      }
      if (!(Number.isInteger(userId) && userId >= 0)) {
        problems.push({ line, message: `userId ${quote(rawUser ?? '')} is not a whole number` });
        continue;
      }
      const ts = Number((get('timestamp') ?? '').trim());
      rows.push({
        line,
        rating,
        when: (get('timestamp') ?? '').trim() !== '' && Number.isFinite(ts) ? ts * 1000 : NaN,
        title: '',
        year: null,
        movieId,
        userId,
      });
    } else {
      const title = (get('name') ?? '').trim();
      if (title === '') {
        problems.push({ line, message: 'no title (Name is empty)' });
        continue;
      }
      const when =
        format === 'letterboxd-diary'
          ? parseDate(get('watched date') || get('date'))
          : parseDate(get('date'));
      rows.push({ line, rating, when, title, year: parseYear(get('year')) });
    }
  }
  return { format, rows, problems, unrated };
}

const REQUIRED: Record<ImportFormat, string[]> = {
  imdb: ['const', 'your rating'],
  letterboxd: ['name', 'rating'],
  'letterboxd-diary': ['name', 'rating'],
  movielens: ['movieid', 'rating'],
};
