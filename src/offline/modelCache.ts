/**
 * What the service worker (sw.ts) decides about the model, as plain functions it and the unit tests
 * share: which cache a model version lives in, which files make a version, and how a request is
 * served. No DOM, no `self`, no TensorFlow.js: imported by the service worker only (the page never
 * needs it), so it never lands in a chunk the service worker would have to import.
 */

/** Every cache this app owns starts with this; anything else on the origin is left alone. */
export const CACHE_PREFIX = 'warmstart-';
/** One cache per model version: `warmstart-model-<key>`. */
export const MODEL_CACHE_PREFIX = `${CACHE_PREFIX}model-`;
/** One cache per build of the app shell: `warmstart-shell-<build hash>`. */
export const SHELL_CACHE_PREFIX = `${CACHE_PREFIX}shell-`;
/** Holds one entry, CURRENT_MODEL_KEY, whose body is the name of the model cache in use. */
export const META_CACHE = `${CACHE_PREFIX}meta`;
export const CURRENT_MODEL_KEY = 'current-model';

/**
 * The model folder's files beside weights.json's shards (which weights.json names): everything the
 * page, the adaptation worker and the import worker read from model/.
 */
export const MODEL_FILES = [
  'manifest.json',
  'weights.json',
  'catalog.json',
  'split.json',
  'imdb.json',
  'arrivals.json',
  'itemWarmup.json',
];

/**
 * The cache name of the model version a manifest describes: its data checksum, creation time and
 * git commit (each written by `npm run train`), so a retrained model (same data, new weights) and a
 * model on new data both get a new cache. null when the manifest names none of them (not a model
 * manifest: nothing is cached for it).
 */
export function modelCacheName(manifest: unknown): string | null {
  if (typeof manifest !== 'object' || manifest === null) return null;
  const m = manifest as { createdAt?: unknown; gitCommit?: unknown; data?: { checksum?: unknown } };
  const parts = [m.data?.checksum, m.createdAt, m.gitCommit].map((v) =>
    typeof v === 'string' || typeof v === 'number' ? String(v) : '',
  );
  if (parts.every((p) => p === '')) return null;
  return `${MODEL_CACHE_PREFIX}${fnv1a(parts.join('|'))}-${(parts[0] ?? '').slice(0, 12) || 'nochecksum'}`;
}

/** The files of one model version: MODEL_FILES and the shards weights.json lists, deduplicated. */
export function modelFilesOf(weightsManifest: unknown): string[] {
  if (!Array.isArray(weightsManifest)) throw new Error('weights.json is not a list of weight groups');
  const shards = weightsManifest.flatMap((g: unknown) => {
    const paths = (g as { paths?: unknown } | null)?.paths;
    if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string'))
      throw new Error('weights.json names its shards in "paths"');
    return paths as string[];
  });
  for (const p of shards)
    if (p.includes('/') || p.includes('\\') || p.startsWith('.'))
      throw new Error(`weights.json names a shard outside the model folder: ${p}`);
  return [...new Set([...MODEL_FILES, ...shards])];
}

/** Model caches to delete once `keep` is in use: every other model cache. */
export function staleModelCaches(names: readonly string[], keep: string): string[] {
  return names.filter((n) => n.startsWith(MODEL_CACHE_PREFIX) && n !== keep);
}

/** Shell caches to delete once `keep` (this build's) is installed. */
export function staleShellCaches(names: readonly string[], keep: string): string[] {
  return names.filter((n) => n.startsWith(SHELL_CACHE_PREFIX) && n !== keep);
}

/**
 * How the service worker answers a request, by its path relative to the app's scope:
 * 'model', from the model version in use (one consistent set) or the network when none is saved;
 * 'asset', a content-hashed build file: the saved copy, else the network; 'page', the network,
 * else the saved index.html; 'fresh', the network, else the saved copy (exclude.json, the
 * evaluation reports: a deployer's change shows at the next visit); 'pass', not ours to answer.
 */
export type Route = 'model' | 'asset' | 'page' | 'fresh' | 'pass';

/** Data fetched only on demand (the training panel's pack): never precached, never cached. */
export const ON_DEMAND_FOLDER = 'metatrain/';

/**
 * Whether a built file (relative to the build folder) belongs in the shell cache the service
 * worker fills on install: not itself, not the model (cached by version), not source maps, not the
 * on-demand data.
 */
export function isShellFile(f: string): boolean {
  return f !== 'sw.js' && !f.startsWith('model/') && !f.startsWith(ON_DEMAND_FOLDER) && !f.endsWith('.map');
}

export function routeOf(req: { method: string; mode: string; url: string }, scope: string): Route {
  if (req.method !== 'GET') return 'pass';
  const url = new URL(req.url);
  const base = new URL(scope);
  // Only this origin, inside the app's folder: the service worker never fetches anything else.
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return 'pass';
  const rel = url.pathname.slice(base.pathname.length);
  if (req.mode === 'navigate') return 'page';
  if (rel === 'sw.js') return 'pass';
  if (rel.startsWith('model/')) return 'model';
  // The training panel's data loads only when the panel opens, always from the network.
  if (rel.startsWith(ON_DEMAND_FOLDER)) return 'pass';
  if (rel.startsWith('assets/')) return 'asset';
  return 'fresh';
}

/** 32-bit FNV-1a as 8 hex digits: a short, stable cache-name suffix (not a security hash). */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
