/**
 * The deployer's exclusions: movies a site never shows (in lists, onboarding or search), by
 * MovieLens movieId. public/exclude.json, `{ "movieIds": [...], "note": "..." }`, merged at build
 * time with the environment variable WARMSTART_EXCLUDE (`id,id,...`) into the built exclude.json
 * (vite.config.ts), which the worker reads at startup. Plain TypeScript, no DOM: the build, the
 * worker and the tests share it.
 */

export const EXCLUDE_FILE = 'exclude.json';
export const EXCLUDE_ENV = 'WARMSTART_EXCLUDE';

export interface Exclusions {
  movieIds: number[];
  note?: string;
}

const isId = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/**
 * Validates an exclude.json's parsed content.
 * @throws Error saying what is wrong (the worker warns and excludes nothing; the build stops).
 */
export function parseExclusions(json: unknown): Exclusions {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error('it must be a JSON object like { "movieIds": [7243, 1939], "note": "why" }');
  const { movieIds, note } = json as { movieIds?: unknown; note?: unknown };
  if (!Array.isArray(movieIds)) throw new Error('it has no "movieIds" array');
  const bad = movieIds.find((x) => !isId(x));
  if (bad !== undefined)
    throw new Error(`"movieIds" must hold MovieLens movieIds (whole numbers), found ${JSON.stringify(bad)}`);
  if (note !== undefined && typeof note !== 'string') throw new Error('"note" must be text');
  return { movieIds: [...new Set(movieIds as number[])], ...(note === undefined ? {} : { note }) };
}

/**
 * The movieIds of WARMSTART_EXCLUDE (`id,id,...`; spaces allowed; empty or unset: none).
 * @throws Error naming the entry that is not a movieId.
 */
export function parseExcludeEnv(value: string | undefined): number[] {
  const parts = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.map((p) => {
    if (!/^\d+$/.test(p))
      throw new Error(`${EXCLUDE_ENV} holds "${p}", not a movieId: give comma-separated MovieLens movieIds`);
    return Number(p);
  });
}

/** The file's exclusions plus the environment's, each id once (the file's order first). */
export function mergeExclusions(file: Exclusions, extra: readonly number[]): Exclusions {
  const movieIds = [...new Set([...file.movieIds, ...extra])];
  return { ...file, movieIds };
}

/** Catalog indices of the excluded movieIds the catalog has (unknown ids are ignored), ascending. */
export function excludedIndices(movieIds: ArrayLike<number>, excluded: readonly number[]): Int32Array {
  const wanted = new Set(excluded);
  const out: number[] = [];
  for (let i = 0; i < movieIds.length; i++) if (wanted.has(movieIds[i] ?? -1)) out.push(i);
  return Int32Array.from(out);
}
