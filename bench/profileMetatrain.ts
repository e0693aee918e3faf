/**
 * npx tsx bench/profileMetatrain.ts [--steps N] [--skip-build] [--port N]: where the app's
 * main-thread long tasks come from while its meta-training panel trains (cpu project). Builds the
 * app without minification into .tmp/profile-dist (as bench/profile.ts does), trains N meta-steps
 * (default 40) under a Chromium performance trace with the V8 sampling profiler, and breaks every
 * long task down with bench/trace.ts: the worker message that started it, style / layout / paint /
 * script time, script time by module and by app function. The trace is kept in
 * .tmp/trace-metatrain-cpu.json.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROME_PATH, COMMON_ARGS, PROJECT_ARGS } from '../e2e/chromium';
import { metatrainAppRun } from './metatrainApp';
import { serve } from './serve';
import { moduleIndex, summarizeTrace, topEntries, TRACE_CATEGORIES, type TraceEvent } from './trace';

const ROOT = resolve(import.meta.dirname, '..');

/** Marks every worker message on the page's timeline, so a long task names what started it. */
const MARK_WORKER_MESSAGES = `(() => {
  const W = window.Worker;
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (e) => performance.mark('worker:' + (e.data && e.data.type)));
    }
  };
})()`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string' },
      'skip-build': { type: 'boolean' },
      port: { type: 'string' },
    },
  });
  const log = (s: string) => console.error(`[profile] ${s}`);
  const dir = join(ROOT, '.tmp/profile-dist');
  if (!values['skip-build']) {
    log('building the app without minification into .tmp/profile-dist');
    const r = spawnSync('npx', ['vite', 'build', '--minify', 'false', '--outDir', '.tmp/profile-dist'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const assets = join(dir, 'assets');
  const index = moduleIndex(
    Object.fromEntries(
      readdirSync(assets)
        .filter((f) => f.endsWith('.js'))
        .map((f) => [f, readFileSync(join(assets, f), 'utf8')]),
    ),
  );
  const steps = Number(values.steps ?? 40);
  const port = Number(values.port ?? 4360);
  const server = await serve({ '/': dir }, port);
  log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')}`,
  );
  const browser = await chromium.launch({
    executablePath: CHROME_PATH,
    args: [...COMMON_ARGS, ...PROJECT_ARGS.cpu],
  });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.addInitScript(MARK_WORKER_MESSAGES);
    let trace: Buffer | null = null;
    const r = await metatrainAppRun(
      page,
      `http://127.0.0.1:${port}/`,
      { steps, rateAt: 0, backendParam: 'cpu' },
      {
        before: () => browser.startTracing(page, { categories: TRACE_CATEGORIES }),
        after: async () => {
          trace = await browser.stopTracing();
        },
      },
    );
    log(
      `${r.steps} meta-steps in ${(r.wallMs / 1000).toFixed(1)} s (traced), ${r.longTasks.count} long tasks [${r.durations.join(', ')}]`,
    );
    const text = (trace as Buffer | null)?.toString('utf8') ?? '{"traceEvents":[]}';
    writeFileSync(join(ROOT, '.tmp/trace-metatrain-cpu.json'), text);
    const s = summarizeTrace((JSON.parse(text) as { traceEvents: TraceEvent[] }).traceEvents, index);
    const lt = s.longTasks;
    const kinds = ['script', 'style', 'layout', 'paint', 'gc', 'other'] as const;
    console.log(
      [
        `${lt.length} long tasks (trace), ${lt.reduce((n, t) => n + t.duration, 0).toFixed(0)} ms in them; ${s.totalTaskMs.toFixed(0)} ms of main-thread tasks in all`,
        `self time in long tasks by kind: ${kinds.map((k) => `${k} ${lt.reduce((n, t) => n + t.selfByKind[k], 0).toFixed(0)}`).join(', ')}`,
        'each long task: ms, marks, script / style / layout / paint',
        ...lt.map(
          (t) =>
            `  ${t.duration.toFixed(0).padStart(5)}  ${t.marks.join(' ') || '-'}  ${(['script', 'style', 'layout', 'paint'] as const).map((k) => t.selfByKind[k].toFixed(0)).join(' / ')}`,
        ),
        'sampled script time in long tasks by module (ms):',
        ...topEntries(
          lt.map((t) => t.scriptByModule),
          15,
        ).map(([k, v]) => `  ${v.toFixed(0).padStart(6)}  ${k}`),
        'by app function on the stack (ms):',
        ...topEntries(
          lt.map((t) => t.scriptByAppFunction),
          25,
        ).map(([k, v]) => `  ${v.toFixed(0).padStart(6)}  ${k}`),
      ].join('\n'),
    );
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
