/**
 * npx tsx bench/profile.ts [options]: where the app's main-thread long tasks come from.
 *
 * Drives the real app as the bench does (bench/browser.ts appRun: back-to-back ratings from inside
 * the page) once without instrumentation, counting long tasks as the bench counts them, then once
 * under a Chromium performance trace with the V8 sampling profiler, and breaks every long task
 * down (bench/trace.ts): which worker message or rating started it, style / layout / paint /
 * script time, and script time by module and by app function. The app is built without
 * minification (.tmp/profile-dist) so the trace names modules and functions; it is the same
 * production React build otherwise. Several builds (e.g. a baseline and the working tree) run
 * alternately in the same browser for a side-by-side comparison.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROME_PATH, COMMON_ARGS, PROJECT_ARGS } from '../e2e/chromium';
import { appRun } from './browser';
import { serve } from './serve';
import { moduleIndex, summarizeTrace, topEntries, TRACE_CATEGORIES, type TraceEvent } from './trace';

const USAGE = `Usage: npx tsx bench/profile.ts [options]
  --projects LIST   browser projects (default cpu; webgpu, webgl, cpu)
  --ratings N       back-to-back adaptations per run (default 20)
  --rounds N        runs per build and project, alternating builds (default 1)
  --dist LIST       label=dir,... builds to compare (default current=.tmp/profile-dist, built first)
  --query Q         appended to the app's URL, e.g. '?hide=eval' to leave a panel out
  --skip-build      do not rebuild .tmp/profile-dist
  --no-trace        only count long tasks (no traced run)
  --port N          static server port (default 4392)
  --out FILE        raw results (default .tmp/profile.json)`;

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
      projects: { type: 'string' },
      ratings: { type: 'string' },
      rounds: { type: 'string' },
      dist: { type: 'string' },
      query: { type: 'string' },
      'skip-build': { type: 'boolean' },
      'no-trace': { type: 'boolean' },
      port: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const log = (s: string) => console.error(`[profile] ${s}`);
  const dists = (values.dist ?? 'current=.tmp/profile-dist').split(',').map((x) => {
    const [label, dir] = x.split('=');
    if (!label || !dir) throw new Error(`--dist expects label=dir, got ${x}`);
    return { label, dir: resolve(ROOT, dir) };
  });
  if (!values.dist && !values['skip-build']) {
    log('building the app without minification into .tmp/profile-dist');
    const r = spawnSync('npx', ['vite', 'build', '--minify', 'false', '--outDir', '.tmp/profile-dist'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const indexes = dists.map((d) => {
    const assets = join(d.dir, 'assets');
    const files = Object.fromEntries(
      readdirSync(assets)
        .filter((f) => f.endsWith('.js'))
        .map((f) => [f, readFileSync(join(assets, f), 'utf8')]),
    );
    return moduleIndex(files);
  });
  const projects = (values.projects ?? 'cpu').split(',') as (keyof typeof PROJECT_ARGS)[];
  const ratings = Number(values.ratings ?? 20);
  const rounds = Number(values.rounds ?? 1);
  const port = Number(values.port ?? 4392);
  const mounts = Object.fromEntries(dists.map((d, i) => [`/d${i}/`, d.dir]));
  const server = await serve(mounts, port);
  const results: unknown[] = [];
  log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')}`,
  );
  try {
    for (const project of projects) {
      const args = PROJECT_ARGS[project];
      if (!args) throw new Error(`unknown project ${project}`);
      const browser = await chromium.launch({ executablePath: CHROME_PATH, args: [...COMMON_ARGS, ...args] });
      try {
        for (let round = 0; round < rounds; round++)
          for (const [i, d] of dists.entries()) {
            const base = `http://127.0.0.1:${port}/d${i}/${values.query ?? ''}`;
            const fresh = async () => {
              const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
              const page = await ctx.newPage();
              await page.addInitScript(MARK_WORKER_MESSAGES);
              return { ctx, page };
            };
            const plain = await fresh();
            const app = await appRun(plain.page, base, ratings);
            await plain.ctx.close();
            const durations = app.longTasks.map((t) => Math.round(t.duration));
            // Total blocking time: the part of each long task beyond 50 ms (less noisy than a count).
            const tbt = durations.reduce((n, d) => n + Math.max(0, d - 50), 0);
            log(
              `${project} ${d.label} round ${round + 1}: ${app.backend}, ${durations.length} long tasks, max ${Math.max(0, ...durations)} ms, blocking ${tbt} ms [${durations.join(', ')}], mean adaptation ${app.meanAdaptMs.toFixed(1)} ms (worker); load ${loadavg()[0]?.toFixed(2)}`,
            );
            const entry: Record<string, unknown> = {
              project,
              build: d.label,
              round,
              backend: app.backend,
              longTasks: durations,
              blockingMs: tbt,
              load: loadavg(),
            };
            if (!values['no-trace']) {
              const traced = await fresh();
              let trace: Buffer | null = null;
              await appRun(traced.page, base, ratings, {
                before: () => browser.startTracing(traced.page, { categories: TRACE_CATEGORIES }),
                after: async () => {
                  trace = await browser.stopTracing();
                },
              });
              await traced.ctx.close();
              const text = (trace as Buffer | null)?.toString('utf8') ?? '{"traceEvents":[]}';
              // Kept for chrome://tracing or the DevTools performance panel.
              writeFileSync(join(ROOT, `.tmp/trace-${project}-${d.label}.json`), text);
              const events = (JSON.parse(text) as { traceEvents: TraceEvent[] }).traceEvents;
              const summary = summarizeTrace(events, indexes[i] ?? new Map());
              entry.traced = summary;
              report(`${project} ${d.label} round ${round + 1} (traced)`, summary, ratings);
            }
            results.push(entry);
          }
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.close();
  }
  const out = resolve(ROOT, values.out ?? '.tmp/profile.json');
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${out}`);
}

function report(title: string, s: ReturnType<typeof summarizeTrace>, ratings: number): void {
  const lt = s.longTasks;
  const sum = (f: (t: (typeof lt)[number]) => number) => lt.reduce((n, t) => n + f(t), 0);
  const lines = [
    `\n## ${title}`,
    `${lt.length} long tasks, ${sum((t) => t.duration).toFixed(0)} ms in them; ${s.totalTaskMs.toFixed(0)} ms of main-thread tasks in all (${(s.totalTaskMs / ratings).toFixed(0)} ms per adaptation)`,
    `self time in all tasks by kind, per adaptation: ${(
      ['script', 'style', 'layout', 'paint', 'gc', 'other'] as const
    )
      .map((k) => `${k} ${(s.totalByKind[k] / ratings).toFixed(1)}`)
      .join(', ')}`,
    `self time in long tasks by kind: ${(['script', 'style', 'layout', 'paint', 'gc', 'other'] as const)
      .map((k) => `${k} ${sum((t) => t.selfByKind[k]).toFixed(0)}`)
      .join(', ')}`,
    'each long task: ms, what started it (marks), script / style / layout / paint',
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
      20,
    ).map(([k, v]) => `  ${v.toFixed(0).padStart(6)}  ${k}`),
  ];
  console.log(lines.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
