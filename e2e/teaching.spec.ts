/**
 * Teaching and demo mode: the compare view, Play / Step / Reset, a divergent learning rate, the
 * state in the URL (round trip into a fresh browser context, and a broken link), export and import,
 * personas, and the workshop switches that hide panels.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { encodeHash, defaultShared } from '../src/state/shareState';
import { AppPage } from './pages/AppPage';
import { BIAS_SETTING, CHARTED, COMPARED, CROSSVAL, pairedBaselines, REPORT, STEPWISE } from './shipped';

const RATINGS = [
  { movieId: 260, rating: 5 },
  { movieId: 1721, rating: 1.5 },
  { movieId: 2571, rating: 4.5 },
];
const HASH = `#${encodeHash({ ...defaultShared(), ratings: RATINGS })}`;

async function waitCompared(page: Page, k: number): Promise<void> {
  const view = page.getByTestId('compare-view');
  await expect(view).toHaveAttribute('data-state', 'done');
  await expect(view).toHaveAttribute('data-k', String(k));
}

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
}, testInfo) => {
  const app = new AppPage(page);
  await app.open(HASH);
  await app.waitReady();
  await expect(app.rated).toHaveCount(3);
  await waitCompared(page, 3);
  const curves = page.getByTestId('method-curve');
  await expect(curves).toHaveCount(CHARTED.length);
  expect(await curves.evaluateAll((els) => els.map((e) => e.getAttribute('data-method')))).toEqual(CHARTED);
  for (const m of STEPWISE) {
    const c = page.locator(`[data-testid="method-curve"][data-method="${m}"]`);
    const first = Number(await c.getAttribute('data-loss-first'));
    const last = Number(await c.getAttribute('data-loss-last'));
    expect(last, `${m} lowers the support loss`).toBeLessThan(first);
    await expect(c).toHaveAttribute('data-diverged', 'false');
  }
  const tops = page.getByTestId('method-top');
  await expect(tops).toHaveCount(COMPARED.length);
  const rated = new Set(RATINGS.map((r) => r.movieId));
  const catalogIds = await page
    .getByTestId('method-top')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-items') ?? ''));
  for (const ids of catalogIds) expect(ids.split(',')).toHaveLength(10);
  expect(rated.size).toBe(3);
  await expect(page.getByTestId('overlap')).toBeVisible();
  await expect(app.map).toHaveAttribute('data-compare-trails', String(COMPARED.length));
  // A method's list loss and the bias baseline's squared error do not share the chart: it is named under it.
  if (COMPARED.length > CHARTED.length)
    await expect(page.getByTestId('uncharted')).toContainText('Bias baseline');
  // Unticking a method removes its curve.
  await page.getByRole('checkbox', { name: 'Reptile' }).uncheck();
  await expect(curves).toHaveCount(CHARTED.length - 1);
  await page.getByRole('checkbox', { name: 'Reptile' }).check();
  await expect(curves).toHaveCount(CHARTED.length);
  // The evaluation: Recall@20 and nDCG@20 against K, the visitor's K marked.
  const evalCharts = page.getByTestId('eval-charts');
  await expect(evalCharts).toHaveAttribute('data-state', REPORT ? 'ready' : 'error');
  if (REPORT) {
    await expect(page.getByTestId('eval-chart')).toHaveCount(2);
    await expect(page.getByTestId('eval-chart').first()).toHaveAttribute('data-metric', 'recall');
    await expect(page.getByTestId('eval-chart').first()).toHaveAttribute('data-marker-k', '3');
    await expect(page.getByTestId('eval-recall').locator('.recharts-line')).toHaveCount(
      1 + pairedBaselines(REPORT).length,
    );
    await expect(page.getByTestId('eval-ndcg')).toBeVisible();
    // The shipped report pairs the default method with each baseline, user by user.
    const paired = page.getByTestId('eval-paired').getByRole('listitem');
    await expect(paired).toHaveCount(pairedBaselines(REPORT).length);
    await expect(paired.first()).toContainText(
      /Recall@20 paired user by user at k = [\d, ]+: [+−±]\d\.\d{3}.*(within noise|clearly)/,
    );
  } else await expect(evalCharts).toContainText('could not be used');
  // The recipe's cross-validation (eval/crossval), when there is a version-2 one; else nothing.
  const crossval = page.getByTestId('eval-crossval');
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
  await page.getByTestId('compare-view').scrollIntoViewIfNeeded();
  await app.screenshot(project, 'teaching-desktop');
  // Element shots scroll the element under the sticky top bar: unstick it for the pictures (through
  // the CSSOM: the page's Content-Security-Policy refuses the <style> a screenshot's `style` injects).
  await page.locator('.topbar').evaluate((bar) => void ((bar as HTMLElement).style.position = 'static'));
  const shot = (name: string) => ({ path: `test-results/screenshots/${project}-${name}.png` });
  await page.getByTestId('compare-view').screenshot(shot('compare-desktop'));
  await page.getByTestId('eval-charts').screenshot(shot('eval-desktop'));
  await page.getByTestId('demo-bar').screenshot(shot('demo-bar-desktop'));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await app.screenshot(project, 'teaching-phone');
  await page.getByTestId('compare-view').screenshot(shot('compare-phone'));
  await page.getByTestId('eval-charts').screenshot(shot('eval-phone'));
  await page.getByTestId('demo-bar').screenshot(shot('demo-bar-phone'));
});

test('inner-loop controls: steps, Step, Play and Reset, and a divergent learning rate', async ({
  page,
}, testInfo) => {
  const app = new AppPage(page);
  await app.open(HASH);
  await app.waitReady();
  await waitCompared(page, 3);
  const playhead = page.getByTestId('playhead');
  // The trained step count comes from the model (not hard-coded): Defaults must restore it.
  const trainedSteps = (await playhead.getAttribute('data-steps')) ?? '';
  expect(Number(trainedSteps)).toBeGreaterThan(0);
  expect(trainedSteps).not.toBe('12');
  await page.getByLabel('Inner steps').fill('12');
  await expect(playhead).toHaveAttribute('data-steps', '12');
  await expect(page.getByTestId('compare-view')).toHaveAttribute('data-state', 'done');
  await page.getByRole('button', { name: 'Reset to step 0' }).click();
  await expect(playhead).toHaveAttribute('data-step', '0');
  await page.getByRole('button', { name: 'Step +1', exact: true }).click();
  await page.getByRole('button', { name: 'Step +1', exact: true }).click();
  await expect(playhead).toHaveAttribute('data-step', '2');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(playhead).toHaveAttribute('data-step', '12', { timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  expect(page.url()).toContain('n=12');

  // A learning rate of 50: labelled as diverging, and no NaN or Infinity anywhere on screen.
  await page.getByLabel('Inner learning rate').fill('15');
  await expect(page.getByTestId('lr-value')).toHaveText('50');
  await expect(page.getByTestId('diverged')).toBeVisible();
  await expect(page.locator('[data-testid="method-curve"][data-diverged="true"]').first()).toBeVisible();
  await noBadNumbers(page);
  expect(page.url()).toContain('lr=50');
  await page
    .getByTestId('compare-view')
    .screenshot({ path: `test-results/screenshots/${testInfo.project.name}-compare-diverged.png` });

  await page.getByRole('button', { name: 'Defaults' }).click();
  await expect(page.getByTestId('diverged')).toHaveCount(0);
  await expect(playhead).toHaveAttribute('data-steps', trainedSteps);
  await expect(page.getByTestId('lr-value')).toContainText('trained');
});

test(
  'the URL holds the state: a fresh browser context restores the same recommendations; a broken link is ignored',
  { tag: '@app' },
  async ({ page, browser }, testInfo) => {
    const app = new AppPage(page);
    await app.open();
    await app.waitReady();
    await page.getByLabel('Which movie to ask next').selectOption('random');
    await page.getByLabel('Random seed').fill('7');
    for (const [i, stars] of [4.5, 2].entries()) {
      const before = await app.snapshot();
      await app.rate(app.candidates.first(), stars);
      await app.waitAdapted(i + 1, before.runs);
    }
    await waitCompared(page, 2);
    const url = page.url();
    expect(url).toMatch(/#r=[0-9a-z]+\.[0-9a-z]+&e=rnd&seed=7/);
    const ratedIds = await app.ratedIds();
    const recs = await app.recommendationIds();
    const candidates = await app.candidates.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-movie-id')),
    );

    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    const other = new AppPage(await context.newPage());
    await other.page.goto(url);
    await other.waitReady();
    await expect(other.rated).toHaveCount(2);
    expect(await other.ratedIds()).toEqual(ratedIds);
    await expect.poll(() => other.recommendationIds()).toEqual(recs);
    expect(
      await other.candidates.evaluateAll((els) => els.map((e) => e.getAttribute('data-movie-id'))),
    ).toEqual(candidates);
    await expect(other.page.getByLabel('Which movie to ask next')).toHaveValue('random');

    const errors: string[] = [];
    other.page.on('pageerror', (e) => errors.push(e.message));
    // A different query string makes this a fresh page load, not a same-document hash change.
    await other.page.goto('./?fresh=1#r=zz!&n=999');
    await other.waitReady();
    await expect(other.notices.filter({ hasText: 'could not be used' })).toBeVisible();
    expect(errors).toEqual([]);
    await context.close();
  },
);

test(
  'export the state to a file and import it elsewhere; a bad file is refused with a notice',
  { tag: '@app' },
  async ({ page, browser }, testInfo) => {
    const app = new AppPage(page);
    await app.open(`${HASH}&n=8&b=0`);
    await app.waitReady();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export state' }).click(),
    ]);
    const path = testInfo.outputPath('state.json');
    await download.saveAs(path);
    const saved = JSON.parse(await readFile(path, 'utf8')) as {
      ratings: unknown[];
      inner: { steps: number };
    };
    expect(saved.ratings).toEqual(RATINGS);
    expect(saved.inner.steps).toBe(8);

    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    const other = new AppPage(await context.newPage());
    await other.open();
    await other.waitReady();
    await expect(other.rated).toHaveCount(0);
    // The page's import input (import-file) takes state files as well as rating exports.
    await other.page.getByTestId('import-file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({ format: 'warmstart-state', version: 1, ratings: [{ movieId: 1, rating: 9 }] }),
      ),
    });
    await expect(other.notices.filter({ hasText: 'could not be imported' })).toBeVisible();
    await expect(other.rated).toHaveCount(0);
    await other.page.getByTestId('import-file').setInputFiles(path);
    await expect(other.rated).toHaveCount(3);
    expect(await other.ratedIds()).toEqual(await app.ratedIds());
    await expect(other.page.getByTestId('playhead')).toHaveAttribute('data-steps', '8');
    // "What adapts" is shown for rating methods only (a list has no bias to freeze); the setting rides along.
    await expect(other.page).toHaveURL(/[#&]b=0(&|$)/);
    if (BIAS_SETTING) await expect(other.page.getByRole('radio', { name: 'User vector only' })).toBeChecked();
    await context.close();
  },
);

test(
  'a persona rates its movies one by one; workshop switches hide panels',
  { tag: '@app' },
  async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?pause=250&hide=eval&map_hide=true');
    await app.waitReady();
    await expect(app.map).toHaveCount(0);
    await expect(page.getByTestId('eval-charts')).toHaveCount(0);
    await expect(page.getByTestId('compare-view')).toBeVisible();
    await page.locator('[data-testid="preset"][data-preset="noir"]').click();
    await expect(page.getByTestId('preset-progress')).toBeVisible();
    await expect(page.getByTestId('preset-progress')).toHaveCount(0, { timeout: 60_000 });
    await expect(app.rated).toHaveCount(7);
    await app.waitAdapted(7, 0);
    await waitCompared(page, 7);
    expect(page.url()).toContain('map_hide=true');
    await expect(page.getByTestId('stability')).not.toHaveText(/After two ratings/);
  },
);
