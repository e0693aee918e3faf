/** What the visitor sees when things go wrong: a damaged model, corrupt saved data; plus keyboard rating, search, About and Reset. */
import { expect, test } from '@playwright/test';
import { AppPage } from './pages/AppPage';

test('a damaged model file shows a plain-language error, not a blank page', async ({ page, context }) => {
  await context.route('**/model/manifest.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"formatVersion": 99}' }),
  );
  const app = new AppPage(page);
  await app.open();
  await expect(app.fatal).toBeVisible();
  await expect(app.fatal).toContainText(/format version 99/);
  await expect(app.fatal).toContainText(/npm run train/);
});

test('a model file that is not JSON is reported by name', async ({ page, context }) => {
  await context.route('**/model/catalog.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '<html>not json' }),
  );
  const app = new AppPage(page);
  await app.open();
  await expect(app.fatal).toContainText(/catalog\.json is not valid JSON/);
});

test('corrupt saved ratings are discarded with a notice', async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('warmstart:v1', '{"version":1,"ratings":[{"movieId":"x"}]');
      sessionStorage.setItem('seeded', '1');
    }
  });
  const app = new AppPage(page);
  await app.open();
  await expect(app.notices.first()).toContainText(/could not be read/);
  await app.waitReady();
  await expect(app.rated).toHaveCount(0);
});

test('rate by keyboard and by search, read About, then Reset clears everything', async ({
  page,
}, testInfo) => {
  const app = new AppPage(page);
  await app.open();
  await app.waitReady();

  // Keyboard: focus the first candidate's radiogroup and move with the arrow keys.
  const card = app.candidates.first();
  const id = await card.getAttribute('data-movie-id');
  const before = await app.snapshot();
  await card.getByRole('radio', { name: '3 stars', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await app.waitAdapted(1, before.runs);
  await expect(page.locator(`[data-testid="rated"][data-movie-id="${id}"]`)).toHaveAttribute(
    'data-rating',
    /^(3|3.5)$/,
  );

  // Search: a word from a suggested title finds that movie; rate it from the results.
  const title = (await app.candidates.first().locator('.movie-title').textContent()) ?? '';
  const word = title.split(/\s+/).find((w) => w.length >= 4) ?? title;
  await page.getByRole('searchbox').fill(word);
  const hit = page.locator('[data-testid="candidate"][data-source="search"]').first();
  await expect(hit).toBeVisible();
  const hitId = await hit.getAttribute('data-movie-id');
  const mid = await app.snapshot();
  await app.rate(hit, 4.5);
  await app.waitAdapted(2, mid.runs);
  await expect(page.locator(`[data-testid="rated"][data-movie-id="${hitId}"]`)).toHaveAttribute(
    'data-rating',
    '4.5',
  );

  // About: the plain-language explanation and the MovieLens attribution.
  await page.getByRole('button', { name: 'About', exact: true }).click();
  const about = page.getByTestId('about-panel');
  await expect(about).toContainText('meta-learning');
  await expect(about).toContainText('GroupLens');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `test-results/screenshots/${testInfo.project.name}-about-phone.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.keyboard.press('Escape');
  await expect(about).toBeHidden();

  // Reset forgets the ratings, and a reload stays empty.
  page.once('dialog', (d) => void d.accept());
  const beforeReset = await app.snapshot();
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await app.waitAdapted(0, beforeReset.runs);
  await expect(app.rated).toHaveCount(0);
  await page.reload();
  await app.waitReady();
  await expect(app.rated).toHaveCount(0);
});
