/**
 * Faults after the model has loaded, injected for real through the app's test hook
 * (`?fault=...` installs window.__warmstartFault; see src/state/debugParams.ts): a backend that
 * fails its numeric self-check, no WebGPU adapter, the GPU lost in the middle of an adaptation,
 * the worker crashing, and an adaptation that produces NaN. Each time the visitor's ratings stay,
 * the recommendations come back and a notice says what happened.
 */
import type { Page, TestInfo } from '@playwright/test';
import { encodeHash, defaultShared } from '../src/state/shareState';
import { expect, test } from './fixtures';

const CHAIN = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
const RATINGS = [
  { movieId: 260, rating: 5 },
  { movieId: 1721, rating: 1.5 },
  { movieId: 2571, rating: 4.5 },
];
const HASH = `#${encodeHash({ ...defaultShared(), ratings: RATINGS })}`;

/** The backend this project starts on, and the one after it in the chain. */
function chainOf(testInfo: TestInfo): { first: (typeof CHAIN)[number]; next: (typeof CHAIN)[number] } {
  const first = String(testInfo.project.metadata.expectBackend).split('|')[0] as (typeof CHAIN)[number];
  return { first, next: CHAIN[CHAIN.indexOf(first) + 1] ?? 'cpu' };
}

const LABEL = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' } as const;

async function inject(page: Page, fault: 'crash' | 'lose-gpu' | 'nan'): Promise<void> {
  await page.evaluate(
    (f) => (window as unknown as { __warmstartFault: (x: string) => void }).__warmstartFault(f),
    fault,
  );
}

async function noBadNumbers(page: Page): Promise<void> {
  expect(await page.locator('body').innerText()).not.toMatch(/NaN|Infinity/);
  // The map's and the charts' drawing: every path, point and data attribute.
  const drawn = await page
    .locator('[data-testid="embedding-map"], [data-testid="adaptation-chart"], [data-testid="adapt-status"]')
    .evaluateAll((roots) =>
      roots
        .flatMap((root) => [root, ...Array.from(root.querySelectorAll('*'))])
        .flatMap((el) => Array.from(el.attributes).map((a) => a.value))
        .join(' '),
    );
  expect(drawn).not.toMatch(/NaN|Infinity/);
}

test('a backend that fails its numeric self-check is passed over with a notice', async ({
  app,
  list,
  rated,
}, testInfo) => {
  const { first, next } = chainOf(testInfo);
  await app.open(`?fault=selfcheck:${first}${HASH}`);
  await app.waitReady();
  await expect(app.badge).toHaveAttribute('data-backend', next);
  const notice = app.notice('backend');
  await expect(notice).toContainText(`The app runs on ${LABEL[next]}`);
  await expect(notice).toContainText(`${LABEL[first]} was passed over (its numeric self-check computed`);
  await expect(rated.rows).toHaveCount(3);
  await expect(list.recommendations).toHaveCount(20);
  expect((await app.snapshot()).k).toBe(3);
});

test('the GPU is lost in the middle of an adaptation: the app moves to the next backend and keeps the ratings', async ({
  page,
  app,
  deck,
  list,
  rated,
}, testInfo) => {
  const { first, next } = chainOf(testInfo);
  await app.open(`?fault${HASH}`);
  await app.waitReady();
  await expect(app.badge).toHaveAttribute('data-backend', first);
  // No WebGPU adapter (webgl and cpu projects) is ordinary: no notice, the badge says why.
  await expect(app.notice('backend')).toHaveCount(0);
  if (first !== 'webgpu') await expect(app.badge).toContainText(/no WebGPU/);

  const before = await app.snapshot();
  await inject(page, 'lose-gpu');
  const id = await deck.idAt(0);
  await deck.rate(4);
  const recovery = app.notice('recovery');
  await expect(recovery).toContainText(`so the app moved from ${LABEL[first]} to ${LABEL[next]}`);
  // The browser's own signal: WebGPU's device.lost after destroy(), WebGL's context loss; wasm has no GPU.
  await expect(recovery).toContainText(
    {
      webgpu: /The WebGPU device was lost \(.*; injected by the test hook\)/,
      webgl: /The WebGL context was lost/,
      wasm: /The wasm backend failed \(simulated by the test hook: it has no GPU to lose\)/,
      cpu: /simulated/,
    }[first],
  );
  await expect(recovery).toContainText('Your ratings are kept');
  await expect(app.badge).toHaveAttribute('data-backend', next);
  const after = await app.waitAdapted(4, before.runs);
  expect(after.lossLast).toBeLessThan(after.lossFirst);
  await expect(rated.rows).toHaveCount(4);
  await expect(rated.row(id)).toHaveAttribute('data-rating', '4');
  await expect(list.recommendations).toHaveCount(20);
  const recs = await list.ids();
  for (const r of [...RATINGS.map((x) => String(x.movieId)), id]) expect(recs).not.toContain(r);
  await expect(app.recoverable).toHaveCount(0);
});

test('the worker crashes mid-session: it is restarted and the same ratings give the same recommendations', async ({
  page,
  app,
  list,
  rated,
}, testInfo) => {
  const { first } = chainOf(testInfo);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await app.open(`?fault${HASH}`);
  await app.waitReady();
  const recs = await list.ids();
  expect(recs).toHaveLength(20);
  const before = await app.snapshot();
  await inject(page, 'crash');
  await expect(app.notice('recovery')).toContainText(/stopped unexpectedly \(.*crashed.*\)/);
  await expect(app.notice('recovery')).toContainText(
    `was restarted on ${LABEL[first]}. Your ratings are kept`,
    {
      timeout: 60_000,
    },
  );
  await app.waitAdapted(3, before.runs);
  expect(await list.ids()).toEqual(recs);
  expect(await rated.ids()).toEqual(RATINGS.map((r) => `${r.movieId}=${r.rating}`).sort());
  await expect(app.badge).toHaveAttribute('data-backend', first);
  // The page itself never saw an uncaught error: the crash stayed in the worker.
  expect(errors).toEqual([]);
});

test('an adaptation that produces NaN keeps the last good state with a warning; no NaN or Infinity reaches the screen', async ({
  page,
  app,
  deck,
  list,
  map,
}) => {
  await app.open(`?fault${HASH}`);
  await app.waitReady();
  const run = await app.adapt(4, async () => {
    await inject(page, 'nan');
    await deck.rate(3.5);
  });
  await expect(app.notice('numeric')).toContainText(
    /went wrong at inner step 1 \(a value became (infinite|not-a-number)\), so the app kept the last good state \(the starting point/,
  );
  // The kept state is the starting point: no steps, one point on the map, the cold-start list.
  expect(run.steps).toBe(0);
  await expect(map.root).toHaveAttribute('data-trajectory-points', '1');
  await expect(list.recommendations).toHaveCount(20);
  await noBadNumbers(page);

  // The next rating adapts normally again.
  await deck.rate(2);
  const ok = await app.waitAdapted(5, run.runs);
  expect(ok.steps).toBeGreaterThan(0);
  expect(ok.lossLast).toBeLessThan(ok.lossFirst);
  await noBadNumbers(page);
});
