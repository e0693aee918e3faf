/**
 * The workshop kit's tour, explanations and figures: a tour step can be linked (`tour=N`), moves by
 * keyboard and is hidden by `hide=tour`; a glossary popover opens by keyboard and by tap and closes
 * with Escape; every chart downloads as an SVG that parses and names its series, and the map as a
 * PNG. The app's own logic: run once, on the cpu project (@app). None of it may trip the CSP or log
 * an error, and the tour's and the export's code load only when used.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { defaultShared, encodeHash } from '../src/state/shareState';
import { expect, test } from './fixtures';
import type { TeachPage } from './pages/TeachPage';
import { CHARTED, REPORT } from './shipped';

const RATINGS = [
  { movieId: 260, rating: 5 },
  { movieId: 1721, rating: 1.5 },
  { movieId: 2571, rating: 4.5 },
];
const HASH = `#${encodeHash({ ...defaultShared(), ratings: RATINGS })}`;

/** Console errors, uncaught errors and CSP violations of a page, and the scripts it fetched. */
function watch(page: Page): { errors: string[]; scripts: string[] } {
  const out = { errors: [] as string[], scripts: [] as string[] };
  page.on('console', (m) => {
    if (m.type() === 'error') out.errors.push(m.text());
  });
  page.on('pageerror', (e) => out.errors.push(e.message));
  page.on('request', (r) => {
    if (r.resourceType() === 'script') out.scripts.push(new URL(r.url()).pathname);
  });
  return out;
}

test(
  'a tour step can be linked; Back, Next and Close work by keyboard; hide=tour hides it',
  { tag: '@app' },
  async ({ page, app, teach, tour }) => {
    const seen = watch(page);
    await app.open(HASH);
    await app.waitReady();
    // Not in the initial bundle: the tour's chunk arrives when the tour opens.
    expect(seen.scripts.filter((s) => /\/Tour-/.test(s))).toEqual([]);
    const open = tour.opener;
    const deck = page.locator('#rate-deck');
    await open.focus();
    await page.keyboard.press('Enter');
    await expect(tour.root).toHaveAttribute('data-step', '1');
    await expect(open).toHaveAttribute('aria-expanded', 'true');
    expect(seen.scripts.filter((s) => /\/Tour-/.test(s))).toHaveLength(1);
    await expect(tour.heading).toBeFocused();
    await expect(deck).toHaveAttribute('data-tour-target', '');
    await expect(tour.button('Back')).toBeDisabled();

    await tour.button('Next').focus();
    await page.keyboard.press('Enter');
    await expect(tour.root).toHaveAttribute('data-step', '2');
    await expect(teach.curve).toHaveAttribute('data-tour-target', '');
    await expect(deck).not.toHaveAttribute('data-tour-target');
    await page.keyboard.press('Enter');
    await expect(tour.root).toHaveAttribute('data-step', '3');
    await tour.button('Back').focus();
    await page.keyboard.press('Enter');
    await expect(tour.root).toHaveAttribute('data-step', '2');
    await page.keyboard.press('Escape');
    await expect(tour.root).toHaveCount(0);
    await expect(open).toBeFocused();
    await expect(open).toHaveAttribute('aria-expanded', 'false');
    await expect(tour.targets).toHaveCount(0);

    // A teacher's link opens step N: here "Break it", whose button sets a learning rate of 50.
    await app.open(`?tour=5${HASH}`);
    await app.waitReady();
    await expect(tour.root).toHaveAttribute('data-step', '5');
    await expect(tour.heading).toHaveText(/learning rate/);
    await expect(teach.innerControls).toHaveAttribute('data-tour-target', '');
    await tour.action('huge-lr').click();
    await expect(teach.lrValue).toHaveText('50');
    await tour.action('defaults').click();
    await expect(teach.lrValue).toHaveText(/trained/);
    await tour.button('Close tour').focus();
    await page.keyboard.press('Enter');
    await expect(tour.root).toHaveCount(0);

    // Past the last step: the last (Finish closes it); in the hash too.
    await app.open(`${HASH}&tour=99`);
    await app.waitReady();
    await expect(tour.root).toHaveAttribute('data-step', (await tour.root.getAttribute('data-steps')) ?? '');
    await tour.button('Finish').click();
    await expect(tour.root).toHaveCount(0);

    // A step whose panel the link hides says so.
    await app.open(`?tour=3&hide=map${HASH}`);
    await app.waitReady();
    await expect(tour.root).toHaveAttribute('data-panel-hidden', 'true');
    await expect(tour.hiddenPanel).toBeVisible();

    // hide=tour: no button, and tour= is ignored.
    await app.open(`?hide=tour&tour=2${HASH}`);
    await app.waitReady();
    await expect(tour.opener).toHaveCount(0);
    await expect(tour.root).toHaveCount(0);

    // A step that is not a number is said, not guessed.
    await app.open(`?tour=two${HASH}`);
    await app.waitReady();
    await expect(app.notices.filter({ hasText: 'tour=two' })).toHaveCount(1);
    await expect(tour.root).toHaveCount(0);
    expect(seen.errors).toEqual([]);
  },
);

