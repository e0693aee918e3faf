/**
 * npm run bench [-- options]: measure what adaptation costs on each backend, what training costs,
 * and what the visitor downloads; write bench/results.json and bench/results.md.
 */
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { splitUsers } from '../src/data/split';
import { prepareTrainingData } from '../src/model/trainingData';
import { DEFAULT_DATA_DIR, loadMovieLensDir } from '../scripts/lib/dataDir';
import { useBackend } from '../scripts/lib/backend';
import { benchBrowser, PROJECTS } from './browser';
import { INITIAL_JS_TARGET_KB, measurePayload } from './payload';
import { renderMarkdown, type BenchResults } from './report';
import { benchMetatrain } from './metatrain';
import { benchMetatrainApp } from './metatrainApp';
import { serve } from './serve';
import { benchTraining, trainingShape } from './training';
import { CHROME_PATH } from '../e2e/chromium';

const USAGE = `Usage: npm run bench -- [options]
  --skip-train        skip the wall time of the full \`npm run train\` (about 2-3 minutes)
  --skip-browser      skip the browser part
  --skip-build        reuse dist/ and .tmp/bench-dist/ as built
  --projects LIST     browser projects (default ${Object.keys(PROJECTS).join(',')})
  --reps N            timed adaptations per case (default 30)
  --memory-runs N     adaptations between the two tf.memory() readings (default 200)
  --app-ratings N     back-to-back adaptations in the app for long tasks (default 20)
  --save-before       also save this run as bench/before.json (the baseline results.md compares against)
  --port N            static server port (default 4391)
  --render            only rewrite bench/results.md from results.json, before.json and notes.md
  --payload           only build the app (unless --skip-build) and print its initial JS against the
                      target; writes nothing, exits 1 over the target
  --metatrain         only the training panel's meta-steps (per project), added to the last results
  --metatrain-steps N         timed meta-steps while playing (default 20)
  --metatrain-memory-steps N  meta-steps between the two tf.memory() readings (default 1000)
  --metatrain-longtasks       only the app's main-thread long tasks while its panel trains (per
                              project, default cpu), added to the last results
  --metatrain-app-steps N     meta-steps to train in the app for the long tasks (default 200)
  --metatrain-rate-at N       also rate a movie once data-step reaches N (default 5; 0: no rating)
  --note TEXT                 with --metatrain-longtasks: a sentence for results.md (e.g. the load)`;

const ROOT = resolve(import.meta.dirname, '..');

