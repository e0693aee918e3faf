/**
 * Offline after the first visit (src/offline): the service worker saves the app and the model once
 * a model has loaded; the page then reloads and adapts with the network off, on the project's own
 * backend (each backend loads other files: the wasm binaries, the WebGPU chunk). A new model
 * version replaces the saved one as a whole, and a download that fails keeps the old one.
 */
import type { Page, Route } from '@playwright/test';
import { expect, test } from './fixtures';
import type { AppPage } from './pages/AppPage';

/** The saved model version (html[data-offline-model]) once the service worker says it is saved. */
async function savedModel(app: AppPage): Promise<string> {
  const html = app.html;
  await expect(html).toHaveAttribute('data-offline', /saved|error/);
  expect(await html.getAttribute('data-offline-message')).toBeNull();
  await expect(html).toHaveAttribute('data-offline', 'saved');
  return (await html.getAttribute('data-offline-model')) ?? '';
}

/** This app's caches, and what the saved model files in one of them say. */
async function caches(page: Page, model?: string) {
  return page.evaluate(async (name) => {
    const keys = (await self.caches.keys()).filter((k) => k.startsWith('warmstart-')).sort();
    if (!name) return { keys, createdAt: null, firstTitle: null, files: [] as string[] };
    const cache = await self.caches.open(name);
    const files = (await cache.keys()).map((r) => new URL(r.url).pathname.replace(/^.*\/model\//, '')).sort();
    const manifest = (await (
      await cache.match(new URL('model/manifest.json', location.href).href)
    )?.json()) as {
      createdAt: string;
    };
    const catalog = (await (
      await cache.match(new URL('model/catalog.json', location.href).href)
    )?.json()) as {
      movies: [number, string][];
    };
    return { keys, createdAt: manifest.createdAt, firstTitle: catalog.movies[0]?.[1] ?? null, files };
  }, model);
}

test('after a first visit the page reloads and adapts with the network off', async ({
  page,
  context,
  app,
  deck,
  list,
  rated,
}) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await app.open();
  await app.waitReady();
  const model = await savedModel(app);
  expect(model).toMatch(/^warmstart-model-/);
  // Registered under the strict policy (worker-src 'self'), and it controls the page.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const backend = await app.badge.getAttribute('data-backend');

  await context.setOffline(true);
  const fromNetwork: string[] = [];
  // The service worker's own requests fail (it tries the network first for the page, exclude.json
  // and the reports, and checks for a new model): what the page and its workers asked for may not.
  context.on('requestfailed', (r) => {
    if (!r.serviceWorker()) fromNetwork.push(r.url());
  });
  await page.reload();
  await app.waitReady();
  await expect(app.badge).toHaveAttribute('data-backend', backend ?? /\w+/);
  await expect(list.recommendations).toHaveCount(20);
  const after = await app.adapt(1, () => deck.rate(5));
  expect(after.steps).toBeGreaterThanOrEqual(0);
  await expect(rated.rows).toHaveCount(1);
  // Nothing the app needed was missing: every request was answered from the saved copy.
  expect(fromNetwork).toEqual([]);
  expect(await savedModel(app)).toBe(model);
  expect(problems.filter((p) => !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED/.test(p))).toEqual(
    [],
  );
});

test(
  'a new model version replaces the saved one as a whole; a failed download keeps the old one',
  { tag: '@app' },
  async ({ page, context, app, list, settings }) => {
    // The server's model version: 1 is the shipped one; 2 a retrained model (new createdAt, every
    // title marked); 3 a newer one whose catalog.json fails to download.
    let version = 1;
    const v = (n: number) => `2030-01-0${n}T00:00:00.000Z`;
    await context.route('**/model/manifest.json', async (route: Route) => {
      const res = await route.fetch();
      if (version === 1) return route.fulfill({ response: res });
      const manifest = (await res.json()) as Record<string, unknown>;
      await route.fulfill({ response: res, json: { ...manifest, createdAt: v(version) } });
    });
    await context.route('**/model/catalog.json', async (route: Route) => {
      if (version === 3) return route.fulfill({ status: 503, body: 'busy' });
      const res = await route.fetch();
      if (version === 1) return route.fulfill({ response: res });
      const catalog = (await res.json()) as { movies: [number, string, ...unknown[]][] };
      for (const m of catalog.movies) m[1] = `${m[1]} [v2]`;
      await route.fulfill({ response: res, json: catalog });
    });

    await app.open();
    await app.waitReady();
    const first = await savedModel(app);
    const saved1 = await caches(page, first);
    expect(saved1.keys.filter((k) => k.startsWith('warmstart-model-'))).toEqual([first]);
    expect(saved1.files).toEqual(
      [
        'arrivals.json',
        'catalog.json',
        'imdb.json',
        'itemWarmup.json',
        'manifest.json',
        'split.json',
        'weights.bin',
        'weights.json',
      ].sort(),
    );
    expect(saved1.firstTitle).not.toContain('[v2]');

    // Version 2 on the server: the reload is served the saved version 1 whole, then version 2 is saved.
    version = 2;
    await page.reload();
    await app.waitReady();
    await expect(list.first).not.toContainText('[v2]');
    await expect(app.html).not.toHaveAttribute('data-offline-model', first);
    const second = await savedModel(app);
    const saved2 = await caches(page, second);
    expect(saved2.keys).not.toContain(first);
    expect(saved2.keys.filter((k) => k.startsWith('warmstart-model-'))).toEqual([second]);
    expect(saved2.createdAt).toBe(v(2));
    expect(saved2.firstTitle).toContain('[v2]');
    expect(saved2.files).toEqual(saved1.files);

    // Offline, the page loads version 2: its manifest and its catalog together.
    await context.setOffline(true);
    await page.reload();
    await app.waitReady();
    await expect(list.first).toContainText('[v2]');
    await context.setOffline(false);

    // Version 3 cannot be downloaded whole: version 2 stays, and no part of 3 is kept.
    version = 3;
    await page.reload();
    await app.waitReady();
    await expect(app.html).toHaveAttribute('data-offline', 'error');
    const saved3 = await caches(page, second);
    expect(saved3.keys.filter((k) => k.startsWith('warmstart-model-'))).toEqual([second]);
    expect(saved3.createdAt).toBe(v(2));
    await expect(list.first).toContainText('[v2]');

    // Settings, "Forget offline copy": nothing saved is left, and no service worker.
    await settings.open();
    await settings.forgetOfflineCopy.click();
    await expect(settings.offlineCopy).toHaveAttribute('data-state', 'forgotten');
    expect((await caches(page)).keys).toEqual([]);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(
      0,
    );
  },
);