test(
  'an explanation opens by keyboard, closes with Escape',
  { tag: '@app' },
  async ({ page, app, teach }) => {
    const seen = watch(page);
    await app.open(HASH);
    await app.waitReady();
    const button = teach.explain('innerStep', teach.curve);
    const popover = teach.popover;
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(button).toHaveAccessibleName('What is Inner step?');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(popover).toHaveCount(1);
    await expect(popover).toHaveAttribute('data-term', 'innerStep');
    await expect(popover).toContainText('gradient step');
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    // Placed below its button, inside the window.
    const b = await button.boundingBox();
    const p = await popover.boundingBox();
    expect(p && b && p.y >= b.y + b.height - 1).toBe(true);
    expect(p && p.x >= 0 && p.x + p.width <= 1280).toBe(true);
    await page.keyboard.press('Escape');
    await expect(popover).toHaveCount(0);
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(button).toBeFocused();
    // Space opens it too; the status line and the legends keep their words (the popover is elsewhere).
    await page.keyboard.press(' ');
    await expect(popover).toHaveCount(1);
    await page.keyboard.press('Escape');
    await expect(popover).toHaveCount(0);
    // Every method on the compare legend that ships has its entry.
    await expect(teach.compare).toHaveAttribute('data-state', 'done');
    const terms = await teach.compare
      .locator('.mlegend [data-testid="explain"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-term')));
    for (const m of CHARTED.filter((x) => x !== 'bias')) expect(terms).toContain(m);
    expect(seen.errors).toEqual([]);
  },
);

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test(
    'an explanation opens by tap and closes by a tap elsewhere or Escape',
    { tag: '@app' },
    async ({ page, app, teach }) => {
      const seen = watch(page);
      await app.open(HASH);
      await app.waitReady();
      const button = teach.explain('learningRate').first();
      const popover = teach.popover;
      await button.tap();
      await expect(popover).toHaveCount(1);
      await expect(popover).toHaveAttribute('data-term', 'learningRate');
      await expect(button).toHaveAttribute('aria-expanded', 'true');
      const p = await popover.boundingBox();
      expect(p && p.x >= 0 && p.x + p.width <= 390).toBe(true);
      await page.locator('h1').tap();
      await expect(popover).toHaveCount(0);
      await button.tap();
      await expect(popover).toHaveCount(1);
      await page.keyboard.press('Escape');
      await expect(popover).toHaveCount(0);
      expect(seen.errors).toEqual([]);
    },
  );
});

/** Click an export button; the download's name and text. */
async function download(teach: TeachPage, figure: string): Promise<{ name: string; file: Download }> {
  const [file] = await Promise.all([teach.page.waitForEvent('download'), teach.exportFigure(figure).click()]);
  return { name: file.suggestedFilename(), file };
}

interface ParsedSvg {
  error: string | null;
  root: string;
  title: string;
  series: { name: string; title: string }[];
  legend: string[];
}

