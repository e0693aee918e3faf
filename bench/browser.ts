/**
 * The browser half of the bench, in the system Chromium through Playwright, once per backend
 * configuration of playwright.config.ts: the bench page (the app's worker handler, instrumented)
 * for adaptation cost, kernels, readbacks and memory; the real app for main-thread long tasks and
 * the time from navigation to the first recommendations.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { COMMON_ARGS, PROJECT_ARGS } from '../e2e/chromium';
import type { BackendReport } from '../src/worker/protocol';
import { INTERVIEW_INFO, INTERVIEW_STRATEGIES } from '../src/methods/interview';
import type { AskResult, CaseResult, InitResult, MemoryResult } from './page/protocol';

/** The same three configurations as the end-to-end suite. */
export const PROJECTS: Record<string, string[]> = PROJECT_ARGS;
export { COMMON_ARGS };

export interface CaseSummary {
  k: number;
  steps: number;
  medianMs: number;
  p95Ms: number;
  firstMs: number;
  kernels: number;
  readbacks: number;
  streamedSteps: number;
  kernelNames: Record<string, number>;
}

/** Choosing the next movies to offer (an adaptive interview strategy), at K ratings. */
export interface AskSummary {
  k: number;
  strategy: string;
  medianMs: number;
  p95Ms: number;
  firstMs: number;
  kernels: number;
  readbacks: number;
}

export interface ProjectResult {
  project: string;
  backend: BackendReport;
  initMs: number;
  cases: CaseSummary[];
  /** Every adaptive strategy's ask at K = 5 and 20 (absent in runs before the interview). */
  asks?: AskSummary[];
  /** (kernels at 20 steps - kernels at 5 steps) / 15, at K = 5 and K = 20. */
  kernelsPerStep: number[];
  memory: MemoryResult;
  app: {
    backend: string;
    /** navigation start to the first recommendation on screen, ms. */
    firstRecommendationsMs: number;
    adaptations: number;
    longTasks: { startTime: number; duration: number }[];
    /** Mean worker-reported adaptation time in the app (adaptDone.ms), ms. */
    meanAdaptMs: number;
  } | null;
}

export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] ?? NaN) + ((s[hi] ?? NaN) - (s[lo] ?? NaN)) * (pos - lo);
}

async function benchPage(
  page: Page,
  base: string,
  reps: number,
  memoryRuns: number,
  log: (s: string) => void,
) {
  await page.goto(`${base}bench/`);
  await page.waitForFunction(() => 'bench' in window, undefined, { timeout: 120_000 });
  const call = <T>(msg: unknown) =>
    page.evaluate(
      (m) => (window as unknown as { bench: { call(x: unknown): Promise<unknown> } }).bench.call(m),
      msg,
    ) as Promise<T>;
  const init = await call<InitResult>({ cmd: 'init', backend: null, modelBase: `${base}bench/model/` });
  const cases: CaseSummary[] = [];
  for (const k of [5, 20])
    for (const steps of [5, 20]) {
      log(`K=${k}, ${steps} steps`);
      const r = await call<CaseResult>({ cmd: 'case', k, steps, reps });
      cases.push({
        k,
        steps,
        medianMs: quantile(r.times, 0.5),
        p95Ms: quantile(r.times, 0.95),
        firstMs: r.firstMs,
        kernels: r.kernels,
        readbacks: r.readbacks,
        streamedSteps: r.streamedSteps,
        kernelNames: r.kernelNames,
      });
    }
  const kernelsPerStep = [5, 20].map((k) => {
    const a = cases.find((c) => c.k === k && c.steps === 5)?.kernels ?? NaN;
    const b = cases.find((c) => c.k === k && c.steps === 20)?.kernels ?? NaN;
    return (b - a) / 15;
  });
  // The adaptive interview strategies: their next offers are computed in the worker after each
  // answer, and should cost no more than the adaptation itself.
  const asks: AskSummary[] = [];
  for (const strategy of INTERVIEW_STRATEGIES.filter((x) => INTERVIEW_INFO[x].adaptive))
    for (const k of [5, 20]) {
      log(`ask (${strategy}) at K=${k}`);
      const r = await call<AskResult>({ cmd: 'ask', k, strategy, reps });
      asks.push({
        k,
        strategy,
        medianMs: quantile(r.times, 0.5),
        p95Ms: quantile(r.times, 0.95),
        firstMs: r.firstMs,
        kernels: r.kernels,
        readbacks: r.readbacks,
      });
    }
  log(`${memoryRuns} adaptations for tf.memory()`);
  const memory = await call<MemoryResult>({ cmd: 'memory', adaptations: memoryRuns });
  return { init, cases, asks, kernelsPerStep, memory };
}

/**
 * Rates the first onboarding candidate n times, waiting for each adaptation to be on screen.
 * A string, run in the page as is (a compiled function would carry the bundler's helpers).
 */
