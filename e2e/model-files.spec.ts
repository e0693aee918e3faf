/**
 * Model files that are missing, damaged, mismatched or never arrive, injected with context.route:
 * each time a plain-language error that names the file and what is wrong, what to try, and a Retry
 * that really loads again. Never a blank page or an endless spinner.
 */
import type { BrowserContext, Route } from '@playwright/test';
import { FORMAT_VERSION } from '../src/model/format';
import { expect, test } from './fixtures';
import type { AppPage } from './pages/AppPage';
import type { ListPage } from './pages/ListPage';

type Fault = (route: Route) => Promise<void>;

/** Fetch the real file and serve a changed copy. */
const changeJson =
  (edit: (json: unknown) => unknown): Fault =>
  async (route) => {
    const real = await route.fetch();
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(edit(await real.json())),
    });
  };

interface WeightGroup {
  paths: string[];
  weights: { name: string; shape: number[] }[];
}

const CASES: { name: string; file: string; fault: Fault; message: RegExp; hint: RegExp }[] = [
  {
    name: 'a missing file (404)',
    file: 'weights.json',
    fault: (route) => route.fulfill({ status: 404, body: 'Not found' }),
    message: /Could not download the model file weights\.json \(HTTP 404/,
    hint: /Check your connection and try again/,
  },
  {
    name: 'a truncated weight shard',
    file: 'weights.bin',
    fault: async (route) => {
      const body = await (await route.fetch()).body();
      await route.fulfill({
        status: 200,
        contentType: 'application/octet-stream',
        body: body.subarray(0, body.length >> 1),
      });
    },
    message: /weights\.bin is incomplete: it holds \d+ bytes but weights\.json describes \d+/,
    hint: /rebuild them with `npm run train`/,
  },
  {
    name: 'weights.json whose shapes do not match manifest.json',
    file: 'weights.json',
    fault: changeJson((groups) =>
      (groups as WeightGroup[]).map((g) => ({
        ...g,
        weights: g.weights.map((w) =>
          w.name.endsWith('/itemEmbedding') ? { ...w, shape: [...w.shape].reverse() } : w,
        ),
      })),
    ),
    message: /weights\.json gives \w+\/itemEmbedding the shape \[\d+, \d+\], but manifest\.json \(dim \d+/,
    hint: /from another version of the app/,
  },
  {
    name: 'an unknown format version',
    file: 'manifest.json',
    fault: changeJson((m) => ({ ...(m as object), formatVersion: 99 })),
    message: new RegExp(`manifest\\.json has format version 99, this code reads version ${FORMAT_VERSION}`),
    hint: /npm run train/,
  },
  {
    name: 'a catalog that does not match the model',
    file: 'catalog.json',
    fault: changeJson((c) => {
      const catalog = c as { movies: unknown[] };
      return { ...catalog, movies: catalog.movies.slice(0, -10) };
    }),
    message:
      /weights\.json covers (\d+) movies but catalog\.json has \d+: the files are from different trainings/,
    hint: /npm run train/,
  },
];

async function expectFatal(app: AppPage, message: RegExp, hint: RegExp): Promise<void> {
  await expect(app.fatal).toBeVisible();
  await expect(app.fatalMessage).toHaveText(message);
  await expect(app.fatalHint).toHaveText(hint);
  await expect(app.retry).toBeVisible();
  await expect(app.progress).toHaveCount(0);
}

async function retryWorks(
  app: AppPage,
  list: ListPage,
  context: BrowserContext,
  file: string,
): Promise<void> {
  await context.unroute(`**/model/${file}`);
  await app.retry.click();
  await app.waitReady();
  await expect(app.fatal).toHaveCount(0);
  await expect(list.recommendations).toHaveCount(20);
}

for (const c of CASES) {
  test(`model files: ${c.name} is reported by name with what to try`, async ({ context, app, list }) => {
    await context.route(`**/model/${c.file}`, c.fault);
    await app.open();
    await expectFatal(app, c.message, c.hint);
    if (c.file === 'weights.json' && c.name.includes('404')) await retryWorks(app, list, context, c.file);
  });
}

test('model files: a request that hangs gives up after the timeout (?timeout=), and Retry loads again', async ({
  context,
  app,
  list,
}) => {
  // Never answered: the request hangs until the app gives up on it.
  await context.route('**/model/catalog.json', () => {});
  const t0 = Date.now();
  await app.open('?timeout=4');
  await expectFatal(
    app,
    /The model file catalog\.json stopped arriving: nothing came for 4 s/,
    /Check your connection and try again/,
  );
  expect(Date.now() - t0).toBeLessThan(60_000);
  await retryWorks(app, list, context, 'catalog.json');
});
