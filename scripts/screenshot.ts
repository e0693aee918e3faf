/**
 * npx tsx scripts/screenshot.ts [--port N] [--out FILE]: the README's picture of the app.
 * Serves the built app (`npx vite build` first) with Vite's preview server in-process, opens it in
 * the system Chromium without a GPU (the e2e suite's cpu flags, so it runs on any machine), rates a
 * few movies on the deck and saves the first screen at 1366 x 900: docs/screenshot.jpg by default (a
 * JPEG keeps it under 200 KB; a PNG of the same screen is about 400 KB).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { CHROME_PATH, COMMON_ARGS, PROJECT_ARGS } from '../e2e/chromium';
import { REPO_ROOT } from './lib/modelDir';

/** The stars given to the first movies the deck offers: a visitor with a clear taste. */
const RATINGS = [5, 4.5, 1, 4, 2];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '4407' }, out: { type: 'string' } },
    strict: true,
  });
  const out = resolve(values.out ?? resolve(REPO_ROOT, 'docs', 'screenshot.jpg'));
  const server = await preview({
    root: REPO_ROOT,
    preview: { port: Number(values.port), host: '127.0.0.1' },
  });
  const browser = await chromium.launch({
    executablePath: CHROME_PATH,
    args: [...COMMON_ARGS, ...PROJECT_ARGS.cpu],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, colorScheme: 'light' });
    await page.goto(`http://127.0.0.1:${values.port}/`);
    const status = page.getByTestId('adapt-status');
    await status.waitFor();
    const done = async (k: number) =>
      page.waitForFunction(
        (want) => {
          const s = document.querySelector('[data-testid="adapt-status"]');
          return s?.getAttribute('data-state') === 'done' && s.getAttribute('data-k') === String(want);
        },
        k,
        { timeout: 120_000 },
      );
    await done(0);
    for (const [i, stars] of RATINGS.entries()) {
      const card = page.locator('[data-testid="candidate"][data-source="onboarding"]').first();
      const label = `${stars} star${stars === 1 ? '' : 's'}`;
      await card.getByRole('radio', { name: label, exact: true }).first().click();
      await done(i + 1);
    }
    // Let the last adaptation's steps finish playing before the picture is taken.
    await page.waitForTimeout(1500);
    await page.getByTestId('undo-toast').getByRole('button', { name: 'Dismiss' }).click();
    await page.mouse.move(0, 0);
    mkdirSync(dirname(out), { recursive: true });
    const jpeg = /\.jpe?g$/i.test(out);
    await page.screenshot({ path: out, ...(jpeg ? { type: 'jpeg' as const, quality: 80 } : {}) });
    console.error(`${out}: the first screen after ${RATINGS.length} ratings`);
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

main().catch((e: unknown) => {
  console.error(`screenshot: ${(e as Error).message}`);
  process.exit(1);
});
