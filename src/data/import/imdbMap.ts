/**
 * The compact IMDb -> MovieLens mapping the import needs (public/model/imdb.json): two parallel
 * arrays, MovieLens movieIds ascending and their IMDb numeric ids (links.csv's imdbId, "0114709" ->
 * 114709). Derived from links.csv by `npm run links` and by `npm run train` whenever it writes a
 * model folder. Pure: the build side (scripts) and the reading side (the import worker) share it.
 */
import type { Link } from '../types';

export const IMDB_FILE = 'imdb.json';
export const IMDB_FORMAT = 'warmstart-imdb';

export interface ImdbMapFile {
  format: typeof IMDB_FORMAT;
  version: 1;
  source: string;
  movieIds: number[];
  imdbIds: number[];
}

/** The mapping for the catalog's movies (links of other movies are left out). */
export function buildImdbMap(catalogMovieIds: Iterable<number>, links: readonly Link[]): ImdbMapFile {
  const inCatalog = new Set(catalogMovieIds);
  const pairs: [number, number][] = [];
  for (const l of links) {
    const imdb = Number(l.imdbId);
    if (inCatalog.has(l.movieId) && /^\d+$/.test(l.imdbId) && imdb > 0) pairs.push([l.movieId, imdb]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return {
    format: IMDB_FORMAT,
    version: 1,
    source: 'MovieLens links.csv (GroupLens Research), imdbId column',
    movieIds: pairs.map((p) => p[0]),
    imdbIds: pairs.map((p) => p[1]),
  };
}

/** A parsed imdb.json -> imdbId -> movieId, or a reason it cannot be used. */
export function readImdbMap(value: unknown): Map<number, number> | string {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Partial<ImdbMapFile>;
  if (v.format !== IMDB_FORMAT || v.version !== 1) return `not a ${IMDB_FORMAT} version 1 file`;
  const { movieIds, imdbIds } = v;
  if (!Array.isArray(movieIds) || !Array.isArray(imdbIds) || movieIds.length !== imdbIds.length)
    return 'movieIds and imdbIds must be lists of the same length';
  const out = new Map<number, number>();
  for (let i = 0; i < movieIds.length; i++) {
    const m = movieIds[i];
    const t = imdbIds[i];
    if (!Number.isInteger(m) || !Number.isInteger(t)) return `entry ${i} is not a pair of whole numbers`;
    out.set(t as number, m as number);
  }
  return out;
}
