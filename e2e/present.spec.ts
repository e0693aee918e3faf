/**
 * Presenter and embed mode, dark mode, and the accessibility check (issue 15, items 1, 7 and 8):
 * the room layout at 1920x1080 and a phone in dark mode (screenshots kept under
 * test-results/screenshots/), framing allowed only from the origins the deployer lists
 * (WARMSTART_FRAME_ANCESTORS, served by a second `vite preview` of the same build), and axe-core
 * with zero serious or critical findings on the main screen, the teaching panels, Settings and
 * About, light and dark. All app-level: tagged @app, they run once, on the cpu project.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { defaultShared, encodeHash } from '../src/state/shareState';
import { expect, test } from './fixtures';

const RATINGS = [
  { movieId: 260, rating: 5 },
  { movieId: 1721, rating: 1.5 },
  { movieId: 2571, rating: 4.5 },
];
const HASH = `#${encodeHash({ ...defaultShared(), ratings: RATINGS })}`;

test.describe('presenter mode', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test(
    '?present: large type, deck, map, curve and top 10, no page chrome',
    { tag: '@app' },
    async ({ page, app, deck, list, map, teach, present }) => {
      await app.open(`?present${HASH}`);
      await present.waitTop();
      await expect(present.app).toHaveAttribute('data-display', 'present');
      for (const panel of [map.root, teach.curve, list.top, present.exit]) await expect(panel).toBeVisible();
      await expect(deck.first).toBeVisible();
      // No header, footer, demo bar, full list or teaching panels.
      await expect(present.chrome).toHaveCount(0);
      for (const panel of [app.badge, list.recommendations, teach.compare, teach.interview])
        await expect(panel).toHaveCount(0);
      // Body text at 20px (125%), and the room's panels fit the projector's screen without scrolling.
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px');
      for (const [id, panel] of [
        ['embedding-map', map.root],
        ['top-list', list.top],
      ] as const) {
        const box = await panel.boundingBox();
        expect(box && box.y + box.height, `${id} ends on screen`).toBeLessThanOrEqual(1080);
      }
      await page.screenshot({ path: 'test-results/screenshots/present-1920x1080.png' });

      // The toggle: leave (the address follows), and back in from the header.
      await present.exit.click();
      await expect(app.badge).toBeVisible();
      expect(new URL(page.url()).search).toBe('');
      expect(new URL(page.url()).hash).toContain('r=');
      await present.toggle.click();
      await expect(present.exit).toBeVisible();
      expect(new URL(page.url()).search).toBe('?present');
      // A rating still adapts and the hash keeps the ratings after the query.
      await page.reload();
      await present.waitTop();
      await expect(present.app).toHaveAttribute('data-display', 'present');
    },
  );
});

test.describe('dark mode', () => {
  test.use({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', hasTouch: true, isMobile: true });

  test(
    'follows the system on a phone; Settings switches it and it persists',
    { tag: '@app' },
    async ({ page, app, settings }) => {
      await app.open(HASH);
      await app.waitReady();
      await expect(app.html).toHaveAttribute('data-theme', 'dark');
      const bg = () => page.evaluate(() => getComputedStyle(document.body.parentElement!).backgroundColor);
      expect(await bg()).toBe('rgb(15, 17, 23)');
      await app.screenshot('cpu', 'phone-dark');
      await settings.open();
      await expect(settings.theme(/Like this device/)).toBeChecked();
      await settings.theme(/^Light/).check();
      await expect(app.html).toHaveAttribute('data-theme', 'light');
      await page.reload();
      await app.waitReady();
      await expect(app.html).toHaveAttribute('data-theme', 'light');
      expect(await bg()).toBe('rgb(245, 246, 250)');
    },
  );
});

test.describe('embedding', () => {
  const port = Number(process.env.E2E_PORT ?? 4317) + 1;
  // The framing pages ("slides"), served on loopback like the app (a page Chromium cannot place on
  // the local network, one answered by page.route, may not frame a loopback address at all), on
  // ports the system picks.
  let ALLOWED = '';
  let OTHER = '';
  const decks: Server[] = [];
  const framed = `http://127.0.0.1:${port}/`;
  let server: ChildProcess | null = null;

  // The same dist/, served by a second preview that read WARMSTART_FRAME_ANCESTORS (as a host
  // would send the _headers file of a build made with it), allowing the first slide's origin.
  test.beforeAll(async () => {
    const origins: string[] = [];
    for (let i = 0; i < 2; i++) {
      // /deck?src=URL: a slide holding URL in an iframe.
      const deck = createServer((req, res) => {
        const src = new URL(req.url ?? '/', 'http://localhost').searchParams.get('src') ?? '';
        res.setHeader('content-type', 'text/html');
        res.end(
          `<!doctype html><title>slides</title><iframe src="${src.replace(/"/g, '&quot;')}" width="1100" height="700" title="warmstart"></iframe>`,
        );
      });
      await new Promise<void>((done) => deck.listen(0, '127.0.0.1', done));
      decks.push(deck);
      origins.push(`http://localhost:${(deck.address() as AddressInfo).port}`);
    }
    [ALLOWED = '', OTHER = ''] = origins;
    server = spawn(
      'npx',
      ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
      {
        env: { ...process.env, WARMSTART_FRAME_ANCESTORS: ALLOWED },
        stdio: 'ignore',
        detached: true,
      },
    );
    await expect
      .poll(
        async () => {
          try {
            return (await fetch(framed)).headers.get('content-security-policy') ?? '';
          } catch {
            return '';
          }
        },
        { timeout: 60_000 },
      )
      .toContain(`frame-ancestors ${ALLOWED}`);
  });
  test.afterAll(async () => {
    // The preview's whole process group (npx and vite); gone already if it failed to start.
    try {
      if (server?.pid) process.kill(-server.pid);
    } catch {
      // Nothing left to stop.
    }
    await Promise.all(decks.map((d) => new Promise((done) => d.close(done))));
  });

  /** The slide at `origin` holding `src` in an iframe. */
  async function host(page: Page, origin: string, src: string): Promise<void> {
    await page.goto(`${origin}/deck?src=${encodeURIComponent(src)}`);
  }

  test(
    'the header: frame-ancestors is the listed origin, the rest of the policy unchanged',
    { tag: '@app' },
    async ({ request }) => {
      const plain = (await request.get('./')).headers()['content-security-policy'] ?? '';
      const listed = (await request.get(framed)).headers()['content-security-policy'] ?? '';
      expect(plain).toContain("frame-ancestors 'none'");
      expect(listed).toContain(`frame-ancestors ${ALLOWED}`);
      expect(listed.replace(ALLOWED, "'none'")).toBe(plain);
      // The build's _headers file says what the default preview sends.
      const file = await readFile('dist/_headers', 'utf8');
      expect(file).toContain(`Content-Security-Policy: ${plain}`);
    },
  );

  test(
    '?embed renders in an iframe from an allowed origin, and is refused from another',
    { tag: '@app' },
    async ({ page, baseURL }) => {
      await host(page, ALLOWED, `${framed}?embed${HASH}`);
      const frame = page.frameLocator('iframe');
      await expect(frame.getByTestId('top-item')).toHaveCount(10);
      await expect(frame.getByTestId('app')).toHaveAttribute('data-display', 'embed');
      await expect(frame.getByTestId('embed-open')).toBeVisible();
      await expect(frame.locator('.topbar, .footer')).toHaveCount(0);

      const refused = page.waitForEvent('console', (m) => /frame-ancestors/.test(m.text()));
      await host(page, OTHER, `${framed}?embed${HASH}`);
      await refused;
      await expect.poll(() => page.frames()[1]?.url() ?? '').not.toContain('127.0.0.1');

      // And the default build frames nowhere, not even from the allowed origin.
      const none = page.waitForEvent('console', (m) => /frame-ancestors 'none'/.test(m.text()));
      await host(page, ALLOWED, `${baseURL}?embed`);
      await none;
    },
  );
});

