/**
 * What survives a reload: the visitor's ratings (by movieId, so a retrained model keeps them),
 * skipped movies, settings, and (since version 2) the inner-loop settings, elicitation strategy,
 * seed and compared methods. Versioned and validated on read: an older version is migrated; a
 * value that is damaged or from a newer version is set aside under `warmstart:corrupt:<time>`
 * (never silently deleted) so the visitor can still download it, and whatever can be read from it
 * is kept. Plain functions over a Storage, so tests can pass a fake one.
 */
import { BACKENDS, type BackendName } from '../worker/protocol';
import {
  defaultShared,
  FILE_FORMAT,
  fromFile,
  isHalfStar,
  type RatedMovie,
  type SharedState,
} from './shareState';

export { isHalfStar, type RatedMovie };

/** Version 2 on: one key, the version inside the value. */
export const STORAGE_KEY = 'warmstart:state';
/** Version 1 kept its version in the key. */
export const STORAGE_KEY_V1 = 'warmstart:v1';
export const STORAGE_VERSION = 2;
/** Values that could not be read are moved here, one key each: `warmstart:corrupt:<ISO time>`. */
export const CORRUPT_PREFIX = 'warmstart:corrupt:';

/** The colour theme: 'system' follows the browser's prefers-color-scheme. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEMES)[number];

export interface Settings {
  /** 'auto' picks the first backend that works. */
  backend: BackendName | 'auto';
  /**
   * Added within version 2 rather than as version 3: optional on read (absent means 'system'), so
   * values saved before it load unchanged, and a page of the previous release (say, an offline copy)
   * still reads what this one writes instead of setting it aside as "from a newer version".
   */
  theme: ThemeChoice;
}

/** The teaching settings that persist (the shareable state without ratings and skips). */
export type TeachSettings = Omit<SharedState, 'ratings' | 'skipped'>;

export interface Persisted {
  version: typeof STORAGE_VERSION;
  ratings: RatedMovie[];
  skipped: number[];
  settings: Settings;
  teach: TeachSettings;
}

/** Version 1 (before the teaching settings were kept): what the migration reads. */
export interface PersistedV1 {
  version: 1;
  ratings: RatedMovie[];
  skipped: number[];
  settings: Pick<Settings, 'backend'> & Partial<Settings>;
}

export const defaultSettings = (): Settings => ({ backend: 'auto', theme: 'system' });

export function defaultTeachSettings(): TeachSettings {
  const { ratings: _r, skipped: _s, ...teach } = defaultShared();
  return teach;
}

const isMovieId = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** v1 -> v2: version 1 had no teaching settings (nor a theme); they start at their defaults. */
export function migrateV1(v1: PersistedV1): Persisted {
  return {
    ...v1,
    version: 2,
    settings: { ...defaultSettings(), ...v1.settings },
    teach: defaultTeachSettings(),
  };
}

/**
 * Read a parsed value of any known version, keeping every part that validates. `dropped` counts
 * the parts that did not (a rating off the half-star grid, an unknown backend, ...); null when
 * nothing can be read (not an object, no rating list, an unknown version).
 */
export function readPersisted(value: unknown): { state: Persisted; dropped: number; from: number } | null {
  if (!isObject(value) || !Array.isArray(value.ratings)) return null;
  const version = value.version;
  if (version !== 1 && version !== STORAGE_VERSION) return null;
  let dropped = 0;
  const ratings: RatedMovie[] = [];
  const seen = new Set<number>();
  for (const r of value.ratings) {
    const { movieId, rating } = isObject(r) ? r : {};
    if (!isMovieId(movieId) || !isHalfStar(rating) || seen.has(movieId)) {
      dropped++;
      continue;
    }
    seen.add(movieId);
    ratings.push({ movieId, rating });
  }
  const skippedIn = Array.isArray(value.skipped) ? value.skipped : [];
  if (!Array.isArray(value.skipped)) dropped++;
  const skipped = skippedIn.filter(isMovieId);
  dropped += skippedIn.length - skipped.length;
  const settings = readSettings(value.settings);
  dropped += settings.dropped;
  const read = { ratings, skipped, settings: settings.settings };
  if (version === 1) return { state: migrateV1({ version: 1, ...read }), dropped, from: 1 };
  const teach = readTeach(value.teach);
  if (!teach) dropped++;
  return { state: { ...read, version: 2, teach: teach ?? defaultTeachSettings() }, dropped, from: 2 };
}

/** The settings of any version: each field that does not validate counts as dropped. */
function readSettings(value: unknown): { settings: Settings; dropped: number } {
  const out = defaultSettings();
  let dropped = 0;
  const { backend, theme } = isObject(value) ? value : {};
  if (backend === 'auto' || BACKENDS.includes(backend as BackendName))
    out.backend = backend as Settings['backend'];
  else dropped++;
  // Absent: saved before the theme existed (version 1, or version 2 before it was added).
  if (THEMES.includes(theme as ThemeChoice)) out.theme = theme as ThemeChoice;
  else if (theme !== undefined) dropped++;
  return { settings: out, dropped };
}

function readTeach(value: unknown): TeachSettings | null {
  if (!isObject(value)) return null;
  const shared = fromFile({ ...value, format: FILE_FORMAT, version: 1, ratings: [], skipped: [] });
  if (typeof shared === 'string') return null;
  const { ratings: _r, skipped: _s, ...teach } = shared;
  return teach;
}