export const DRIVER = `async (n) => {
  const status = () => document.querySelector('[data-testid="adapt-status"]');
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
  const start = performance.now();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const runs = Number(status()?.dataset.runs ?? 0);
    const k = Number(status()?.dataset.k ?? 0);
    const card = document.querySelector('[data-testid="candidate"][data-source="onboarding"]');
    const stars = [4, 2.5, 5, 3, 1.5][i % 5];
    const radio = card?.querySelector('input[aria-label="' + stars + ' stars"]');
    if (!radio) throw new Error('no rating control on the first candidate');
    performance.mark('bench:rate');
    radio.click();
    await until(() => {
      const d = status()?.dataset;
      return d?.state === 'done' && Number(d.k) === k + 1 && Number(d.runs) > runs;
    });
    sum += Number(status()?.dataset.ms ?? 0);
    // The next rating is a new input event, as a visitor's would be: without this it would run
    // inside the task that rendered the result (the MutationObserver callback), and the two
    // would be measured as one long task.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { t0: start, t1: performance.now(), total: sum };
}`;

/**
 * The real app: navigation to first recommendations, then `ratings` back-to-back adaptations
 * through the UI. `around` brackets the driven adaptations (bench/profile.ts records a trace).
 */
export async function appRun(
  page: Page,
  base: string,
  ratings: number,
  around?: { before: () => Promise<void>; after: () => Promise<void> },
): Promise<NonNullable<ProjectResult['app']>> {
  await page.addInitScript(() => {
    const w = window as unknown as {
      __longTasks: { startTime: number; duration: number }[];
      __firstRecs: number;
    };
    w.__longTasks = [];
    w.__firstRecs = -1;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ startTime: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    const mo = new MutationObserver(() => {
      if (w.__firstRecs < 0 && document.querySelector('[data-testid="recommendation"]')) {
        w.__firstRecs = performance.now();
        mo.disconnect();
      }
    });
    document.addEventListener('DOMContentLoaded', () =>
      mo.observe(document.body, { childList: true, subtree: true }),
    );
  });
  await page.goto(base);
  // Software rendering under load can take a while: wait without Playwright's 5 s expect default.
  // A function, not a string: Playwright compiles a string predicate with eval inside the page,
  // which the app's Content-Security-Policy (no 'unsafe-eval') refuses.
  await page.waitForFunction(
    () =>
      document.querySelector<HTMLElement>('[data-testid="adapt-status"]')?.dataset.state === 'done' &&
      (window as unknown as { __firstRecs: number }).__firstRecs >= 0,
    undefined,
    { timeout: 300_000, polling: 250 },
  );
  const backend = (await page.getByTestId('backend-badge').getAttribute('data-backend')) ?? '';
  const firstRecommendationsMs = await page.evaluate(
    () => (window as unknown as { __firstRecs: number }).__firstRecs,
  );
  // Driven from inside the page (DOM clicks, a MutationObserver): Playwright's own polling would
  // otherwise run on the main thread and show up as long tasks.
  await around?.before();
  const { t0, t1, total } = (await page.evaluate(`(${DRIVER})(${ratings})`)) as {
    t0: number;
    t1: number;
    total: number;
  };
  await around?.after();
  const longTasks = await page.evaluate(
    ([a, b]) =>
      (window as unknown as { __longTasks: { startTime: number; duration: number }[] }).__longTasks.filter(
        (t) => t.startTime >= (a ?? 0) && t.startTime <= (b ?? 0),
      ),
    [t0, t1],
  );
  return { backend, firstRecommendationsMs, adaptations: ratings, longTasks, meanAdaptMs: total / ratings };
}

export async function benchBrowser(opts: {
  base: string;
  executablePath: string;
  projects: string[];
  reps: number;
  memoryRuns: number;
  appRatings: number;
  log: (s: string) => void;
}): Promise<ProjectResult[]> {
  const out: ProjectResult[] = [];
  for (const project of opts.projects) {
    const args = PROJECTS[project];
    if (!args) throw new Error(`unknown project ${project}; expected ${Object.keys(PROJECTS).join(', ')}`);
    const browser: Browser = await chromium.launch({
      executablePath: opts.executablePath,
      args: [...COMMON_ARGS, ...args],
    });
    try {
      opts.log(`${project}: bench page`);
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      const b = await benchPage(page, opts.base, opts.reps, opts.memoryRuns, (x) =>
        opts.log(`${project}: ${x}`),
      );
      await ctx.close();
      opts.log(`${project}: app (${b.init.backend.name})`);
      let app: ProjectResult['app'] = null;
      if (opts.appRatings > 0) {
        const ctx2 = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        app = await appRun(await ctx2.newPage(), opts.base, opts.appRatings);
        await ctx2.close();
      }
      out.push({
        project,
        backend: b.init.backend,
        initMs: b.init.initMs,
        cases: b.cases,
        asks: b.asks,
        kernelsPerStep: b.kernelsPerStep,
        memory: b.memory,
        app,
      });
    } finally {
      await browser.close();
    }
  }
  return out;
}
