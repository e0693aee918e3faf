/**
 * The service worker: the app keeps working offline after its first visit. Built by vite.config.ts
 * (offlineCopy) into sw.js beside index.html, with this build's file list written into BUILD. Hand
 * written and small on purpose: three caches (this build's shell, the model version in use, and a
 * pointer to it) and four ways to answer a request (modelCache.ts, routeOf). It fetches only from
 * its own scope on its own origin, so the page's Content-Security-Policy (connect-src 'self',
 * worker-src 'self') holds for it as it is. Imports only modelCache.ts: one self-contained script.
 *
 * The model is replaced as a whole: the page asks for a check once its model has loaded; the
 * service worker fetches manifest.json past every cache, and if it names another version, downloads
 * every model file into a new cache, checks the manifest again, and only then points to the new
 * cache and deletes the old one. A page that started loading a version keeps being served that
 * version (pinned by client) even if the switch happens meanwhile.
 */
import {
  CACHE_PREFIX,
  CURRENT_MODEL_KEY,
  META_CACHE,
  modelCacheName,
  modelFilesOf,
  routeOf,
  SHELL_CACHE_PREFIX,
  staleModelCaches,
  staleShellCaches,
} from './modelCache';
import type { OfflineMessage, OfflineStatus } from './messages';

const sw = self as unknown as ServiceWorkerGlobalScope;

/** This build: the shell files (relative to the scope) and a hash of their content. */
const BUILD = JSON.parse('__WARMSTART_BUILD__') as { version: string; files: string[] };
const SHELL_CACHE = `${SHELL_CACHE_PREFIX}${BUILD.version}`;
const scope = () => sw.registration.scope;
const modelUrl = (file: string) => new URL(`model/${file}`, scope()).href;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      // 'reload': past the HTTP cache, so the shell is this build's files, not an older copy.
      .then((c) => c.addAll(BUILD.files.map((f) => new Request(new URL(f, scope()), { cache: 'reload' })))),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of staleShellCaches(await caches.keys(), SHELL_CACHE)) await caches.delete(name);
      // The first visit's page (and the workers it starts from now on) is served from here too.
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  const route = routeOf(req, scope());
  if (route === 'pass') return;
  event.respondWith(answer(route, req, event.clientId));
});

// ignoreVary: the server sends Vary: Origin, and a module script's request carries an Origin that
// the saved copy's (made by this service worker) did not.
async function answer(route: ReturnType<typeof routeOf>, req: Request, clientId: string): Promise<Response> {
  const shell = () => caches.open(SHELL_CACHE);
  switch (route) {
    case 'model': {
      const name = await modelFor(clientId);
      const hit = name
        ? await (await caches.open(name)).match(req, { ignoreSearch: true, ignoreVary: true })
        : undefined;
      return hit ?? fetch(req);
    }
    case 'asset':
      return (await (await shell()).match(req, { ignoreSearch: true, ignoreVary: true })) ?? fetch(req);
    case 'page':
      try {
        return await fetch(req);
      } catch (e) {
        const saved = await (await shell()).match(new URL('index.html', scope()).href, { ignoreVary: true });
        if (saved) return saved;
        throw e;
      }
    default:
      try {
        return await fetch(req);
      } catch (e) {
        const saved = await (await shell()).match(req, { ignoreSearch: true, ignoreVary: true });
        if (saved) return saved;
        throw e;
      }
  }
}

/** The model cache each client (a page, a worker) was first served from: one version per load. */
const pinned = new Map<string, string>();

async function modelFor(clientId: string): Promise<string | null> {
  const had = clientId ? pinned.get(clientId) : undefined;
  if (had && (await caches.has(had))) return had;
  const name = await currentModel();
  if (clientId && name) {
    if (pinned.size > 64) pinned.clear();
    pinned.set(clientId, name);
  }
  return name;
}

async function currentModel(): Promise<string | null> {
  const hit = await (await caches.open(META_CACHE)).match(CURRENT_MODEL_KEY);
  return hit ? hit.text() : null;
}

/** Fetched past the browser's HTTP cache (a stale catalog must not join a new manifest). */
async function fresh(file: string): Promise<Response> {
  const res = await fetch(modelUrl(file), { cache: 'no-store' });
  if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
  return res;
}

let refreshing: Promise<OfflineStatus> | null = null;

/** Make sure the model version the server has is the one saved; see the file's comment. */
function refreshModel(): Promise<OfflineStatus> {
  refreshing ??= download().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function download(): Promise<OfflineStatus> {
  const current = await currentModel();
  let manifest: Response;
  try {
    manifest = await fresh('manifest.json');
  } catch (e) {
    // Offline (or the server is down): what is saved stays in use.
    return current
      ? { state: 'saved', cache: current, replaced: null }
      : { state: 'error', message: (e as Error).message };
  }
  const text = await manifest.clone().text();
  let name: string | null;
  try {
    name = modelCacheName(JSON.parse(text));
  } catch {
    name = null;
  }
  if (!name) return { state: 'error', message: 'manifest.json names no model version' };
  if (name === current && (await caches.has(name))) return { state: 'saved', cache: name, replaced: null };

  try {
    const cache = await caches.open(name);
    const weights = await fresh('weights.json');
    const files = modelFilesOf(await weights.clone().json());
    await cache.put(modelUrl('manifest.json'), manifest);
    await cache.put(modelUrl('weights.json'), weights);
    await Promise.all(
      files
        .filter((f) => f !== 'manifest.json' && f !== 'weights.json')
        .map(async (f) => cache.put(modelUrl(f), await fresh(f))),
    );
    // A deploy between the first request and the last would mix two versions: check it did not.
    const again = modelCacheName(await (await fresh('manifest.json')).json());
    if (again !== name) throw new Error('the model changed on the server while it was being saved');
  } catch (e) {
    await caches.delete(name);
    return { state: 'error', message: (e as Error).message };
  }
  // The switch: one write. Until it, every request is answered from the old version.
  await (await caches.open(META_CACHE)).put(CURRENT_MODEL_KEY, new Response(name));
  for (const stale of staleModelCaches(await caches.keys(), name)) await caches.delete(stale);
  return { state: 'saved', cache: name, replaced: current };
}

/** Everything this app saved, then the service worker itself: the next visit uses the network. */
async function forget(): Promise<void> {
  for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX)) await caches.delete(name);
  pinned.clear();
  await sw.registration.unregister();
}

sw.addEventListener('message', (event) => {
  const msg = event.data as OfflineMessage;
  const reply = (status: OfflineStatus) => event.source?.postMessage(status);
  if (msg?.type === 'check-model') event.waitUntil(refreshModel().then(reply));
  else if (msg?.type === 'forget') event.waitUntil(forget().then(() => reply({ state: 'forgotten' })));
});
