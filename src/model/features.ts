/**
 * Content features of a movie: what the model knows about an item that nobody has rated yet.
 * Pure: used by training (Node), the worker (browser) and the tests alike.
 */
import { GENRES, type Movie } from '../data/types';

/** Genres (20, L2-normalized so multi-genre movies do not weigh more), year (3), constant (1). */
export const NUM_CONTENT_FEATURES = GENRES.length + 4;

const genreIndex = new Map<string, number>(GENRES.map((g, i) => [g, i]));

/**
 * Feature matrix of the catalog, row-major [movies.length, NUM_CONTENT_FEATURES]:
 * normalized genre indicators, (year - 1995) / 20 clipped to [-3, 2], its square, a missing-year
 * flag and a constant 1 (so the content part also carries a learned per-catalog offset).
 */
export function contentFeatures(movies: readonly Movie[]): Float32Array {
  const f = NUM_CONTENT_FEATURES;
  const out = new Float32Array(movies.length * f);
  movies.forEach((movie, row) => {
    const base = row * f;
    const known = movie.genres.map((g) => genreIndex.get(g)).filter((i): i is number => i !== undefined);
    const indices = known.length > 0 ? known : [GENRES.length - 1];
    const w = 1 / Math.sqrt(indices.length);
    for (const i of indices) out[base + i] = w;
    if (movie.year === null) {
      out[base + GENRES.length + 2] = 1;
    } else {
      const y = Math.min(2, Math.max(-3, (movie.year - 1995) / 20));
      out[base + GENRES.length] = y;
      out[base + GENRES.length + 1] = y * y;
    }
    out[base + GENRES.length + 3] = 1;
  });
  return out;
}
