/**
 * The app's main thread while its meta-training panel trains (issue 19: "0 main-thread long tasks
 * over 200 meta-steps on the cpu project"): the built app at `?metatrain` with the e2e suite's
 * small settings, a longtask PerformanceObserver installed before the page loads, Play, wait until
 * N meta-steps are done, Pause; the long tasks between the Play click and the paused status.
 * Optionally one rating made during training (its adaptation round trip and the long tasks in it).
 * `npm run bench -- --metatrain-longtasks` measures only this and adds it to the last results.
 * Timings only: never asserted in tests.
 */
import { chromium, type Page } from '@playwright/test';
import { COMMON_ARGS, PROJECTS } from './browser';

/** The e2e suite's small meta-training settings (e2e/metatrain.spec.ts). */
export const METATRAIN_APP_QUERY = 'metatrain&mb=8&mis=1&mk=1-10&mseed=3';

export interface LongTask {
  startTime: number;
  duration: number;
}

export interface LongTaskSummary {
  count: number;
  totalMs: number;
  maxMs: number;
  /** The part of each long task beyond 50 ms. */
  blockingMs: number;
}

/** Count, total, longest and blocking time of the long tasks starting within [t0, t1]. */
export function summarizeLongTasks(tasks: LongTask[], t0 = -Infinity, t1 = Infinity): LongTaskSummary {
  const within = tasks.filter((t) => t.startTime >= t0 && t.startTime <= t1);
  return {
    count: within.length,
    totalMs: within.reduce((n, t) => n + t.duration, 0),
    maxMs: within.reduce((m, t) => Math.max(m, t.duration), 0),
    blockingMs: within.reduce((n, t) => n + Math.max(0, t.duration - 50), 0),
  };
}

export interface MetatrainAppResult {
  project: string;
  /** The backend badge's data-backend. */
  backend: string;
  query: string;
  /** Meta-steps asked for, and the panel's data-step at the pause. */
  targetSteps: number;
  steps: number;
  /** Play click to the paused status, ms. */
  wallMs: number;
  stepsPerSecond: number;
  longTasks: LongTaskSummary;
  /** Each long task's duration, ms, in order. */
  durations: number[];
  /** One rating during training: click to its adaptation on screen (null when not asked). */
  rating: { ms: number; longTasks: LongTaskSummary } | null;
}

/**
 * Run inside the page as a string (the app's CSP refuses eval of compiled predicates, and a
 * compiled function would carry the bundler's helpers); driven from the page so Playwright's own
 * polling does not run on the main thread meanwhile.
 */
export const METATRAIN_DRIVER = `async ([n, rateAt]) => {
  const status = () => document.querySelector('[data-testid="metatrain-status"]');
  const adapt = () => document.querySelector('[data-testid="adapt-status"]');
  const group = document.querySelector('[data-testid="metatrain-panel"] [role="group"][aria-label="Training"]')
    || document.querySelector('[data-testid="metatrain-panel"]');
  const button = (name) => [...group.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
  const until = (pred) =>
    new Promise((resolve) => {
      if (pred()) return resolve();
      const mo = new MutationObserver(() => {
        if (pred()) {
          mo.disconnect();
          resolve();
        }
      });
      mo.observe(document.body, { attributes: true, subtree: true, childList: true });
    });
  const step = () => Number(status()?.dataset.step ?? 0);
  const play = button('Play');
  if (!play) throw new Error('no Play button');
  const t0 = performance.now();
  play.click();
  let rating = null;
  if (rateAt > 0) {
    await until(() => step() >= rateAt);
    await new Promise((r) => setTimeout(r, 0));
    const runs = Number(adapt()?.dataset.runs ?? 0);
    const k = Number(adapt()?.dataset.k ?? 0);
    const card = document.querySelector('[data-testid="candidate"][data-source="onboarding"]');
    const radio = card?.querySelector('input[aria-label="4 stars"]');
    if (radio) {
      const r0 = performance.now();
      radio.click();
      await until(() => {
        const d = adapt()?.dataset;
        return d?.state === 'done' && Number(d.k) === k + 1 && Number(d.runs) > runs;
      });
      rating = { r0, r1: performance.now() };
    }
  }
  await until(() => step() >= n);
  await new Promise((r) => setTimeout(r, 0));
  const pause = button('Pause');
  if (!pause) throw new Error('no Pause button');
  pause.click();
  await until(() => status()?.dataset.state === 'paused');
  return { t0, t1: performance.now(), steps: step(), rating };
}`;

/**
 * Opens the app on the page, trains `steps` meta-steps with the observer on. `around` brackets the
 * training (bench/profileMetatrain.ts records a trace).
 */
