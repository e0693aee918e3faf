/** What the visitor sees when things go wrong: a damaged model, corrupt or old saved data; plus keyboard rating, search, About and Reset. */
import { DEFAULT_STRATEGY } from '../src/methods/interview';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { starRadio } from './pages/stars';

test(
  'a damaged model file shows a plain-language error, not a blank page',
  { tag: '@app' },
  async ({ context, app }) => {
    await context.route('**/model/manifest.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"formatVersion": 99}' }),
    );
    await app.open();
    await expect(app.fatal).toBeVisible();
    await expect(app.fatal).toContainText(/format version 99/);
    await expect(app.fatal).toContainText(/npm run train/);
  },
);

test('a model file that is not JSON is reported by name', { tag: '@app' }, async ({ context, app }) => {
  await context.route('**/model/catalog.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '<html>not json' }),
  );
  await app.open();
  await expect(app.fatal).toContainText(/catalog\.json is not valid JSON/);
});

test(
  'corrupt saved ratings are set aside, not deleted: the notice and Settings offer them for download',
  { tag: '@app' },
  async ({ page, app, rated, settings }) => {
    const raw = '{"version":2,"ratings":[{"movieId":"x"}]';
    await page.addInitScript((value) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('warmstart:state', value);
        sessionStorage.setItem('seeded', '1');
      }
    }, raw);
    // A broken link as well: ignored, but the visitor can still save it.
    await app.open('#r=zz');
    const notice = app.notice('storage');
    await expect(notice).toContainText(/could not be read.*set aside in this browser/);
    expect(
      await downloadText(page, notice.getByRole('button', { name: 'Download the unreadable data' })),
    ).toEqual({
      name: expect.stringMatching(/^warmstart-saved-data-[\dT-]+Z\.txt$/),
      text: raw,
    });
    const link = app.notices.filter({ hasText: 'could not be used' });
    expect(
      (await downloadText(page, link.getByRole('button', { name: 'Download the ignored link' }))).text,
    ).toMatch(/#r=zz\n$/);
    const stored = await storedItems(page);
    const aside = Object.keys(stored).filter((k) => k.startsWith('warmstart:corrupt:'));
    expect(aside).toHaveLength(1);
    expect(stored[aside[0] ?? '']).toBe(raw);
    expect(stored['warmstart:state']).toBeUndefined();
    await app.waitReady();
    await expect(rated.rows).toHaveCount(0);

    // After a reload there is nothing new to complain about; Settings still has the copy.
    await page.reload();
    await app.waitReady();
    await expect(app.notice('storage')).toHaveCount(0);
    await settings.open();
    const item = settings.setAsideItem;
    await expect(item).toHaveCount(1);
    expect((await downloadText(page, item.getByRole('button', { name: 'Download' }))).text).toBe(raw);
    await item.getByRole('button', { name: 'Delete' }).click();
    await expect(item).toHaveCount(0);
    expect(Object.keys(await storedItems(page)).filter((k) => k.startsWith('warmstart:corrupt:'))).toEqual(
      [],
    );
  },
);

test(
  'ratings saved by the previous version (v1) are migrated, not lost',
  { tag: '@app' },
  async ({ page, app, rated }) => {
    const v1 = {
      version: 1,
      ratings: [
        { movieId: 260, rating: 5 },
        { movieId: 1721, rating: 1.5 },
      ],
      skipped: [2571],
      settings: { backend: 'auto' },
    };
    await page.addInitScript((value) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('warmstart:v1', value);
        sessionStorage.setItem('seeded', '1');
      }
    }, JSON.stringify(v1));
    await app.open();
    await app.waitReady();
    expect(await rated.ids()).toEqual(['1721=1.5', '260=5']);
    expect((await app.snapshot()).k).toBe(2);
    await expect(app.notice('storage')).toHaveCount(0);
    const stored = await storedItems(page);
    expect(stored['warmstart:v1']).toBeUndefined();
    expect(JSON.parse(stored['warmstart:state'] ?? '{}')).toMatchObject({
      version: 2,
      ratings: v1.ratings,
      skipped: v1.skipped,
      settings: v1.settings,
      // Data saved before the strategy was stored gets the app's default.
      teach: { seed: 1, strategy: DEFAULT_STRATEGY },
    });
  },
);

test(
  'rate by keyboard and by search, read About, then Reset clears everything',
  { tag: '@app' },
  async ({ page, app, deck, rated, settings }, testInfo) => {
    await app.open();
    await app.waitReady();

    // Keyboard: focus the first candidate's radiogroup, choose with a digit and an arrow, save
    // with Enter (first-minutes.spec.ts has the whole keyboard contract).
    const card = deck.first;
    const id = await card.getAttribute('data-movie-id');
    await app.adapt(1, async () => {
      await starRadio(card, 3).focus();
      await page.keyboard.press('3');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
    });
    await expect(rated.row(id)).toHaveAttribute('data-rating', '3.5');

    // Search: a word from a suggested title finds that movie; rate it from the results.
    const title = (await deck.first.locator('.movie-title').textContent()) ?? '';
    const word = title.split(/\s+/).find((w) => w.length >= 4) ?? title;
    await deck.search(word);
    const hit = deck.searchResults.first();
    await expect(hit).toBeVisible();
    const hitId = await hit.getAttribute('data-movie-id');
    await app.adapt(2, () => deck.rate(4.5, hit));
    await expect(rated.row(hitId)).toHaveAttribute('data-rating', '4.5');

    // About: the plain-language explanation and the MovieLens attribution.
    await settings.openAbout();
    const about = settings.about;
    await expect(about).toContainText('meta-learning');
    await expect(about).toContainText('GroupLens');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `test-results/screenshots/${testInfo.project.name}-about-phone.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.keyboard.press('Escape');
    await expect(about).toBeHidden();

    // Reset forgets the ratings, and a reload stays empty.
    page.once('dialog', (d) => void d.accept());
    await app.adapt(0, () => rated.reset.click());
    await expect(rated.rows).toHaveCount(0);
    await page.reload();
    await app.waitReady();
    await expect(rated.rows).toHaveCount(0);
  },
);

/** Click a button that downloads a file; the file's name and text. */
async function downloadText(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

async function storedItems(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k) ?? ''])),
  );
}
