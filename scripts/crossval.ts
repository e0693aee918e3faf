/**
 * npm run crossval [-- --folds 5 --data DIR --out DIR --smoke]
 * Evaluates the training recipe (not the shipped model) on every user once: for each fold of a
 * cross-validation over users, `npm run train` trains on the other users with that fold as its
 * meta-test, then every method is evaluated on the fold's users as `npm run eval` would; the
 * folds' reports are pooled into one over all of them (src/eval/pool.ts). Five folds give about
 * five times the meta-test users of the fixed split, so intervals about 2.2 times narrower. Thin:
 * the work is in scripts/train.ts, src/eval and scripts/lib.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { splitUsers } from '../src/data/split';
import type { MovieLensData } from '../src/data/types';
import { baselineSettingsOf } from '../src/eval/methods';
import { renderTopNSvg } from '../src/eval/reportSvg';
import type { ShippedReport } from '../src/eval/shippedReport';
import { colorOf } from '../src/methods/registry';
import { withoutNewItems } from '../src/data/itemSplit';
import { prepareTrainingData } from '../src/model/trainingData';
import { useBackend } from './lib/backend';
import { DEFAULT_LABEL, poolFolds, type CrossvalMeta } from './lib/crossval';
import { DEFAULT_DATA_DIR, loadMovieLensDir } from './lib/dataDir';
import { DEFAULT_PROTOCOL, renderShippedMarkdown, runEvaluation } from './lib/evaluation';
import { readModelDir, readSplit, REPO_ROOT } from './lib/modelDir';
import { writeFilesAtomic } from './lib/atomicWrite';

const USAGE = `Usage: npm run crossval -- [--folds N] [--seed S] [--data DIR] [--out DIR] [--keep DIR] [--smoke]
                           [--users all|trainval] [--train-args "..."] [--jobs N]
  Trains the recipe of npm run train once per fold of an N-fold cross-validation over users
  (default 5; seed 42 deals the folds), evaluates every method on each fold's users and pools the
  folds: DIR (default eval/crossval) gets report.{json,md,svg} over all users and fold-F.json each.
  --keep DIR keeps the fold models in DIR (default: a temporary folder, removed at the end).
  --smoke trains the tiny configuration (for tests; not a measurement).
  --users trainval leaves out the meta-test users of the fixed split (seed 42) altogether, so the
    folds are made of meta-train and meta-val users only: a cross-validation for choosing settings
    without touching meta-test (all, the default, evaluates the recipe on every user).
  --jobs N trains N folds at once (training is single-threaded; 2 on a 2-core machine).
  --train-args="..." passes more flags to every fold's npm run train, e.g. --train-args="--dim 16".`;

/**
 * Copies the MovieLens folder at `dir` into `out` without the ratings of the fixed split's meta-test
 * users (splitUsers with seed 42, as npm run train deals it), line for line otherwise.
 */
function withoutTestUsers(dir: string, data: MovieLensData, out: string): string {
  const test = new Set(splitUsers([...new Set(data.ratings.map((r) => r.userId))], 42).test);
  mkdirSync(out, { recursive: true });
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
    const text = readFileSync(join(dir, name), 'utf8');
    if (name !== 'ratings.csv') writeFileSync(join(out, name), text);
    else {
      const lines = text.split('\n');
      const kept = lines.filter((line, i) => i === 0 || !test.has(Number(line.slice(0, line.indexOf(',')))));
      writeFileSync(join(out, name), kept.join('\n'));
    }
  }
  return out;
}