export async function metatrainAppRun(
  page: Page,
  base: string,
  opts: { steps: number; rateAt: number; backendParam?: string },
  around?: { before: () => Promise<void>; after: () => Promise<void> },
): Promise<Omit<MetatrainAppResult, 'project'>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: LongTask[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ startTime: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const query = `${opts.backendParam ? `backend=${opts.backendParam}&` : ''}${METATRAIN_APP_QUERY}`;
  await page.goto(`${base}?${query}`);
  // Ready (first adaptation on screen) and the panel's data loaded, standing still.
  await page.waitForFunction(
    () => {
      const a = document.querySelector<HTMLElement>('[data-testid="adapt-status"]')?.dataset;
      const s = document.querySelector<HTMLElement>('[data-testid="metatrain-status"]');
      return (
        a?.state === 'done' &&
        !!s &&
        /^(idle|paused)$/.test(s.dataset.state ?? '') &&
        s.getAttribute('aria-busy') === 'false'
      );
    },
    undefined,
    { timeout: 300_000, polling: 250 },
  );
  await page
    .getByTestId('metatrain-panel')
    .getByRole('button', { name: 'Play', exact: true })
    .waitFor({ state: 'visible' });
  const backend = (await page.getByTestId('backend-badge').getAttribute('data-backend')) ?? '';
  await around?.before();
  const r = (await page.evaluate(`(${METATRAIN_DRIVER})([${opts.steps}, ${opts.rateAt}])`)) as {
    t0: number;
    t1: number;
    steps: number;
    rating: { r0: number; r1: number } | null;
  };
  await around?.after();
  const all = await page.evaluate(() => (window as unknown as { __longTasks: LongTask[] }).__longTasks);
  const within = all.filter((t) => t.startTime >= r.t0 && t.startTime <= r.t1);
  const wallMs = r.t1 - r.t0;
  return {
    backend,
    query,
    targetSteps: opts.steps,
    steps: r.steps,
    wallMs,
    stepsPerSecond: r.steps / (wallMs / 1000),
    longTasks: summarizeLongTasks(within),
    durations: within.map((t) => Math.round(t.duration)),
    rating: r.rating
      ? { ms: r.rating.r1 - r.rating.r0, longTasks: summarizeLongTasks(all, r.rating.r0, r.rating.r1) }
      : null,
  };
}

/** Each project in its own browser (the e2e suite's flags). */
export async function benchMetatrainApp(opts: {
  base: string;
  executablePath: string;
  projects: string[];
  steps: number;
  rateAt: number;
  log: (s: string) => void;
}): Promise<MetatrainAppResult[]> {
  const out: MetatrainAppResult[] = [];
  for (const project of opts.projects) {
    const args = PROJECTS[project];
    if (!args) throw new Error(`unknown project ${project}; expected ${Object.keys(PROJECTS).join(', ')}`);
    const browser = await chromium.launch({
      executablePath: opts.executablePath,
      args: [...COMMON_ARGS, ...args],
    });
    try {
      opts.log(`${project}: the app's main thread over ${opts.steps} meta-steps`);
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const r = await metatrainAppRun(await ctx.newPage(), opts.base, {
        steps: opts.steps,
        rateAt: opts.rateAt,
        backendParam: project === 'cpu' ? 'cpu' : undefined,
      });
      out.push({ project, ...r });
      opts.log(
        `${project}: ${r.steps} meta-steps in ${(r.wallMs / 1000).toFixed(1)} s, ${r.longTasks.count} long tasks (max ${r.longTasks.maxMs.toFixed(0)} ms)`,
      );
    } finally {
      await browser.close();
    }
  }
  return out;
}

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

/** The results.md section. */
export function renderMetatrainApp(rs: MetatrainAppResult[] | undefined, note = ''): string[] {
  if (!rs || rs.length === 0) return [];
  const L = [
    '## 7. Main-thread long tasks while training N meta-steps in the app',
    '',
    `The built app at \`?${METATRAIN_APP_QUERY}\` (the e2e suite's small settings), a \`longtask\` PerformanceObserver installed before navigation; Play, wait (from inside the page) until the panel's data-step reaches N, Pause. Long tasks (> 50 ms) starting between the Play click and the paused status; wall time over the same window. Rating: one 4-star rating made during training, click to its adaptation on screen.${note ? ` ${note}` : ''}`,
    '',
    '| project | backend | meta-steps (asked) | wall s | meta-steps / s | long tasks | total ms | max ms | blocking ms | durations ms | rating during training ms | long tasks in it |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rs)
    L.push(
      `| ${r.project} | ${r.backend} | ${r.steps} (${r.targetSteps}) | ${f(r.wallMs / 1000)} | ${f(r.stepsPerSecond, 2)} | ${r.longTasks.count} | ${f(r.longTasks.totalMs, 0)} | ${f(r.longTasks.maxMs, 0)} | ${f(r.longTasks.blockingMs, 0)} | ${r.durations.join(', ') || '-'} | ${r.rating ? f(r.rating.ms, 0) : '-'} | ${r.rating ? r.rating.longTasks.count : '-'} |`,
    );
  L.push('');
  return L;
}
