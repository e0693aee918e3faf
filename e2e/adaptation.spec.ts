/**
 * The main journey on each backend: load, rate five movies, watch five adaptations each lower the
 * support loss, see the recommendations and the map change, reload and keep the ratings; and no
 * request ever leaves the page's origin.
 */
import { expect, test } from './fixtures';

test('rate five movies, watch the model adapt, and keep the ratings after a reload', async ({
  page,
  context,
  app,
  deck,
  list,
  rated,
  map,
  teach,
}, testInfo) => {
  const origin = new URL(testInfo.project.use.baseURL ?? 'http://127.0.0.1/').origin;
  const foreign: string[] = [];
  // Context level: the worker's requests (model files, wasm) count too. (security.spec.ts does 21 adaptations.)
  context.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin)
      foreign.push(url);
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await app.open();
  await app.waitReady();

  const expected = new RegExp(`^(${String(testInfo.project.metadata.expectBackend)})$`);
  await expect(app.badge).toHaveAttribute('data-backend', expected);
  await expect(app.badge).toContainText(
    expected.source.includes('wasm') ? /wasm|cpu/ : String(testInfo.project.metadata.expectBackend),
  );
  const backend = (await app.badge.getAttribute('data-backend')) ?? '';
  if (backend === 'webgpu' || backend === 'webgl') {
    // The inner loop's small ops really run on the GPU (no CPU hand-off).
    const resident = (await app.badge.getAttribute('data-gpu-resident')) ?? '';
    const [on, total] = resident.split('/').map(Number);
    expect(total).toBeGreaterThan(0);
    expect(on).toBe(total);
  }
  expect(Number(await app.badge.getAttribute('data-warmup-ms'))).toBeGreaterThan(0);

  const ratings = [5, 1.5, 4, 2.5, 4.5];
  let recsAfterFirst: string[] = [];
  const ratedIds: string[] = [];
  for (const [i, stars] of ratings.entries()) {
    const run = await app.adapt(i + 1, async () => {
      ratedIds.push(await deck.idAt(0));
      await deck.rate(stars);
    });
    expect(run.steps, 'the inner loop ran').toBeGreaterThan(0);
    expect(run.lossLast, `run ${i + 1} ends below where it started`).toBeLessThan(run.lossFirst);
    await expect(map.root).toHaveAttribute('data-trajectory-points', String(run.steps + 1));
    await expect(map.root).toHaveAttribute('data-rated', String(i + 1));
    await expect(list.recommendations).toHaveCount(20);
    const recs = await list.idsWithPredictions();
    for (const r of ratedIds)
      expect(
        recs.some((x) => x.startsWith(`${r}:`)),
        'rated movies are not recommended',
      ).toBe(false);
    if (i === 0) recsAfterFirst = recs;
  }
  expect(await list.idsWithPredictions()).not.toEqual(recsAfterFirst);
  await expect(rated.rows).toHaveCount(5);
  await expect(teach.curve).toBeVisible();
  await expect(teach.curve).toHaveAttribute('data-runs', /[2-9]/);

  const project = testInfo.project.name;
  await app.screenshot(project, 'desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await app.screenshot(project, 'phone');
  await page.screenshot({ path: `test-results/screenshots/${project}-phone-top.png` });
  await page.setViewportSize({ width: 1280, height: 800 });

  const saved = await rated.ids();
  await page.reload();
  await app.waitReady();
  await expect(rated.rows).toHaveCount(5);
  expect(await rated.ids()).toEqual(saved);
  const after = await app.snapshot();
  expect(after.k).toBe(5);
  expect(after.lossLast).toBeLessThan(after.lossFirst);

  expect(foreign, 'no request leaves the page origin').toEqual([]);
  expect(errors).toEqual([]);
});