test.describe('accessibility', () => {
  /** Serious and critical findings of axe-core (WCAG 2.1 A and AA rules) on the page as it is now. */
  async function axe(page: Page, where: string): Promise<void> {
    // What is off screen under content-visibility: auto is not rendered, so axe cannot read its
    // colours: render everything for the check (element.style, which the CSP allows).
    await page.evaluate(() => {
      for (const e of document.querySelectorAll<HTMLElement>('*'))
        if (getComputedStyle(e).contentVisibility === 'auto') e.style.contentVisibility = 'visible';
    });
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const bad = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
      );
    expect(bad, `${where}: serious or critical axe findings`).toEqual([]);
  }

  for (const scheme of ['light', 'dark'] as const)
    test(
      `axe: no serious findings on the main screen, teaching panels, Settings and About (${scheme})`,
      {
        tag: '@app',
      },
      async ({ page, app, teach, settings }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await app.open(HASH);
        await app.waitReady();
        await expect(app.html).toHaveAttribute('data-theme', scheme);
        // The compare view has run and the evaluation has loaded.
        await expect(teach.compare).toHaveAttribute('data-state', 'done');
        await expect(teach.evalChart).toHaveCount(2);
        await expect(teach.evalTable).toHaveCount(2);
        await axe(page, 'main screen with the compare view and the evaluation');

        for (const [button, dialog] of [
          ['Settings', settings.panel],
          ['About', settings.about],
        ] as const) {
          const opener = settings.opener(button);
          await opener.click();
          // Focus moves into the dialog, stays there on Tab, and goes back to the button on Escape.
          await expect(dialog).toBeFocused();
          for (let i = 0; i < 25; i++) await page.keyboard.press('Tab');
          expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
          await axe(page, button);
          await page.keyboard.press('Escape');
          await expect(dialog).toHaveCount(0);
          await expect(opener).toBeFocused();
        }
      },
    );
});
