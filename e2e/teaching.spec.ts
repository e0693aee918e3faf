/**
 * Teaching and demo mode: the compare view, Play / Step / Reset, a divergent learning rate, the
 * state in the URL (round trip into a fresh browser context, and a broken link), export and import,
 * personas, and the workshop switches that hide panels.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { encodeHash, defaultShared } from '../src/state/shareState';
import { expect, panels, test } from './fixtures';
import { BIAS_SETTING, CHARTED, COMPARED, CROSSVAL, pairedBaselines, REPORT, STEPWISE } from './shipped';

const RATINGS = [
  { movieId: 260, rating: 5 },
  { movieId: 1721, rating: 1.5 },
  { movieId: 2571, rating: 4.5 },
];
const HASH = `#${encodeHash({ ...defaultShared(), ratings: RATINGS })}`;

async function noBadNumbers(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/NaN|Infinity/);
  const attrs = await page
    .locator('[data-testid="method-curve"]')
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('d')} ${e.getAttribute('data-loss-last')}`).join(' '),
    );
  expect(attrs).not.toMatch(/NaN|Infinity/);
}

test('compare view: every method on the same ratings, curves, top lists and overlap', async ({
  page,
  app,
  rated,
  map,
  teach,
}, testInfo) => {
  await app.open(HASH);
  await app.waitReady();
  await expect(rated.rows).toHaveCount(3);
  await teach.waitCompared(3);
  const curves = teach.curves;
  await expect(curves).toHaveCount(CHARTED.length);
  expect(await curves.evaluateAll((els) => els.map((e) => e.getAttribute('data-method')))).toEqual(CHARTED);
  for (const m of STEPWISE) {
    const c = teach.curveOf(m);
    const first = Number(await c.getAttribute('data-loss-first'));
    const last = Number(await c.getAttribute('data-loss-last'));
    expect(last, `${m} lowers the support loss`).toBeLessThan(first);
    await expect(c).toHaveAttribute('data-diverged', 'false');
  }
  await expect(teach.tops).toHaveCount(COMPARED.length);
  const ratedIds = new Set(RATINGS.map((r) => r.movieId));
  const catalogIds = await teach.tops.evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-items') ?? ''),
  );
  for (const ids of catalogIds) expect(ids.split(',')).toHaveLength(10);
  expect(ratedIds.size).toBe(3);
  await expect(teach.overlap).toBeVisible();
  await expect(map.root).toHaveAttribute('data-compare-trails', String(COMPARED.length));
  // A method's list loss and the bias baseline's squared error do not share the chart: it is named under it.
  if (COMPARED.length > CHARTED.length) await expect(teach.uncharted).toContainText('Bias baseline');
  // Unticking a method removes its curve.
  await teach.method('Reptile').uncheck();
  await expect(curves).toHaveCount(CHARTED.length - 1);
  await teach.method('Reptile').check();
  await expect(curves).toHaveCount(CHARTED.length);
  // The evaluation: Recall@20 and nDCG@20 against K, the visitor's K marked.
  const evalCharts = teach.evalCharts;
  await expect(evalCharts).toHaveAttribute('data-state', REPORT ? 'ready' : 'error');
  if (REPORT) {
    await expect(teach.evalChart).toHaveCount(2);
    await expect(teach.evalChart.first()).toHaveAttribute('data-metric', 'recall');
    await expect(teach.evalChart.first()).toHaveAttribute('data-marker-k', '3');
    await expect(teach.evalRecall.locator('.recharts-line')).toHaveCount(1 + pairedBaselines(REPORT).length);
    await expect(teach.evalNdcg).toBeVisible();
    // The shipped report pairs the default method with each baseline, user by user.
    const paired = teach.evalPaired.getByRole('listitem');
    await expect(paired).toHaveCount(pairedBaselines(REPORT).length);
    await expect(paired.first()).toContainText(
      /Recall@20 paired user by user at k = [\d, ]+: [+−±]\d\.\d{3}.*(within noise|clearly)/,
    );
  } else await expect(evalCharts).toContainText('could not be used');
  // The recipe's cross-validation (eval/crossval), when there is a version-2 one; else nothing.
  const crossval = teach.crossval;
  if (CROSSVAL) {
    await expect(crossval).toContainText(/each time tested on users it never saw, \d{3} users/);
    await expect(crossval.getByRole('listitem')).toHaveCount(pairedBaselines(CROSSVAL).length);
    await expect(crossval.getByRole('listitem').first()).toContainText(
      /Recall@20 paired user by user at k = /,
    );
  } else await expect(crossval).toHaveCount(0);
  await noBadNumbers(page);

  const project = testInfo.project.name;
  // The pointer rests where the last click was; scrolled under a chart it would open a tooltip.
  await page.mouse.move(0, 0);
  await teach.compare.scrollIntoViewIfNeeded();
  await app.screenshot(project, 'teaching-desktop');
  // Element shots scroll the element under the sticky top bar: unstick it for the pictures (through
  // the CSSOM: the page's Content-Security-Policy refuses the <style> a screenshot's `style` injects).
  await page.locator('.topbar').evaluate((bar) => void ((bar as HTMLElement).style.position = 'static'));
  const shot = (name: string) => ({ path: `test-results/screenshots/${project}-${name}.png` });
  await teach.compare.screenshot(shot('compare-desktop'));
  await teach.evalCharts.screenshot(shot('eval-desktop'));
  await teach.demoBar.screenshot(shot('demo-bar-desktop'));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await app.screenshot(project, 'teaching-phone');
  await teach.compare.screenshot(shot('compare-phone'));
  await teach.evalCharts.screenshot(shot('eval-phone'));
  await teach.demoBar.screenshot(shot('demo-bar-phone'));
});

test('inner-loop controls: steps, Step, Play and Reset, and a divergent learning rate', async ({
  page,
  app,
  teach,
}, testInfo) => {
  await app.open(HASH);
  await app.waitReady();
  await teach.waitCompared(3);
  const playhead = teach.playhead;
  // The trained step count comes from the model (not hard-coded): Defaults must restore it.
  const trainedSteps = (await playhead.getAttribute('data-steps')) ?? '';
  expect(Number(trainedSteps)).toBeGreaterThan(0);
  expect(trainedSteps).not.toBe('12');
  await teach.innerSteps.fill('12');
  await expect(playhead).toHaveAttribute('data-steps', '12');
  await expect(teach.compare).toHaveAttribute('data-state', 'done');
  await teach.button('Reset to step 0').click();
  await expect(playhead).toHaveAttribute('data-step', '0');
  await teach.button('Step +1').click();
  await teach.button('Step +1').click();
  await expect(playhead).toHaveAttribute('data-step', '2');
  await teach.button('Play').click();
  await expect(playhead).toHaveAttribute('data-step', '12', { timeout: 15_000 });
  await expect(teach.button('Play')).toBeVisible();
  expect(page.url()).toContain('n=12');

  // A learning rate of 50: labelled as diverging, and no NaN or Infinity anywhere on screen.
  await teach.learningRate.fill('15');
  await expect(teach.lrValue).toHaveText('50');
  await expect(teach.diverged).toBeVisible();
  await expect(teach.divergedCurves.first()).toBeVisible();
  await noBadNumbers(page);
  expect(page.url()).toContain('lr=50');
  await teach.compare.screenshot({
    path: `test-results/screenshots/${testInfo.project.name}-compare-diverged.png`,
  });

  await teach.button('Defaults').click();
  await expect(teach.diverged).toHaveCount(0);
  await expect(playhead).toHaveAttribute('data-steps', trainedSteps);
  await expect(teach.lrValue).toContainText('trained');
});

test(
  'the URL holds the state: a fresh browser context restores the same recommendations; a broken link is ignored',
  { tag: '@app' },
  async ({ page, browser, app, deck, list, rated, teach }, testInfo) => {
    await app.open();
    await app.waitReady();
    await teach.strategy.selectOption('random');
    await teach.seed.fill('7');
    for (const [i, stars] of [4.5, 2].entries()) await app.adapt(i + 1, () => deck.rate(stars));
    await teach.waitCompared(2);
    const url = page.url();
    expect(url).toMatch(/#r=[0-9a-z]+\.[0-9a-z]+&e=rnd&seed=7/);
    const ratedIds = await rated.ids();
    const recs = await list.idsWithPredictions();
    const candidates = await deck.ids();

    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    const other = panels(await context.newPage());
    await other.app.page.goto(url);
    await other.app.waitReady();
    await expect(other.rated.rows).toHaveCount(2);
    expect(await other.rated.ids()).toEqual(ratedIds);
    await expect.poll(() => other.list.idsWithPredictions()).toEqual(recs);
    expect(await other.deck.ids()).toEqual(candidates);
    await expect(other.teach.strategy).toHaveValue('random');

    const errors: string[] = [];
    other.app.page.on('pageerror', (e) => errors.push(e.message));
    // A different query string makes this a fresh page load, not a same-document hash change.
    await other.app.page.goto('./?fresh=1#r=zz!&n=999');
    await other.app.waitReady();
    await expect(other.app.notices.filter({ hasText: 'could not be used' })).toBeVisible();
    expect(errors).toEqual([]);
    await context.close();
  },
);

test(
  'export the state to a file and import it elsewhere; a bad file is refused with a notice',
  { tag: '@app' },
  async ({ page, browser, app, rated, teach }, testInfo) => {
    await app.open(`${HASH}&n=8&b=0`);
    await app.waitReady();
    const [download] = await Promise.all([page.waitForEvent('download'), teach.exportState.click()]);
    const path = testInfo.outputPath('state.json');
    await download.saveAs(path);
    const saved = JSON.parse(await readFile(path, 'utf8')) as {
      ratings: unknown[];
      inner: { steps: number };
    };
    expect(saved.ratings).toEqual(RATINGS);
    expect(saved.inner.steps).toBe(8);

    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    const other = panels(await context.newPage());
    await other.app.open();
    await other.app.waitReady();
    await expect(other.rated.rows).toHaveCount(0);
    // The page's import input (import-file) takes state files as well as rating exports.
    await other.importer.file(
      'broken.json',
      JSON.stringify({ format: 'warmstart-state', version: 1, ratings: [{ movieId: 1, rating: 9 }] }),
      'application/json',
    );
    await expect(other.app.notices.filter({ hasText: 'could not be imported' })).toBeVisible();
    await expect(other.rated.rows).toHaveCount(0);
    await other.importer.file(path);
    await expect(other.rated.rows).toHaveCount(3);
    expect(await other.rated.ids()).toEqual(await rated.ids());
    await expect(other.teach.playhead).toHaveAttribute('data-steps', '8');
    // "What adapts" is shown for rating methods only (a list has no bias to freeze); the setting rides along.
    await expect(other.app.page).toHaveURL(/[#&]b=0(&|$)/);
    if (BIAS_SETTING) await expect(other.teach.whatAdapts('User vector only')).toBeChecked();
    await context.close();
  },
);

test(
  'a persona rates its movies one by one; workshop switches hide panels',
  { tag: '@app' },
  async ({ page, app, rated, map, teach }) => {
    await app.open('?pause=250&hide=eval&map_hide=true');
    await app.waitReady();
    await expect(map.root).toHaveCount(0);
    await expect(teach.evalCharts).toHaveCount(0);
    await expect(teach.compare).toBeVisible();
    await teach.preset('noir').click();
    await expect(teach.presetProgress).toBeVisible();
    await expect(teach.presetProgress).toHaveCount(0, { timeout: 60_000 });
    await expect(rated.rows).toHaveCount(7);
    await app.waitAdapted(7, 0);
    await teach.waitCompared(7);
    expect(page.url()).toContain('map_hide=true');
    await expect(teach.stability).not.toHaveText(/After two ratings/);
  },
);
