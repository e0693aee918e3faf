/**
 * A visitor's first minutes (issue 18): rating by keyboard (arrows choose, Enter saves, focus moves
 * on) and by touch (targets measured), skip links, undo of a rating and of a skip, the skipped
 * list, what changed in the list, the map keeping the visitor in frame, and the first screen at
 * a laptop's and a projector's size with the result of a rating in view. Screenshots at
 * 390 x 844, 1366 x 900 and 1920 x 1080 land in test-results/screenshots.
 */
import type { Locator, Page } from '@playwright/test';
import { defaultShared, encodeHash } from '../src/state/shareState';
import { expect, test } from './fixtures';
import { starRadio } from './pages/stars';

/** Ten well-known movies, rated far from the average newcomer's taste. */
const TEN = [
  { movieId: 1, rating: 5 },
  { movieId: 364, rating: 5 },
  { movieId: 588, rating: 4.5 },
  { movieId: 595, rating: 5 },
  { movieId: 2081, rating: 4.5 },
  { movieId: 6377, rating: 5 },
  { movieId: 4306, rating: 4.5 },
  { movieId: 8961, rating: 4 },
  { movieId: 296, rating: 1 },
  { movieId: 2959, rating: 1.5 },
];

/** The movie id of the card or row holding keyboard focus ('' when focus is elsewhere). */
const focusedMovie = (page: Page) =>
  page.evaluate(
    () => document.activeElement?.closest('[data-movie-id]')?.getAttribute('data-movie-id') ?? '',
  );

const box = async (l: Locator) => {
  const b = await l.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
};

test(
  'keyboard: a skip link reaches the deck, arrows choose without saving, Enter saves, focus moves on',
  { tag: '@app' },
  async ({ page, app, deck, list, rated }) => {
    // The static order (popularity x disagreement): this checks the keyboard, and an adaptive
    // default replaces the next movies after the rating (see eval/interview).
    await app.open('#e=pe');
    await app.waitReady();
    const first = await deck.idAt(0);
    const second = await deck.idAt(1);

    await page.keyboard.press('Tab');
    await expect(deck.skipLink('Skip to rating movies')).toBeFocused();
    await page.keyboard.press('Enter');
    expect(await focusedMovie(page)).toBe(first);

    // Eight half stars to the right: 4 stars chosen, nothing saved yet, the card still there.
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
    await expect(deck.stars()).toHaveAttribute('data-pending', '4');
    await expect(rated.rows).toHaveCount(0);
    expect(await focusedMovie(page)).toBe(first);

    await page.keyboard.press('Enter');
    await expect(rated.row(first)).toHaveAttribute('data-rating', '4');
    // The next movie's stars have the focus: the visitor keeps rating without the mouse.
    await expect.poll(() => focusedMovie(page)).toBe(second);

    // A digit jumps to whole stars, Home and End to the ends, Escape drops the choice.
    await page.keyboard.press('End');
    await expect(deck.stars()).toHaveAttribute('data-pending', '5');
    await page.keyboard.press('Escape');
    await expect(deck.stars()).toHaveAttribute('data-pending', '');
    await page.keyboard.press('3');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press(' ');
    await expect(rated.row(second)).toHaveAttribute('data-rating', '2.5');

    // The second skip link goes to the list.
    await app.open();
    await app.waitReady();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(deck.skipLink('Skip to your list')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(list.top).toBeFocused();
  },
);

test(
  'keyboard with the adaptive default: when the next movies to offer arrive, focus stays in the deck',
  { tag: '@app' },
  async ({ page, app, deck, rated }) => {
    await app.open();
    await app.waitReady();
    const first = await deck.idAt(0);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await focusedMovie(page)).toBe(first);
    await app.adapt(1, async () => {
      await page.keyboard.press('4');
      await page.keyboard.press('Enter');
    });
    // The interview's new offers replace the deck's cards after the rating: focus is on one of
    // them, never on the page body, and the next keys rate it.
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            document.activeElement
              ?.closest('[data-testid="candidate"][data-source="onboarding"]')
              ?.getAttribute('data-movie-id') ?? '',
        ),
      )
      .toMatch(/^\d+$/);
    await page.waitForTimeout(500);
    const focused = await focusedMovie(page);
    expect(focused).not.toBe(first);
    expect(focused).not.toBe('');
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
    await expect(rated.row(focused)).toHaveAttribute('data-rating', '3');
  },
);

test(
  'a rating of a recommendation by keyboard works the same way',
  { tag: '@app' },
  async ({ page, app, list, rated }) => {
    await app.open();
    await app.waitReady();
    const recs = list.recommendations;
    const first = (await recs.nth(0).getAttribute('data-movie-id')) ?? '';
    const second = (await recs.nth(1).getAttribute('data-movie-id')) ?? '';
    await recs.first().getByRole('radio').first().focus();
    await page.keyboard.press('4');
    await page.keyboard.press('ArrowRight');
    await expect(rated.rows).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect(rated.row(first)).toHaveAttribute('data-rating', '4.5');
    await expect.poll(() => focusedMovie(page)).toBe(second);
  },
);

