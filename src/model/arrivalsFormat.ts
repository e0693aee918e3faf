/**
 * public/model/arrivals.json, the "New arrivals" panel's movies: a few held-out movies (never in the
 * list model's training, issue 17), each with its first ratings in time order, every rating given
 * by a rater whose user state is stored (the shipped app method adapted to that rater's other
 * ratings, rounded to 4 significant digits: a transformation of MovieLens ratings, under the same
 * license as the model; the attribution is the manifest's). Plain TypeScript, no DOM and no
 * TensorFlow.js: the writer (src/train/arrivals.ts), the worker and the tests share it.
 */

export const ARRIVALS_FILE = 'arrivals.json';
/** The meta-learned warm-up the panel places movies with (itemWarmupFormat.ts; written by `npm run train`). */
export const WARMUP_FILE = 'itemWarmup.json';
export const ARRIVALS_FORMAT_VERSION = 1;
/** How many of a movie's first ratings are shipped (the panel's K runs from 0 to this). */
export const ARRIVAL_MAX_RATINGS = 20;

export interface ArrivalMovie {
  /** Catalog index (row of catalog.json) and MovieLens movieId; both must agree with the catalog. */
  index: number;
  movieId: number;
  title: string;
  /** Its first ratings in time order, 0.5 to 5. */
  ratings: number[];
  /** [ratings.length][dim]: the user state u of the rater of each rating. */
  raters: number[][];
}

export interface ArrivalsFile {
  formatVersion: typeof ARRIVALS_FORMAT_VERSION;
  createdAt: string;
  /** The model dimension d of the rater states (the manifest's dim). */
  dim: number;
  /** How the movies were chosen, in words (e.g. "the test movies of the held-out item split"). */
  source: string;
  movies: ArrivalMovie[];
}

/** A damaged or mismatched arrivals.json: the panel is disabled with this message. */
export class ArrivalsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArrivalsFormatError';
  }
}

const REBUILD = 'Rebuild it with `npm run arrivals`.';

function fail(what: string): never {
  throw new ArrivalsFormatError(`arrivals.json ${what}. ${REBUILD}`);
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Validates a parsed arrivals.json against the loaded model.
 * @param catalog the catalog's movieIds by index (to check that index and movieId agree).
 * @throws ArrivalsFormatError saying what is wrong.
 */
export function parseArrivals(json: unknown, dim: number, catalog: ArrayLike<number>): ArrivalsFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('is not a JSON object');
  const f = json as Partial<Record<keyof ArrivalsFile, unknown>>;
  if (f.formatVersion !== ARRIVALS_FORMAT_VERSION)
    fail(`has format version ${JSON.stringify(f.formatVersion)}, expected ${ARRIVALS_FORMAT_VERSION}`);
  if (f.dim !== dim) fail(`was written for a model of dimension ${String(f.dim)}, this model has ${dim}`);
  if (!Array.isArray(f.movies) || f.movies.length === 0) fail('has no movies');
  const movies = f.movies.map((m, j) => parseMovie(m, j, dim, catalog));
  return {
    formatVersion: ARRIVALS_FORMAT_VERSION,
    createdAt: typeof f.createdAt === 'string' ? f.createdAt : '',
    dim,
    source: typeof f.source === 'string' ? f.source : '',
    movies,
  };
}

function parseMovie(m: unknown, j: number, dim: number, catalog: ArrayLike<number>): ArrivalMovie {
  const at = `movie ${j + 1}`;
  if (typeof m !== 'object' || m === null) fail(`${at} is not an object`);
  const x = m as Partial<Record<keyof ArrivalMovie, unknown>>;
  if (!Number.isInteger(x.index) || (x.index as number) < 0 || (x.index as number) >= catalog.length)
    fail(`${at} has no catalog index of this model`);
  const index = x.index as number;
  if (x.movieId !== catalog[index])
    fail(
      `${at} says movieId ${String(x.movieId)} at catalog index ${index}, the catalog has ${String(catalog[index])}`,
    );
  if (typeof x.title !== 'string' || x.title === '') fail(`${at} has no title`);
  const ratings = x.ratings;
  if (!Array.isArray(ratings) || ratings.length > ARRIVAL_MAX_RATINGS)
    fail(`${at} needs a list of at most ${ARRIVAL_MAX_RATINGS} ratings`);
  if (!ratings.every((r) => isFiniteNumber(r) && r >= 0.5 && r <= 5))
    fail(`${at} has a rating outside 0.5 to 5`);
  const raters = x.raters;
  if (!Array.isArray(raters) || raters.length !== ratings.length)
    fail(`${at} needs one rater state per rating`);
  if (!raters.every((u) => Array.isArray(u) && u.length === dim && u.every(isFiniteNumber)))
    fail(`${at} has a rater state that is not ${dim} finite numbers`);
  return {
    index,
    movieId: x.movieId as number,
    title: x.title,
    ratings: ratings as number[],
    raters: raters as number[][],
  };
}

/** A number rounded to 4 significant digits (the shipped rater states). */
export function round4(x: number): number {
  return x === 0 || !Number.isFinite(x) ? 0 : Number(x.toPrecision(4));
}