/** Parse an SVG file with the browser's XML parser (no page CSS involved). */
async function parse(page: Page, text: string): Promise<ParsedSvg> {
  return page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: `${root.namespaceURI} ${root.localName}`,
      title: root.querySelector(':scope > title')?.textContent ?? '',
      series: Array.from(doc.querySelectorAll('[data-series]'), (e) => ({
        name: e.getAttribute('data-series') ?? '',
        title: e.querySelector(':scope > title')?.textContent ?? '',
      })),
      legend: Array.from(doc.querySelectorAll('[data-legend]'), (e) => e.getAttribute('data-legend') ?? ''),
    };
  }, text);
}

test(
  'every chart downloads as an SVG that parses and names its series; the map as a PNG',
  { tag: '@app' },
  async ({ page, app, map, teach }, testInfo) => {
    const seen = watch(page);
    await app.open(HASH);
    await app.waitReady();
    await app.waitAdapted(3, 0);
    await teach.waitCompared(3);
    expect(seen.scripts.filter((s) => /\/exportFigure-/.test(s))).toEqual([]);

    const svgOf = async (figure: string, name: RegExp): Promise<ParsedSvg> => {
      const { name: filename, file } = await download(teach, figure);
      expect(filename).toMatch(name);
      const path = testInfo.outputPath(filename);
      await file.saveAs(path);
      const text = await readFile(path, 'utf8');
      // Stands alone: no stylesheet, no style attribute, no script.
      expect(text).not.toMatch(/style=|<style|<script|class=/);
      const parsed = await parse(page, text);
      expect(parsed.error, `${filename} parses`).toBeNull();
      expect(parsed.root).toBe('http://www.w3.org/2000/svg svg');
      expect(parsed.title.length).toBeGreaterThan(5);
      for (const s of parsed.series) expect(s.title, `${filename}: a series names itself`).toBe(s.name);
      return parsed;
    };

    const curve = await svgOf('learning-curve', /^learning-curve-[a-z]+-k3\.svg$/);
    expect(curve.series.map((s) => s.name)).toContain('this run');
    expect(curve.legend).toContain('this run');
    expect(seen.scripts.filter((s) => /\/exportFigure-/.test(s))).toHaveLength(1);

    const fit = teach.fit.locator('[data-testid="export-figure"]');
    if ((await fit.count()) > 0) {
      const parsed = await svgOf('rating-fit', /^rating-fit-[a-z]+-k3\.svg$/);
      expect(parsed.series).toHaveLength(1);
    }

    const expected = await teach.curves.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-series') ?? ''),
    );
    expect(expected).toHaveLength(CHARTED.length);
    const compared = await svgOf('compare-methods', /^compare-methods-k3-steps\d+\.svg$/);
    expect(compared.series.map((s) => s.name)).toEqual(expected);
    expect(compared.legend).toEqual(expected);

    if (REPORT) {
      for (const metric of ['recall', 'ndcg']) {
        const parsed = await svgOf(
          `eval-${metric}`,
          new RegExp(`^${metric}-at-20-vs-ratings-[a-z-]+\\.svg$`),
        );
        const legend = await page
          .locator('.eval-legend li')
          .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(' (the default)', '').trim()));
        expect(parsed.series.map((s) => s.name)).toEqual(legend);
      }
    }
    if ((await teach.interview.getAttribute('data-state')) === 'ready') {
      const parsed = await svgOf('interview', /^recall-at-20-vs-movies-offered\.svg$/);
      const strategies = await page.locator('[data-testid="interview-legend"] li').count();
      expect(parsed.series).toHaveLength(strategies);
    }

    // The map: a PNG (its magic bytes) of the canvas with the path, named after what it shows.
    const { name, file } = await download(teach, 'taste-map');
    expect(name).toMatch(/^taste-map-[a-z]+-k3\.png$/);
    const path = testInfo.outputPath(name);
    await file.saveAs(path);
    const png = await readFile(path);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Wider than tall, and taller than the map alone (title and legend).
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBeGreaterThan(200);
    expect(height).toBeGreaterThan(await map.number('data-height'));
    expect(seen.errors).toEqual([]);
  },
);