test(
  'undo a rating and a skip; skipped movies can be asked again; the list says what changed',
  { tag: '@app' },
  async ({ app, deck, list, rated }) => {
    await app.open();
    await app.waitReady();
    const toast = deck.undoToast;
    const id = await deck.idAt(0);
    const candidate = deck.card(id);

    await app.adapt(1, async () => {
      await deck.rate(4);
      await expect(toast).toHaveAttribute('data-kind', 'rate');
      await expect(toast).toContainText('4★');
    });
    const top = list.top;
    await expect(top.getByTestId('top-item')).toHaveCount(10);
    // Marks against the newcomer's list: something is new or moved, or the words say "unchanged".
    await expect(top).toHaveAttribute('data-summary', /new|moved|unchanged/);
    await expect(top).not.toContainText(/\b0 (new|moved)/);

    await deck.toastButton('Undo').click();
    await expect(rated.rows).toHaveCount(0);
    await expect(candidate).toHaveCount(1);
    await expect(toast).toHaveCount(0);

    await deck.skip(candidate);
    await expect(candidate).toHaveCount(0);
    await expect(toast).toHaveAttribute('data-kind', 'skip');
    await deck.toastButton('Undo').click();
    await expect(candidate).toHaveCount(1);

    await deck.skip(candidate);
    const skipped = deck.skippedList;
    await skipped.locator('summary').click();
    await expect(deck.skipped(id)).toHaveCount(1);
    await skipped.getByRole('button', { name: /Ask me about .* again/ }).click();
    await expect(candidate).toHaveCount(1);
    await expect(skipped).toHaveCount(0);
  },
);

test('the map keeps the visitor in frame after ten ratings, and after zooming Fit view brings it back', async ({
  app,
  map,
}) => {
  await app.open(`#${encodeHash({ ...defaultShared(), ratings: TEN })}`);
  await app.waitReady();
  await expect(app.status).toHaveAttribute('data-k', '10');
  await expect(map.root).toHaveAttribute('data-fit', 'auto');
  await expect(map.root).toHaveAttribute('data-you-x', /\d/);
  expect(await map.youInFrame()).toBe(true);
  await expect(map.howToRead).toContainText('not closeness on this map');

  for (let i = 0; i < 6; i++) await map.zoomIn.click();
  await expect(map.root).toHaveAttribute('data-fit', 'manual');
  await map.fitView.click();
  await expect(map.root).toHaveAttribute('data-fit', 'auto');
  expect(await map.youInFrame()).toBe(true);
});

for (const [width, height] of [
  [1366, 900],
  [1920, 1080],
] as const) {
  test(
    `first screen at ${width} x ${height}: a rating's result is in view without scrolling`,
    { tag: '@app' },
    async ({ page, app, deck, list, map, teach }, testInfo) => {
      await page.setViewportSize({ width, height });
      await app.open();
      await app.waitReady();
      await app.adapt(1, () => deck.rate(4.5));
      const inView = async (l: Locator) => {
        const b = await box(l);
        return b.y >= 0 && b.y + b.height <= height && b.x >= 0 && b.x + b.width <= width;
      };
      const items = list.topItems;
      await expect(items).toHaveCount(10);
      expect(await inView(items.nth(0))).toBe(true);
      expect(await inView(items.nth(9))).toBe(true);
      expect(await inView(deck.first)).toBe(true);
      if (width >= 1920) {
        // A projector: the deck, the list, the map and the curve on one screen.
        expect(await inView(map.root)).toBe(true);
        expect(await inView(teach.curve)).toBe(true);
      }
      // The backend's choice is in the badge, not in a notice above the app.
      await expect(app.notice('backend')).toHaveCount(0);
      await page.screenshot({
        path: `test-results/screenshots/${testInfo.project.name}-first-screen-${width}x${height}.png`,
      });
    },
  );
}

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test(
    'touch targets are large enough, a tap rates, a second tap takes half a star off',
    { tag: '@app' },
    async ({ page, app, deck, list, rated, map, teach }, testInfo) => {
      await app.open();
      await app.waitReady();
      await expect(page.locator('.tagline')).toBeVisible();

      // Whole stars are the targets: at least 44 px on the deck, at least 24 x 24 everywhere.
      const targets = async (scope: Locator) =>
        scope.locator('input[type="radio"]').evaluateAll((els) =>
          els
            .filter((e) => getComputedStyle(e).pointerEvents !== 'none')
            .map((e) => {
              const r = e.getBoundingClientRect();
              return { w: r.width, h: r.height };
            }),
        );
      const onDeck = await targets(deck.first);
      expect(onDeck).toHaveLength(5);
      for (const t of onDeck) expect(Math.min(t.w, t.h)).toBeGreaterThanOrEqual(44);
      const rec = await targets(list.first);
      expect(rec).toHaveLength(5);
      for (const t of rec) expect(Math.min(t.w, t.h)).toBeGreaterThanOrEqual(24);
      const buttons = await page
        .locator('.candidate button, .rec button, .top-card button')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      for (const h of buttons) expect(h).toBeGreaterThanOrEqual(24);

      const id = await deck.idAt(0);
      const row = rated.row(id);
      await app.adapt(1, async () => {
        await starRadio(deck.first, 4).tap();
        await expect(row).toHaveAttribute('data-rating', '4');
      });
      await deck.toastButton('Dismiss').tap();
      await starRadio(row, 4).tap();
      await expect(row).toHaveAttribute('data-rating', '3.5');

      // Five recommendations, then "Show all"; the map and the curve before the full list.
      await expect(list.recommendations.filter({ visible: true })).toHaveCount(5);
      expect((await box(map.root)).y).toBeLessThan((await box(list.first)).y);
      expect((await box(teach.curve)).y).toBeLessThan((await box(list.first)).y);
      await list.showAll.click();
      await expect(list.recommendations.filter({ visible: true })).toHaveCount(20);
      // Nothing wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      await page.screenshot({ path: `test-results/screenshots/${testInfo.project.name}-phone-390x844.png` });
      await app.screenshot(testInfo.project.name, 'phone-390x844-full');
    },
  );
});
