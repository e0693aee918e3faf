/**
 * The offline pipeline end to end on generated MovieLens-format data (never ../shared):
 * smoke training, the shipped files, split hygiene, determinism, atomic replacement,
 * evaluation and prediction for users that never appeared in training.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMovieLens } from '../src/data/movielens';
import type { ShippedReport } from '../src/eval/shippedReport';
import { parseArrivals } from '../src/model/arrivalsFormat';
import type { ModelManifest } from '../src/model/format';
import { REPO_ROOT } from './lib/modelDir';
import { writeSyntheticDataset } from './lib/synthetic';

const dir = mkdtempSync(join(tmpdir(), 'warmstart-pipeline-'));
const data = join(dir, 'data');
const model = join(dir, 'model');
const evalDir = join(dir, 'eval');

function run(script: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', script), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

const train = (out: string, extra: string[] = []) =>
  run('train.ts', ['--smoke', '--data', data, '--out', out, '--eval-out', evalDir, ...extra]);

/** Lines (1-based) of the bad rows planted at the end of ratings.csv. */
let planted: { duplicate: number; badRating: number; unknownMovie: number };
let trainLog = '';

beforeAll(() => {
  writeSyntheticDataset(data, { seed: 3 });
  // A few bad rows, as real exports have (the shared ratings.csv has one): reported, skipped, and
  // training goes on. Appended, so the good rows and therefore the model are those of the clean data.
  const file = join(data, 'ratings.csv');
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const [user, movie] = (lines[1] ?? '').split(',');
  planted = { duplicate: lines.length + 1, badRating: lines.length + 2, unknownMovie: lines.length + 3 };
  lines.push(`${user},${movie},1.0,1`, `${user},${movie},4.75,1`, `${user},999999,4.0,1`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const r = train(model);
  if (r.code !== 0) throw new Error(`smoke training failed:\n${r.stderr}`);
  trainLog = r.stderr;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run train -- --smoke', () => {
  it("writes arrivals.json: the item split's test new movies, valid for the model", () => {
    const read = (f: string) => JSON.parse(readFileSync(join(model, f), 'utf8')) as unknown;
    const manifest = read('manifest.json') as ModelManifest;
    const ids = (read('catalog.json') as { movies: [number][] }).movies.map((m) => m[0]);
    const file = parseArrivals(read('arrivals.json'), manifest.dim, ids);
    const split = read('split.json') as { newItems: { test: number[] } };
    for (const m of file.movies) expect(split.newItems.test).toContain(m.movieId);
    expect(file.movies.every((m) => m.ratings.length === 20)).toBe(true);
  });

  it('writes the tfjs weights, a complete manifest, the catalog and the split', () => {
    for (const f of [
      'manifest.json',
      'weights.json',
      'weights.bin',
      'catalog.json',
      'split.json',
      'imdb.json',
      'arrivals.json',
    ])
      expect(existsSync(join(model, f)), f).toBe(true);
    const manifest = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')) as ModelManifest;
    expect(manifest.formatVersion).toBe(2);
    expect(manifest.data.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.gitCommit.length).toBeGreaterThan(0);
    expect(manifest.methods.map((m) => m.name).sort()).toEqual([
      'encoder',
      'fomaml',
      'maml',
      'metasgd',
      'pretrain',
      'prototype',
      'reptile',
    ]);
    for (const m of manifest.methods) expect(m.rule.kind, m.name).toBe('list');
    expect(manifest.methods.every((m) => Number.isFinite(m.valRecall))).toBe(true);
    expect(manifest.ratingHead?.mu).toBeGreaterThan(0.5);
    expect(manifest.baselines).toHaveProperty('list.easeLambda');
    expect(manifest.methods.find((m) => m.name === 'maml')?.curve.length).toBeGreaterThan(1);
    expect(manifest.evaluation).not.toBeNull();
    expect(manifest.data.malformedRows).toBe(3);
    // The lists' floor, chosen on meta-val after the weights: the largest within 0.002 of the best.
    const floor = manifest.listFloor;
    expect(floor?.byFloor.length).toBeGreaterThan(0);
    const best = Math.max(...(floor?.byFloor ?? []).map((r) => r.recall));
    const ok = (floor?.byFloor ?? []).filter((r) => r.recall >= best - 0.002 - 1e-6);
    expect(floor?.minRatings).toBe(Math.max(...ok.map((r) => r.minRatings)));
    expect(trainLog).toMatch(/list floor: \d+ meta-train ratings/);
    const weights = JSON.parse(readFileSync(join(model, 'weights.json'), 'utf8')) as {
      paths: string[];
      weights: { name: string }[];
    }[];
    expect(weights[0]?.paths).toEqual(['weights.bin']);
    for (const name of ['maml/userInit', 'maml/levelWeights', 'encoder/encoder', 'shared/ratingBias'])
      expect(
        weights[0]?.weights.some((w) => w.name === name),
        name,
      ).toBe(true);
  });

  it('reports each bad row of the data as path:line and trains on the rest', () => {
    const at = (line: number) => `${join(data, 'ratings.csv')}:${line}: `;
    expect(trainLog).toContain('3 parse issues (ratings.csv: 3), rows skipped');
    expect(trainLog).toContain(`${at(planted.duplicate)}duplicate rating of movieId`);
    expect(trainLog).toContain(`${at(planted.badRating)}rating "4.75" is not valid`);
    expect(trainLog).toContain(
      `${at(planted.unknownMovie)}rating of movieId 999999, which is not in movies.csv`,
    );
  });

  it('keeps meta-test users out of everything learned: catalog statistics count meta-train ratings only', () => {
    const split = JSON.parse(readFileSync(join(model, 'split.json'), 'utf8')) as {
      train: number[];
      val: number[];
      test: number[];
      newItems: { val: number[]; test: number[] };
    };
    const all = [...split.train, ...split.val, ...split.test];
    expect(new Set(all).size).toBe(all.length);
    const parsed = parseMovieLens({
      ratings: readFileSync(join(data, 'ratings.csv'), 'utf8'),
      movies: readFileSync(join(data, 'movies.csv'), 'utf8'),
    });
    const train = new Set(split.train);
    // The new movies (issue 17) are held out of training entirely: no rating of them counts.
    const held = new Set([...split.newItems.val, ...split.newItems.test]);
    expect(held.size).toBeGreaterThanOrEqual(2);
    const counts = new Map<number, number>();
    for (const r of parsed.ratings)
      if (train.has(r.userId) && !held.has(r.movieId))
        counts.set(r.movieId, (counts.get(r.movieId) ?? 0) + 1);
    for (const id of held) expect(counts.get(id), `new movie ${id}`).toBeUndefined();
    const catalog = JSON.parse(readFileSync(join(model, 'catalog.json'), 'utf8')) as {
      movies: [number, string, number | null, string, number][];
    };
    for (const row of catalog.movies) expect(row[4], `movie ${row[0]}`).toBe(counts.get(row[0]) ?? 0);
  });

  it('writes the evaluation report: catalog-wide top-20 for every method in both support orders, stars second', () => {
    const report = JSON.parse(readFileSync(join(evalDir, 'report.json'), 'utf8')) as ShippedReport;
    expect(report.version).toBe(2);
    for (const topn of [report.topn, report.topnTime]) {
      expect(topn?.ks).toEqual([0, 1, 3, 5, 10, 20]);
      expect(topn?.methods.map((m) => m.name)).toEqual([
        'encoder',
        'maml',
        'fomaml',
        'reptile',
        'metasgd',
        'pretrain',
        'prototype',
        'meta-init',
        'popularity',
        'itemknn',
        'ease',
        'ease-pop',
        'puresvd',
        'mf-foldin',
        'bias',
        'global-mean',
        'item-mean',
      ]);
      for (const m of topn?.methods ?? [])
        for (const r of m.byK) expect(r.recall.mean, `${m.name} K=${r.k}`).toBeGreaterThanOrEqual(0);
    }
    expect(report.topn.order).toBe('random');
    expect(report.topnTime?.order).toBe('time');
    expect(report.ratings?.methods.map((m) => m.name)).toEqual([
      'mf-foldin',
      'bias',
      'global-mean',
      'item-mean',
    ]);
    expect(report.verdict).toHaveLength(5);
    const md = readFileSync(join(evalDir, 'report.md'), 'utf8');
    expect(md).toContain('| Set encoder |');
    expect(md).toContain('## Verdict');
    expect(md).toContain('first K ratings by time');
    expect(readFileSync(join(evalDir, 'report.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('adds the item cold-start table on the test new movies, the warm-up paired with content + fold-in', () => {
    const report = JSON.parse(readFileSync(join(evalDir, 'report.json'), 'utf8')) as ShippedReport;
    const items = report.items;
    expect(items?.part).toBe('test');
    expect(items?.report.ks).toEqual([0, 1, 3, 5, 10, 20]);
    expect(items?.report.methods.map((m) => m.name)).toEqual(['model', 'content', 'foldin', 'knn', 'warmup']);
    expect(items?.report.paired.filter((p) => p.method === 'warmup' && p.against === 'foldin')).toHaveLength(
      6,
    );
    expect(items?.verdict.length).toBeGreaterThan(0);
    expect(Object.keys(items?.chosen ?? {}).sort()).toEqual(['content', 'foldin', 'knn', 'warmup']);
    expect(existsSync(join(model, 'itemWarmup.json'))).toBe(true);
    const md = readFileSync(join(evalDir, 'report.md'), 'utf8');
    expect(md).toContain("### Likers' AUC");
    expect(md).toContain('| Meta-learned warm-up (MetaEmb-style) |');
  });

  it('pairs the default method with every other method, user by user, at every K', () => {
    const report = JSON.parse(readFileSync(join(evalDir, 'report.json'), 'utf8')) as ShippedReport;
    const manifest = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')) as ModelManifest;
    const others = report.topn.methods.map((m) => m.name).filter((n) => n !== manifest.defaultMethod);
    expect(report.topn.paired?.map((p) => `${p.method}-${p.against}@${p.k}`)).toEqual(
      others.flatMap((b) => [0, 1, 3, 5, 10, 20].map((k) => `${manifest.defaultMethod}-${b}@${k}`)),
    );
    for (const p of report.topn.paired ?? []) expect(p.recall.n).toBeLessThanOrEqual(report.topn.numUsers);
  });

  it('gives the same weights for the same seed', () => {
    const again = join(dir, 'model-again');
    expect(train(again, ['--no-eval']).code).toBe(0);
    expect(readFileSync(join(again, 'weights.bin')).equals(readFileSync(join(model, 'weights.bin')))).toBe(
      true,
    );
  });

  it('stops with a message naming the missing file and leaves the previous model intact', () => {
    const before = readFileSync(join(model, 'weights.bin'));
    const r = run('train.ts', ['--smoke', '--data', join(dir, 'nowhere'), '--out', model]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/nowhere.*ratings\.csv|ratings\.csv.*nowhere/);
    expect(readFileSync(join(model, 'weights.bin')).equals(before)).toBe(true);
  });

  it('an interrupted run leaves the previous model intact', async () => {
    const before = readFileSync(join(model, 'weights.bin'));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO_ROOT, 'scripts/train.ts'),
        '--smoke',
        '--data',
        data,
        '--out',
        model,
        '--no-eval',
      ],
      { cwd: REPO_ROOT },
    );
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('maml')) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(readFileSync(join(model, 'weights.bin')).equals(before)).toBe(true);
    expect(JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')).formatVersion).toBe(2);
  });
});

describe('npm run eval', () => {
  it("reports the data's bad rows by path:line, evaluates the rest and writes the whole report", () => {
    const out = join(dir, 'eval-again');
    const r = run('eval.ts', ['--model', model, '--data', data, '--out', out, '--seeds', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `${join(data, 'ratings.csv')}:${planted.badRating}: rating "4.75" is not valid`,
    );
    expect(readdirSync(out).sort()).toEqual(['report.json', 'report.md', 'report.svg']);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).topn.seeds).toEqual([1]);
  });

  it('evaluates on the meta-val users with --users val, only into a folder of its own', () => {
    const refused = run('eval.ts', ['--model', model, '--data', data, '--users', 'val']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--users val needs an --out folder');
    const out = join(dir, 'eval-val');
    const r = run('eval.ts', [
      '--model',
      model,
      '--data',
      data,
      '--out',
      out,
      '--seeds',
      '1',
      '--users',
      'val',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/^# Cold-start evaluation on meta-val users/);
    expect(md).toContain('meta-val users with at least 30 ratings');
  });
});

describe('npm run predict', () => {
  it('predicts every query row for users never seen in training, and reports unknown movies', () => {
    const split = JSON.parse(readFileSync(join(model, 'split.json'), 'utf8')) as { test: number[] };
    const parsed = parseMovieLens({
      ratings: readFileSync(join(data, 'ratings.csv'), 'utf8'),
      movies: readFileSync(join(data, 'movies.csv'), 'utf8'),
    });
    const testUsers = new Set(split.test.slice(0, 3));
    const rows = parsed.ratings.filter((r) => testUsers.has(r.userId));
    const support = ['userId,movieId,rating'];
    const query = ['userId,movieId,rating'];
    const seen = new Map<number, number>();
    for (const r of rows) {
      const n = seen.get(r.userId) ?? 0;
      seen.set(r.userId, n + 1);
      // New ids: these users do not exist in the training data.
      (n < 5 ? support : query).push(`${r.userId + 100000},${r.movieId},${n < 5 ? r.rating : ''}`);
    }
    query.push('100001,99999999,');
    writeFileSync(join(dir, 'S.csv'), `${support.join('\n')}\n`);
    writeFileSync(join(dir, 'Q.csv'), `${query.join('\n')}\n`);
    const out = join(dir, 'P.csv');
    const r = run('predict.ts', [
      '--model',
      model,
      '--support',
      join(dir, 'S.csv'),
      '--query',
      join(dir, 'Q.csv'),
      '--method',
      'maml',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Q\.csv: 1 rows name a movieId not in the catalog \(lines \d+\)/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('userId,movieId,prediction');
    expect(lines.length - 1).toBe(query.length - 1);
    for (const line of lines.slice(1)) {
      const p = Number(line.split(',')[2]);
      expect(p).toBeGreaterThanOrEqual(0.5);
      expect(p).toBeLessThanOrEqual(5);
    }
  });

  it('writes top-N recommendations without the support items, for every evaluation method', () => {
    writeFileSync(join(dir, 'S2.csv'), 'userId,movieId,rating\n555555,1,5\n555555,2,0.5\n');
    for (const method of [
      'bias',
      'mf-foldin',
      'prototype',
      'metasgd',
      'encoder',
      'popularity',
      'ease-pop',
      'itemknn',
      'puresvd',
    ]) {
      const out = join(dir, `R-${method}.csv`);
      const r = run('predict.ts', [
        '--model',
        model,
        '--data',
        data,
        '--support',
        join(dir, 'S2.csv'),
        '--topk',
        '5',
        '--method',
        method,
        '--out',
        out,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('userId,rank,movieId,score,prediction');
      expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['1', '2', '3', '4', '5']);
      expect(lines.slice(1).map((l) => l.split(',')[2])).not.toContain('1');
      expect(lines.slice(1).map((l) => l.split(',')[2])).not.toContain('2');
      const scores = lines.slice(1).map((l) => Number(l.split(',')[3]));
      expect(scores, method).toEqual([...scores].sort((a, b) => b - a));
      // Stars where the method has them (the model's rating head, the rating baselines).
      if (!['popularity', 'ease-pop', 'itemknn', 'puresvd'].includes(method))
        for (const l of lines.slice(1)) expect(Number(l.split(',')[4])).toBeLessThanOrEqual(5);
      // The model's methods list only movies above its rating-count floor, as the app does.
      if (['prototype', 'metasgd', 'encoder'].includes(method)) {
        const manifest = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')) as ModelManifest;
        const catalog = JSON.parse(readFileSync(join(model, 'catalog.json'), 'utf8')) as {
          movies: [number, string, unknown, string, number][];
        };
        const count = new Map(catalog.movies.map((m) => [String(m[0]), m[4]]));
        for (const l of lines.slice(1))
          expect(count.get(l.split(',')[2] ?? '')).toBeGreaterThanOrEqual(
            manifest.listFloor?.minRatings ?? 0,
          );
      }
    }
  });

  it('reports a malformed support row with its line number', () => {
    writeFileSync(join(dir, 'S3.csv'), 'userId,movieId,rating\n7,1,4\n7,2,seven\n');
    const r = run('predict.ts', [
      '--model',
      model,
      '--support',
      join(dir, 'S3.csv'),
      '--topk',
      '3',
      '--out',
      join(dir, 'R3.csv'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /S3\.csv:3: rating must be a number from 0\.5 to 5 in steps of 0\.5, got "seven"/,
    );
  });
});
