/**
 * npm run crossval end to end on generated data (smoke configuration, two folds): the folds test
 * every user once and never train on them, the pooled report covers all of them, and the default
 * method's pairs are pooled across folds whatever each fold chose.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShippedReport } from '../src/eval/shippedReport';
import type { ModelManifest } from '../src/model/format';
import { splitUsers } from '../src/data/split';
import { DEFAULT_NAME } from './lib/crossval';
import { readSplit, REPO_ROOT } from './lib/modelDir';
import { writeSyntheticDataset } from './lib/synthetic';

const dir = mkdtempSync(join(tmpdir(), 'warmstart-crossval-'));
const data = join(dir, 'data');
const out = join(dir, 'cv');
const keep = join(dir, 'models');

function crossval(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'crossval.ts'), ...args],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  );
  return { code: r.status, stderr: r.stderr };
}

function usersOf(folder: string): number[] {
  const rows = readFileSync(join(folder, 'ratings.csv'), 'utf8').trim().split('\n').slice(1);
  return [...new Set(rows.map((line) => Number(line.split(',')[0])))].sort((a, b) => a - b);
}

let run: { code: number | null; stderr: string };
beforeAll(() => {
  writeSyntheticDataset(data, { seed: 11 });
  run = crossval(['--smoke', '--folds', '2', '--data', data, '--out', out, '--keep', keep]);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run crossval', () => {
  it('trains one model per fold whose meta-test is that fold, and tests every user once', () => {
    expect(run.code, run.stderr).toBe(0);
    const splits = [0, 1].map((f) => readSplit(join(keep, `fold-${f}`)));
    const tested = [...(splits[0]?.test ?? []), ...(splits[1]?.test ?? [])].sort((a, b) => a - b);
    expect(tested).toEqual(usersOf(data));
    for (const [f, s] of splits.entries()) {
      expect(s.train.some((u) => s.test.includes(u)) || s.val.some((u) => s.test.includes(u))).toBe(false);
      const manifest = JSON.parse(
        readFileSync(join(keep, `fold-${f}`, 'manifest.json'), 'utf8'),
      ) as ModelManifest;
      expect(manifest.split).toMatchObject({ fold: f, folds: 2, test: s.test.length });
    }
  });

  it('pools the folds into one report over all their users, with the default method paired', () => {
    expect(readdirSync(out).sort()).toEqual([
      'fold-0.json',
      'fold-1.json',
      'report.json',
      'report.md',
      'report.svg',
    ]);
    const folds = [0, 1].map(
      (f) => JSON.parse(readFileSync(join(out, `fold-${f}.json`), 'utf8')) as ShippedReport,
    );
    const pooled = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ShippedReport & {
      crossval: { folds: number; defaults: string[]; smoke: boolean };
    };
    expect(pooled.version).toBe(2);
    expect(pooled.crossval).toMatchObject({ folds: 2, smoke: true });
    expect(pooled.crossval.defaults).toHaveLength(2);
    const users = (r: ShippedReport) => r.topn.numUsers;
    expect(users(pooled)).toBe(users(folds[0] as ShippedReport) + users(folds[1] as ShippedReport));
    expect(users(pooled)).toBeGreaterThan(10);
    expect(pooled.topn.methods[0]?.name).toBe(DEFAULT_NAME);
    for (const k of [1, 5, 10, 20])
      for (const against of ['popularity', 'ease-pop', 'bias']) {
        const p = pooled.topn.paired?.find(
          (x) => x.method === DEFAULT_NAME && x.against === against && x.k === k,
        );
        expect(p?.recall.n, `${against} K=${k}`).toBeGreaterThan(10);
        expect(p?.recall.lo).toBeLessThanOrEqual(p?.recall.hi ?? NaN);
      }
    expect(pooled.topnTime?.numUsers).toBe(users(pooled));
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain(`# Cross-validated evaluation over ${users(pooled)} users`);
    expect(md).toContain('| Default method (chosen per fold on meta-val) |');
    expect(md).toContain('SMOKE configuration: not a measurement.');
    expect(md).toContain('![Recall@20 and nDCG@20 against K](report.svg)');
  });

  it("with --users trainval, never trains or tests on the fixed split's meta-test users", () => {
    const keepTv = join(dir, 'models-tv');
    const tv = crossval([
      ...['--smoke', '--folds', '2', '--users', 'trainval', '--train-args=--methods maml'],
      ...['--data', data, '--out', join(dir, 'cv-tv'), '--keep', keepTv],
    ]);
    expect(tv.code, tv.stderr).toBe(0);
    const fixedTest = splitUsers(usersOf(data), 42).test;
    const splits = [0, 1].map((f) => readSplit(join(keepTv, `fold-${f}`)));
    const seen = splits.flatMap((s) => [...s.train, ...s.val, ...s.test]);
    expect(seen.filter((u) => fixedTest.includes(u))).toEqual([]);
    const tested = splits.flatMap((s) => s.test).sort((a, b) => a - b);
    expect(tested).toEqual(usersOf(data).filter((u) => !fixedTest.includes(u)));
    const md = readFileSync(join(dir, 'cv-tv', 'report.md'), 'utf8');
    expect(md).toContain('with --methods maml');
    expect(md).toContain("the fixed split's meta-train and meta-val users");
  }, 300_000);

  it('refuses a fold count below two before training anything', () => {
    const bad = crossval(['--folds', '1', '--data', data, '--out', join(dir, 'bad')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--folds expects a whole number of at least 2, got "1"');
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});
