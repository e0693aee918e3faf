/**
 * Security: the Content-Security-Policy is in force (header and <meta>) and nothing the app does
 * violates it, on every backend; no request, the worker's and the WebAssembly binaries' included,
 * leaves the page's origin through 21 adaptations (cpu project; 8 on the GPU projects) and a switch
 * to the wasm backend; and titles from the model's catalog are rendered as text, never as HTML.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';

declare global {
  interface Window {
    __cspViolations?: string[];
    __xss?: number;
  }
}

/** Everything that would show a policy problem: violation events, console errors, page errors. */
function watch(page: Page, context: BrowserContext, origin: string) {
  const requests: string[] = [];
  const foreign: string[] = [];
  const problems: string[] = [];
  // Context level: requests of dedicated workers (model files, wasm binaries) are reported here too.
  context.on('request', (req) => {
    const url = req.url();
    requests.push(url);
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin)
      foreign.push(url);
  });
  const onConsole = (where: string) => (msg: { type(): string; text(): string }) => {
    if (msg.type() === 'error') problems.push(`${where} console: ${msg.text()}`);
  };
  page.on('console', onConsole('page'));
  page.on('worker', (w) => w.on('console', onConsole(`worker ${w.url()}`)));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { requests, foreign, problems };
}

/** Record `securitypolicyviolation` events in the page from its first script on. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations?.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`),
    );
  });
}

test('a strict Content-Security-Policy holds on every backend and after a switch to wasm; no request leaves the origin', async ({
  page,
  context,
  app,
  deck,
  list,
  rated,
  settings,
}, testInfo) => {
  const origin = new URL(testInfo.project.use.baseURL ?? 'http://127.0.0.1/').origin;
  const seen = watch(page, context, origin);
  await recordViolations(page);

  const response = await page.goto('./');
  const header = (await response?.headerValue('content-security-policy')) ?? '';
  expect(header).toContain("default-src 'self'");
  expect(header).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(header).toContain("frame-ancestors 'none'");
  expect(header).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:|data:|blob:/);
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("worker-src 'self'");
  await app.waitReady();

  let adaptations = 0;
  let k = 0;
  const adapted = async (run: () => Promise<void>, dk: number) => {
    k += dk;
    await app.adapt(k, run);
    adaptations++;
  };
  // Three ratings on the project's own backend (WebGPU, WebGL or wasm/cpu)...
  for (let i = 0; i < 3; i++) await adapted(() => deck.rate(1 + i * 1.5), 1);

  // ...then Settings -> WebAssembly: a new worker fetches the wasm binary (on every project) and
  // adapts again; the rest runs there. The full 21 adaptations on the cpu project; the GPU projects,
  // whose own backend is done by now, repeat the same wasm steps only briefly (CI time).
  const n =
    testInfo.project.name === 'cpu' ? { more: 7, remove: 5, recs: 5 } : { more: 2, remove: 1, recs: 1 };
  await settings.open();
  await adapted(() => settings.chooseBackend('wasm'), 0);
  await expect(app.badge).toHaveAttribute('data-backend', 'wasm');
  await settings.close();
  for (let i = 0; i < n.more; i++) await adapted(() => deck.rate(1 + (i % 9) / 2), 1);

  // Remove ratings, then rate recommendations.
  for (let i = 0; i < n.remove; i++) await adapted(() => rated.removeFirst.click(), -1);
  for (let i = 0; i < n.recs; i++) await adapted(() => list.rate(4), 1);
  expect(adaptations).toBe(4 + n.more + n.remove + n.recs); // 21 on cpu
  await expect(rated.rows).toHaveCount(3 + n.more - n.remove + n.recs);

  // The worker's own fetches were seen (so the origin check covers them).
  expect(seen.requests.some((u) => u.endsWith('/model/weights.bin'))).toBe(true);
  expect(seen.requests.some((u) => /tfjs-backend-wasm[\w-]*\.wasm$/.test(u))).toBe(true);
  expect(seen.foreign, 'no request leaves the page origin').toEqual([]);
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(seen.problems).toEqual([]);

  // The policy is enforced, not just sent, in the page and in the worker (whose policy comes from
  // its own script's response header), and a refusal is reported, so the empty lists above mean
  // something: an inline script and a fetch to another origin (another port) are refused.
  const probe = () =>
    new Promise<string[]>((resolve) => {
      const got: string[] = [];
      self.addEventListener('securitypolicyviolation', (e) => got.push(e.effectiveDirective));
      if (typeof document !== 'undefined') {
        const s = document.createElement('script');
        s.textContent = 'window.__xss = 3';
        document.head.append(s);
      }
      fetch('http://127.0.0.1:9/').catch(() => {});
      // Deduplicated: in the page the header's and the <meta>'s policies each report it.
      setTimeout(() => resolve([...new Set(got)].sort()), 1000);
    });
  expect(await page.evaluate(probe)).toEqual(['connect-src', 'script-src-elem']);
  expect(await page.evaluate(() => window.__xss ?? null)).toBeNull();
  const worker = page.workers().at(-1);
  expect(worker, 'the adaptation worker').toBeDefined();
  expect(await worker?.evaluate(probe)).toEqual(['connect-src']);
});

const PAYLOAD = ' <img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold</b>';

test(
  'catalog titles are rendered as literal text, never as HTML',
  { tag: '@app' },
  async ({ page, context, app, deck, list, rated }, testInfo) => {
    const origin = new URL(testInfo.project.use.baseURL ?? 'http://127.0.0.1/').origin;
    const seen = watch(page, context, origin);
    await recordViolations(page);
    // Every title in the model's catalog carries markup (the catalog is fetched by the worker).
    await context.route('**/model/catalog.json', async (route) => {
      const res = await route.fetch();
      const catalog = (await res.json()) as { movies: [number, string, ...unknown[]][] };
      for (const m of catalog.movies) m[1] = `${m[1]}${PAYLOAD}`;
      await route.fulfill({ response: res, json: catalog });
    });

    await app.open();
    await app.waitReady();
    const title = deck.first.locator('.movie-title');
    await expect(title).toContainText(PAYLOAD.trim());

    // Titles reach the deck, search results, the rated list, the reasons under recommendations,
    // the compare view's top lists and the map's tooltip.
    await app.adapt(1, () => deck.rate(5));
    await deck.search('onerror');
    await expect(deck.searchResults.first()).toBeVisible();
    await list.first.hover();
    await expect(rated.rows.first()).toContainText('<script>window.__xss=2</script>');
    // A reason that cites the rated movie (one on the crowd's prior names none).
    await expect(list.citingReasons.first()).toContainText('<img src=x');

    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('#root img').length,
      script: document.querySelectorAll('#root script').length,
      bold: document.querySelectorAll('#root b').length,
      onerror: document.querySelectorAll('[onerror]').length,
      xss: window.__xss ?? null,
    }));
    expect(injected).toEqual({ img: 0, script: 0, bold: 0, onerror: 0, xss: null });
    expect(seen.requests.filter((u) => new URL(u).pathname.endsWith('/x'))).toEqual([]);
    expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
    expect(seen.problems).toEqual([]);
  },
);
