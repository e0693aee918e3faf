/**
 * What survives a reload: the visitor's ratings (by movieId, so a retrained model keeps them),
 * skipped movies and settings. Versioned and validated on read; anything that does not validate is
 * discarded with a notice. Plain functions over a Storage, so tests can pass a fake one.
 */
import { BACKENDS, type BackendName } from '../worker/protocol';

export const STORAGE_KEY = 'warmstart:v1';
export const STORAGE_VERSION = 1;

export interface RatedMovie {
  movieId: number;
  /** 0.5 to 5 in half stars. */
  rating: number;
}

export interface Settings {
  /** 'auto' picks the first backend that works. */
  backend: BackendName | 'auto';
}

export interface Persisted {
  version: typeof STORAGE_VERSION;
  ratings: RatedMovie[];
  skipped: number[];
  settings: Settings;
}

export const defaultSettings = (): Settings => ({ backend: 'auto' });

export const isHalfStar = (r: unknown): r is number =>
  typeof r === 'number' && Number.isFinite(r) && r >= 0.5 && r <= 5 && Math.round(r * 2) === r * 2;
const isMovieId = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** Validate a parsed value; returns null when it is not a valid version-1 state. */
export function validatePersisted(value: unknown): Persisted | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.version !== STORAGE_VERSION || !Array.isArray(v.ratings) || !Array.isArray(v.skipped)) return null;
  const ratings: RatedMovie[] = [];
  const seen = new Set<number>();
  for (const r of v.ratings) {
    if (typeof r !== 'object' || r === null) return null;
    const { movieId, rating } = r as Record<string, unknown>;
    if (!isMovieId(movieId) || !isHalfStar(rating) || seen.has(movieId)) return null;
    seen.add(movieId);
    ratings.push({ movieId, rating });
  }
  if (!v.skipped.every(isMovieId)) return null;
  const s = v.settings as Record<string, unknown> | undefined;
  const backend = s?.backend;
  if (
    typeof s !== 'object' ||
    s === null ||
    !(backend === 'auto' || BACKENDS.includes(backend as BackendName))
  )
    return null;
  return {
    version: STORAGE_VERSION,
    ratings,
    skipped: (v.skipped as number[]).slice(),
    settings: { backend: backend as Settings['backend'] },
  };
}

export interface Loaded {
  state: Persisted | null;
  /** Set when a stored value existed but was unreadable and has been discarded. */
  notice: string | null;
}

export function loadPersisted(storage: Pick<Storage, 'getItem' | 'removeItem'> | null): Loaded {
  if (!storage) return { state: null, notice: null };
  let raw: string | null;
  try {
    raw = storage.getItem(STORAGE_KEY);
  } catch {
    return {
      state: null,
      notice: 'This browser blocks local storage: your ratings will not be kept after a reload.',
    };
  }
  if (raw === null) return { state: null, notice: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const state = validatePersisted(parsed);
  if (state) return { state, notice: null };
  try {
    storage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing more to do: the value is ignored either way.
  }
  return {
    state: null,
    notice:
      'Your saved ratings could not be read (they were damaged or from another version) and were cleared. Start rating again.',
  };
}

export function savePersisted(
  storage: Pick<Storage, 'setItem'> | null,
  state: Omit<Persisted, 'version'>,
): void {
  if (!storage) return;
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify({ version: STORAGE_VERSION, ...state }));
  } catch {
    // Quota or privacy mode: the app works without persistence.
  }
}

export function clearPersisted(storage: Pick<Storage, 'removeItem'> | null): void {
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    // As above.
  }
}