function sh(cmd: string): string {
  try {
    return execSync(cmd, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'skip-train': { type: 'boolean' },
      'skip-browser': { type: 'boolean' },
      'skip-build': { type: 'boolean' },
      projects: { type: 'string' },
      reps: { type: 'string' },
      'memory-runs': { type: 'string' },
      'app-ratings': { type: 'string' },
      'save-before': { type: 'boolean' },
      port: { type: 'string' },
      render: { type: 'boolean' },
      payload: { type: 'boolean' },
      metatrain: { type: 'boolean' },
      'metatrain-steps': { type: 'string' },
      'metatrain-memory-steps': { type: 'string' },
      'metatrain-longtasks': { type: 'boolean' },
      'metatrain-app-steps': { type: 'string' },
      'metatrain-rate-at': { type: 'string' },
      note: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.render) {
    const read = (f: string) => JSON.parse(readFileSync(join(ROOT, f), 'utf8')) as BenchResults;
    writeResults(
      read('bench/results.json'),
      existsSync(join(ROOT, 'bench/before.json')) ? read('bench/before.json') : null,
      false,
    );
    return;
  }
  if (values.payload) return printPayload(Boolean(values['skip-build']));
  const log = (s: string) => console.error(`[bench] ${s}`);
  const executablePath = CHROME_PATH;
  const projects = (values.projects ?? Object.keys(PROJECTS).join(',')).split(',');
  const port = Number(values.port ?? 4391);
  const metatrainRun = () =>
    benchMetatrain({
      base: `http://127.0.0.1:${port}/`,
      executablePath,
      projects,
      timedSteps: Number(values['metatrain-steps'] ?? 20),
      memorySteps: Number(values['metatrain-memory-steps'] ?? 1000),
      log,
    });
  if (values['metatrain-longtasks'])
    return metatrainLongtasksOnly(Boolean(values['skip-build']), port, {
      projects: (values.projects ?? 'cpu').split(','),
      steps: Number(values['metatrain-app-steps'] ?? 200),
      rateAt: Number(values['metatrain-rate-at'] ?? 5),
      note: values.note ?? '',
    });
  if (values.metatrain) return metatrainOnly(Boolean(values['skip-build']), port, metatrainRun);
  const started = new Date();
  const load = [loadavg()];
  const commit = sh('git rev-parse HEAD');
  const dirty =
    sh(
      "git status --porcelain --untracked-files=no -- src scripts bench e2e package.json vite.config.ts ':!bench/results.*'",
    ) !== '';

  if (!values['skip-build']) {
    log('building the app and the bench page');
    for (const args of [
      ['vite', 'build'],
      ['vite', 'build', '--config', 'bench/vite.config.ts'],
    ]) {
      const r = spawnSync('npx', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      if (r.status !== 0) throw new Error(`npx ${args.join(' ')} failed`);
    }
  }
  const payload = measurePayload(join(ROOT, 'dist'));

  const browserInfo = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  const chromiumVersion = browserInfo.version();
  await browserInfo.close();

  let browser: BenchResults['browser'] = [];
  let metatrain: BenchResults['metatrain'];
  if (!values['skip-browser']) {
    const server = await serve({ '/bench/': join(ROOT, '.tmp/bench-dist'), '/': join(ROOT, 'dist') }, port);
    try {
      browser = await benchBrowser({
        base: `http://127.0.0.1:${port}/`,
        executablePath,
        projects,
        reps: Number(values.reps ?? 30),
        memoryRuns: Number(values['memory-runs'] ?? 200),
        appRatings: Number(values['app-ratings'] ?? 20),
        log,
      });
      metatrain = await metatrainRun();
    } finally {
      server.close();
    }
    load.push(loadavg());
  }

  log('training throughput (Node, wasm backend)');
  await useBackend('wasm');
  const { data } = loadMovieLensDir(DEFAULT_DATA_DIR);
  const userIds = [...new Set(data.ratings.map((r) => r.userId))];
  const prepared = prepareTrainingData(data, splitUsers(userIds, 42));
  const manifest = JSON.parse(readFileSync(join(ROOT, 'public/model/manifest.json'), 'utf8')) as {
    formatVersion?: number;
    hyperparameters?: Record<string, unknown>;
  };
  // Format version 1 is the former rating model: its hyperparameters are not the list recipe's.
  const listManifest = (manifest.formatVersion ?? 1) >= 2;
  if (!listManifest)
    log('public/model/manifest.json is not a list model (format version 1): timing the list recipe defaults');
  const training = await benchTraining(
    prepared,
    trainingShape(listManifest ? (manifest.hyperparameters ?? {}) : {}),
  );
  load.push(loadavg());

  let trainWallSeconds: number | null = null;
  if (!values['skip-train']) {
    log('full `npm run train` (into .tmp/bench-train, the shipped model is not touched)');
    const out = join(ROOT, '.tmp/bench-train');
    mkdirSync(out, { recursive: true });
    const t0 = Date.now();
    const r = spawnSync(
      'npx',
      ['tsx', 'scripts/train.ts', '--out', join(out, 'model'), '--eval-out', join(out, 'eval')],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (r.status !== 0) throw new Error('npm run train failed');
    trainWallSeconds = (Date.now() - t0) / 1000;
    load.push(loadavg());
  }

  const results: BenchResults = {
    startedAt: started.toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: totalmem() / 2 ** 30,
      node: process.version,
      chromium: chromiumVersion,
      commit,
      dirty,
      loadAverages: load.map((l) => l.map((x) => Math.round(x * 100) / 100)),
    },
    browser,
    training,
    trainWallSeconds,
    payload,
    ...(metatrain ? { metatrain } : {}),
  };
  const beforePath = join(ROOT, 'bench/before.json');
  if (values['save-before']) writeFileSync(beforePath, `${JSON.stringify(results, null, 2)}\n`);
  const before = existsSync(beforePath)
    ? (JSON.parse(readFileSync(beforePath, 'utf8')) as BenchResults)
    : null;
  writeResults(results, before, Boolean(values['save-before']));
  log('wrote bench/results.json and bench/results.md');
}

/** --metatrain: build (unless --skip-build), measure the meta-steps, add them to the last results. */
async function metatrainOnly(
  skipBuild: boolean,
  port: number,
  run: () => Promise<NonNullable<BenchResults['metatrain']>>,
): Promise<void> {
  if (!skipBuild)
    for (const args of [
      ['vite', 'build'],
      ['vite', 'build', '--config', 'bench/vite.config.ts'],
    ])
      if (spawnSync('npx', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0)
        throw new Error(`npx ${args.join(' ')} failed`);
  const server = await serve({ '/bench/': join(ROOT, '.tmp/bench-dist'), '/': join(ROOT, 'dist') }, port);
  let metatrain: NonNullable<BenchResults['metatrain']>;
  try {
    metatrain = await run();
  } finally {
    server.close();
  }
  const read = (f: string) => JSON.parse(readFileSync(join(ROOT, f), 'utf8')) as BenchResults;
  const beforePath = join(ROOT, 'bench/before.json');
  // Each project's row is replaced; the projects not measured this time keep theirs.
  const last = read('bench/results.json');
  const kept = (last.metatrain ?? []).filter((r) => !metatrain.some((m) => m.project === r.project));
  const merged = [...kept, ...metatrain].sort(
    (a, b) => Object.keys(PROJECTS).indexOf(a.project) - Object.keys(PROJECTS).indexOf(b.project),
  );
  writeResults(
    { ...last, metatrain: merged },
    existsSync(beforePath) ? read('bench/before.json') : null,
    false,
  );
  console.error('[bench] added the meta-training figures to bench/results.json and bench/results.md');
}

/**
 * --metatrain-longtasks: build the app (unless --skip-build), train in it with the longtask
 * observer on, add the figures to the last results (each project's row replaced).
 */
async function metatrainLongtasksOnly(
  skipBuild: boolean,
  port: number,
  opts: { projects: string[]; steps: number; rateAt: number; note: string },
): Promise<void> {
  if (
    !skipBuild &&
    spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }).status
  )
    throw new Error('npx vite build failed');
  const load = loadavg().map((x) => Math.round(x * 100) / 100);
  const server = await serve({ '/': join(ROOT, 'dist') }, port);
  let rows: NonNullable<BenchResults['metatrainApp']>;
  try {
    rows = await benchMetatrainApp({
      base: `http://127.0.0.1:${port}/`,
      executablePath: CHROME_PATH,
      projects: opts.projects,
      steps: opts.steps,
      rateAt: opts.rateAt,
      log: (s) => console.error(`[bench] ${s}`),
    });
  } finally {
    server.close();
  }
  const loadAfter = loadavg().map((x) => Math.round(x * 100) / 100);
  const stamp = `${new Date().toISOString()}, commit ${sh('git rev-parse --short HEAD')}, load average ${load.join(' / ')} before and ${loadAfter.join(' / ')} after`;
  const read = (f: string) => JSON.parse(readFileSync(join(ROOT, f), 'utf8')) as BenchResults;
  const beforePath = join(ROOT, 'bench/before.json');
  const last = read('bench/results.json');
  const kept = (last.metatrainApp ?? []).filter((r) => !rows.some((m) => m.project === r.project));
  const merged = [...kept, ...rows.map((r) => ({ ...r, measured: stamp }))].sort(
    (a, b) => Object.keys(PROJECTS).indexOf(a.project) - Object.keys(PROJECTS).indexOf(b.project),
  );
  writeResults(
    { ...last, metatrainApp: merged, ...(opts.note ? { metatrainAppNote: opts.note } : {}) },
    existsSync(beforePath) ? read('bench/before.json') : null,
    false,
  );
  console.error('[bench] added the app long tasks while training to bench/results.json and bench/results.md');
}

/** The initial JavaScript of a fresh build, file by file, against its target. */
function printPayload(skipBuild: boolean): void {
  if (
    !skipBuild &&
    spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }).status
  )
    throw new Error('npx vite build failed');
  const { initialJs, initialJsGzip } = measurePayload(join(ROOT, 'dist'));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of initialJs) console.log(`${f.file}  ${kb(f.gzip)}`);
  const over = initialJsGzip > INITIAL_JS_TARGET_KB * 1024;
  console.log(
    `initial JS, gzip: ${kb(initialJsGzip)} (target <= ${INITIAL_JS_TARGET_KB} KB${over ? ': OVER' : ''})`,
  );
  if (over) process.exitCode = 1;
}

function writeResults(results: BenchResults, before: BenchResults | null, savedBefore: boolean): void {
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const notesPath = join(ROOT, 'bench/notes.md');
  const notes = existsSync(notesPath) ? readFileSync(notesPath, 'utf8') : '';
  writeFileSync(join(ROOT, 'bench/results.md'), renderMarkdown(results, before, notes));
  const written = ['bench/results.json', 'bench/results.md', ...(savedBefore ? ['bench/before.json'] : [])];
  spawnSync('npx', ['prettier', '--write', ...written], { cwd: ROOT, stdio: 'ignore' });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