/** Only what a version-2 value may hold (for tests and the migration's round trip). */
export function validatePersisted(value: unknown): Persisted | null {
  const read = readPersisted(value);
  return read && read.dropped === 0 && read.from === STORAGE_VERSION ? read.state : null;
}

export interface SetAside {
  /** Where the copy is kept, or null when storage refused it (it is then only in `raw`). */
  key: string | null;
  raw: string;
  /** A file name for downloading it. */
  filename: string;
}

export interface Loaded {
  state: Persisted | null;
  /** Set when a stored value existed but could not be read in full. */
  notice: string | null;
  /** The unreadable original, set aside (offered for download from the notice and Settings). */
  setAside: SetAside | null;
}

type ReadStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function loadPersisted(storage: ReadStorage | null, now: () => Date = () => new Date()): Loaded {
  const none: Loaded = { state: null, notice: null, setAside: null };
  if (!storage) return none;
  let raw: string | null;
  let key = STORAGE_KEY;
  try {
    raw = storage.getItem(STORAGE_KEY);
    if (raw === null) {
      key = STORAGE_KEY_V1;
      raw = storage.getItem(STORAGE_KEY_V1);
    }
  } catch {
    return {
      ...none,
      notice: 'This browser blocks local storage: your ratings will not be kept after a reload.',
    };
  }
  if (raw === null) return none;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const read = readPersisted(parsed);
  if (read && read.dropped === 0) {
    // An older version: write it back in the current one (the old key goes only once that worked).
    if (read.from !== STORAGE_VERSION || key !== STORAGE_KEY) {
      if (savePersisted(storage, read.state) && key !== STORAGE_KEY) remove(storage, key);
    }
    return { state: read.state, notice: null, setAside: null };
  }
  const setAside = setAsideValue(storage, raw, now());
  // The original goes only once its copy is safe; the state read from it (if any) replaces it.
  if (setAside.key) remove(storage, key);
  if (read) savePersisted(storage, read.state);
  const where = setAside.key
    ? 'The original was set aside in this browser: download it from this notice or from Settings.'
    : 'This browser would not keep a copy (storage is full): download the original from this notice now.';
  const kept = read?.state.ratings.length ?? 0;
  return {
    state: read?.state ?? null,
    setAside,
    notice: read
      ? `Part of your saved data could not be read (${read.dropped} ${read.dropped === 1 ? 'entry was' : 'entries were'} damaged); the rest, ${kept} rating${kept === 1 ? '' : 's'}, is restored. ${where}`
      : `Your saved ratings could not be read (they are damaged, or from a newer version of the app), so the app starts without them. ${where}`,
  };
}

function setAsideValue(storage: Pick<Storage, 'setItem'>, raw: string, at: Date): SetAside {
  const stamp = at.toISOString();
  const filename = `warmstart-saved-data-${stamp.replace(/[:.]/g, '-')}.txt`;
  const key = `${CORRUPT_PREFIX}${stamp}`;
  try {
    storage.setItem(key, raw);
    return { key, raw, filename };
  } catch {
    return { key: null, raw, filename };
  }
}

/** The set-aside copies in a storage, oldest first. */
export function listSetAside(storage: Pick<Storage, 'length' | 'key'> | null): string[] {
  const out: string[] = [];
  if (!storage) return out;
  try {
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i);
      if (k?.startsWith(CORRUPT_PREFIX)) out.push(k);
    }
  } catch {
    return out;
  }
  return out.sort();
}

/** A download file name for a set-aside key. */
export const setAsideFilename = (key: string): string =>
  `warmstart-saved-data-${key.slice(CORRUPT_PREFIX.length).replace(/[:.]/g, '-')}.txt`;

export function savePersisted(
  storage: Pick<Storage, 'setItem'> | null,
  state: Omit<Persisted, 'version'>,
): boolean {
  if (!storage) return false;
  try {
    const { ratings, skipped, settings, teach } = state;
    storage.setItem(
      STORAGE_KEY,
      JSON.stringify({ version: STORAGE_VERSION, ratings, skipped, settings, teach }),
    );
    return true;
  } catch {
    // Quota or privacy mode: the app works without persistence.
    return false;
  }
}

/** Whether there is nothing worth keeping (then the stored value is cleared instead). */
export function isDefaultState(state: Omit<Persisted, 'version'>): boolean {
  const d = defaultTeachSettings();
  const t = state.teach;
  return (
    state.ratings.length === 0 &&
    state.skipped.length === 0 &&
    state.settings.backend === 'auto' &&
    state.settings.theme === 'system' &&
    t.inner.lr === d.inner.lr &&
    t.inner.steps === d.inner.steps &&
    t.inner.adaptBias === d.inner.adaptBias &&
    t.strategy === d.strategy &&
    t.seed === d.seed &&
    t.methods.join() === d.methods.join()
  );
}

export function clearPersisted(storage: Pick<Storage, 'removeItem'> | null): void {
  if (!storage) return;
  remove(storage, STORAGE_KEY);
  remove(storage, STORAGE_KEY_V1);
}

function remove(storage: Pick<Storage, 'removeItem'>, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // Nothing more to do: the value is ignored either way.
  }
}

/** This page's localStorage, or null where the browser blocks it. */
export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