/** One fold's `npm run train` in a child process (its log prefixed with the fold when several run at once). */
function trainFold(args: string[], prefix: string | null): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'train.ts'), ...args],
      {
        cwd: REPO_ROOT,
        stdio: prefix === null ? 'inherit' : ['ignore', 'inherit', 'pipe'],
      },
    );
    if (prefix !== null)
      child.stderr?.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split(/\r?\n/))
          if (line.trim()) process.stderr.write(`${prefix} ${line}\n`);
      });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`npm run train -- ${args.join(' ')} failed (exit ${code})`)),
    );
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: '42' },
      data: { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      users: { type: 'string', default: 'all' },
      'train-args': { type: 'string', default: '' },
      jobs: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const folds = Number(values.folds);
  const seed = Number(values.seed);
  if (!Number.isInteger(folds) || folds < 2)
    throw new Error(`--folds expects a whole number of at least 2, got "${values.folds}"`);
  if (!Number.isInteger(seed)) throw new Error(`--seed expects a whole number, got "${values.seed}"`);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new Error(`--jobs expects a whole number of at least 1, got "${values.jobs}"`);
  const users = values.users;
  if (users !== 'all' && users !== 'trainval')
    throw new Error(`--users expects all or trainval, got "${users}"`);
  const trainArgs = values['train-args'].split(/\s+/).filter((a) => a !== '');
  const sourceDir = resolve(values.data ?? DEFAULT_DATA_DIR);
  const outDir = resolve(values.out ?? join(REPO_ROOT, 'eval', 'crossval'));
  const work = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), 'warmstart-crossval-'));
  const started = Date.now();
  const source = loadMovieLensDir(sourceDir);
  // trainval: the folds are dealt from a copy of the data without the fixed split's meta-test users.
  const dataDir = users === 'all' ? sourceDir : withoutTestUsers(sourceDir, source.data, join(work, 'data'));
  const loaded = users === 'all' ? source : loadMovieLensDir(dataDir);
  await useBackend('wasm');
  const reports: ShippedReport[] = [];
  const defaults: string[] = [];
  try {
    // Training is single-threaded: --jobs N trains N folds at once (one per core).
    const args = (fold: number) => [
      ...['--data', dataDir, '--out', join(work, `fold-${fold}`), '--no-eval', '--no-items'],
      ...['--seed', String(seed), '--folds', String(folds), '--fold', String(fold)],
      ...(values.smoke ? ['--smoke'] : []),
      ...trainArgs,
    ];
    let next = 0;
    const worker = async () => {
      while (next < folds) {
        const fold = next++;
        console.error(`\n== training fold ${fold} of ${folds} ==`);
        await trainFold(args(fold), jobs > 1 ? `[fold ${fold}]` : null);
      }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, folds) }, worker));
    for (let fold = 0; fold < folds; fold++) {
      console.error(`\n== evaluating fold ${fold} of ${folds} ==`);
      const modelDir = join(work, `fold-${fold}`);
      const model = readModelDir(modelDir);
      const split = readSplit(modelDir);
      const prepared = prepareTrainingData(withoutNewItems(loaded.data, split), split);
      const report = await runEvaluation(
        model,
        prepared.train,
        prepared.test,
        baselineSettingsOf(model.manifest.baselines),
        DEFAULT_PROTOCOL,
        { label: `fold ${fold}` },
      );
      defaults.push(model.manifest.defaultMethod);
      reports.push(report);
    }
  } finally {
    if (!values.keep) rmSync(work, { recursive: true, force: true });
  }
  const minutes = (Date.now() - started) / 60000;
  const meta: CrossvalMeta = {
    folds,
    seed,
    defaults,
    data: { source: relative(REPO_ROOT, sourceDir), checksum: source.checksum },
    users,
    trainArgs: trainArgs.join(' '),
    smoke: values.smoke,
    minutes: Math.round(minutes * 10) / 10,
  };
  const pooled = poolFolds(reports, meta);
  // All at once: a failure leaves the previous cross-validation whole.
  writeFilesAtomic(outDir, {
    'report.json': `${JSON.stringify(pooled, null, 1)}\n`,
    'report.svg': renderTopNSvg(pooled.topn, colorOf),
    'report.md': renderShippedMarkdown(
      pooled,
      `Cross-validated evaluation over ${pooled.topn.numUsers} users`,
    ),
    ...Object.fromEntries(reports.map((r, f) => [`fold-${f}.json`, `${JSON.stringify(r)}\n`])),
  });
  console.error(
    `\n${DEFAULT_LABEL} per fold: ${defaults.join(', ')}; ${pooled.topn.numUsers} users in ${minutes.toFixed(1)} min`,
  );
  console.error(`wrote ${relative(process.cwd(), outDir)}/report.{json,md,svg} and fold-*.json`);
}

main().catch((e: unknown) => {
  console.error(`crossval: ${(e as Error).message}`);
  process.exit(1);
});
