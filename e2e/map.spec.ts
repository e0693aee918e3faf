/**
 * The map you can explore: Enter or a click picks a movie and lists its nearest neighbours in the
 * model's space (ringed on the map); a search result, a recommendation and a top-10 item are ringed
 * on hover and on keyboard focus; the wheel scrolls the page unless Ctrl is held or the map has
 * focus; two pointers pinch to zoom. App logic on whatever backend: the cpu project (@app).
 */
import { expect, test } from './fixtures';

test(
  'Enter or a click on a movie lists its nearest neighbours and rings them on the map',
  { tag: '@app' },
  async ({ page, app, list, map }) => {
    await app.open();
    await app.waitReady();
    const canvas = map.canvas;
    const neighbours = map.neighbours;

    // Keyboard: ] steps to the first marked movie (the #1 recommendation), Enter picks it.
    const first = (await list.first.getAttribute('data-movie-id')) ?? '';
    await canvas.focus();
    await page.keyboard.press(']');
    await page.keyboard.press('Enter');
    await expect(map.root).toHaveAttribute('data-selected', first);
    await expect(neighbours).toHaveAttribute('data-movie-id', first);
    await expect(map.neighbourItems).toHaveCount(8);
    const ids = await map.neighbourIds();
    expect(ids).not.toContain(first);
    expect(new Set(ids).size).toBe(8);
    await expect(map.root).toHaveAttribute('data-neighbours', ids.join(','));

    // A neighbour in the list: focus (which leaves the map) and hover ring it, a click explores from it.
    const next = ids[0] ?? '';
    const other = ids[1] ?? '';
    await map.neighbour(next).focus();
    await expect(map.root).toHaveAttribute('data-highlight', next);
    await map.neighbour(other).hover();
    await expect(map.root).toHaveAttribute('data-highlight', other);
    await map.neighbour(next).click();
    await expect(map.root).toHaveAttribute('data-selected', next);
    await expect(map.neighbourItems).toHaveCount(8);
    expect(await map.neighbourIds()).not.toEqual(ids);

    // A click on the map picks the movie under the pointer; Escape clears.
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no map');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(map.root).not.toHaveAttribute('data-selected', next);
    await expect(map.root).toHaveAttribute('data-selected', /^\d+$/);
    const picked = await map.root.getAttribute('data-selected');
    await expect(neighbours).toHaveAttribute('data-movie-id', picked ?? '');
    await expect(map.neighbourItems).toHaveCount(8);
    await canvas.focus();
    await page.keyboard.press('Escape');
    await expect(neighbours).toHaveCount(0);
    await expect(map.root).toHaveAttribute('data-neighbours', '');
  },
);

test(
  'a search result, a recommendation and a top-10 item are ringed on hover and on keyboard focus',
  { tag: '@app' },
  async ({ page, app, deck, list, map }) => {
    await app.open();
    await app.waitReady();

    await deck.search('Toy Story');
    const hit = deck.searchResults.first();
    await expect(hit).toBeVisible();
    const hitId = (await hit.getAttribute('data-movie-id')) ?? '';
    await hit.hover();
    await expect(map.root).toHaveAttribute('data-highlight', hitId);
    await page.mouse.move(0, 0);
    await expect(map.root).toHaveAttribute('data-highlight', '');
    await hit.getByRole('radio').first().focus();
    await expect(map.root).toHaveAttribute('data-highlight', hitId);

    const rec = list.recommendations.nth(1);
    const recId = (await rec.getAttribute('data-movie-id')) ?? '';
    await rec.getByRole('radio').first().focus();
    await expect(map.root).toHaveAttribute('data-highlight', recId);
    await page.mouse.move(0, 0);
    await rec.hover();
    await expect(map.root).toHaveAttribute('data-highlight', recId);

    const top = list.topItems.nth(2);
    const topId = (await top.getAttribute('data-movie-id')) ?? '';
    await top.hover();
    await expect(map.root).toHaveAttribute('data-highlight', topId);
    const focusable = top.locator('button, a, input, [tabindex]').first();
    if ((await focusable.count()) > 0) {
      await page.mouse.move(0, 0);
      await focusable.focus();
      await expect(map.root).toHaveAttribute('data-highlight', topId);
    }
  },
);

test(
  'the wheel scrolls the page over the map; with Ctrl, or in the focused map, it zooms; two pointers pinch',
  { tag: '@app' },
  async ({ page, app, map }) => {
    await app.open();
    await app.waitReady();
    const canvas = map.canvas;
    await canvas.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -100));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no map');
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);

    const scrolled = await page.evaluate(() => window.scrollY);
    await page.mouse.wheel(0, 200);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled);
    await expect(map.root).toHaveAttribute('data-zoom', '1.00');

    // Ctrl + wheel over the map: the map zooms, the page does not move. (The plain wheel above
    // scrolled the map's middle up under the sticky header: bring it back into view first.)
    await canvas.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const box2 = (await canvas.boundingBox()) ?? box;
    await page.mouse.move(box2.x + box2.width / 2, box2.y + box2.height / 2);
    const at = await page.evaluate(() => window.scrollY);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await expect.poll(() => map.zoom()).toBeGreaterThan(1);
    expect(await page.evaluate(() => window.scrollY)).toBe(at);

    // Focused map: the plain wheel zooms (out, here).
    await map.fitView.click();
    await expect(map.root).toHaveAttribute('data-zoom', '1.00');
    await canvas.focus();
    await page.mouse.wheel(0, 200);
    await expect.poll(() => map.zoom()).toBeLessThan(1);

    // Two pointers moving apart: a pinch that zooms in, and no movie is picked.
    await map.fitView.click();
    await canvas.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const y = r.top + r.height / 2;
      const x = r.left + r.width / 2;
      const ev = (type: string, pointerId: number, clientX: number) =>
        el.dispatchEvent(
          new PointerEvent(type, {
            pointerId,
            clientX,
            clientY: y,
            bubbles: true,
            pointerType: 'touch',
            isPrimary: pointerId === 1,
          }),
        );
      ev('pointerdown', 1, x - 20);
      ev('pointerdown', 2, x + 20);
      for (let d = 25; d <= 80; d += 5) {
        ev('pointermove', 1, x - d);
        ev('pointermove', 2, x + d);
      }
      ev('pointerup', 1, x - 80);
      ev('pointerup', 2, x + 80);
    });
    await expect.poll(() => map.zoom()).toBeGreaterThan(2);
    await expect(map.root).toHaveAttribute('data-selected', '');
  },
);
