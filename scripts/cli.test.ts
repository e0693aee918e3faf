/**
 * The command lines on broken input, run as child processes on small generated data in a temp
 * folder: a missing file, a wrong header, malformed rows (non-numeric and out-of-range ratings,
 * duplicate pairs, unknown movies), too little data. Each asserts the exit code, a message naming
 * the file and line, and that no output (model folder, report, prediction file) is left behind.
 * Every case here fails (or succeeds) before any training, so the file runs in seconds; the
 * warnings-and-continue path of train is in pipeline.test.ts, which trains anyway.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR, readModelDir, REPO_ROOT } from './lib/modelDir';
import { writeSyntheticDataset } from './lib/synthetic';

const dir = mkdtempSync(join(tmpdir(), 'warmstart-cli-'));
const good = join(dir, 'good');

function run(script: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', script), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, stderr: r.stderr };
}

/** A copy of the good data set with `edit` applied to one file's lines (header is lines[0]). */
function variant(name: string, file: string, edit: (lines: string[]) => string[]): string {
  const out = join(dir, name);
  cpSync(good, out, { recursive: true });
  const lines = readFileSync(join(out, file), 'utf8').trimEnd().split('\n');
  writeFileSync(join(out, file), `${edit(lines).join('\n')}\n`);
  return out;
}

/** Entries of the temp folder made by a run writing to `out`: the output, its staging or temporary files. */
const outputsOf = (out: string) => readdirSync(dir).filter((f) => f.startsWith(basename(out)));

beforeAll(() => {
  writeSyntheticDataset(good, { seed: 5, numUsers: 40 });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run train on broken data', () => {
  const train = (data: string, out: string) =>
    run('train.ts', ['--smoke', '--data', data, '--out', out, '--eval-out', `${out}-eval`]);

  it('stops on a wrong header with path:1, the header found and the one expected; writes nothing', () => {
    const data = variant('header', 'movies.csv', (l) => ['id,name,genres', ...l.slice(1)]);
    const out = join(dir, 'm-header');
    const r = train(data, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${join(data, 'movies.csv')}:1: unexpected header "id,name,genres"; expected "movieId,title,genres"`,
    );
    expect(outputsOf(out)).toEqual([]);
  });

  it('stops when more than 5% of the ratings are bad, listing each kind of bad row by path:line', () => {
    const data = variant('bad-rows', 'ratings.csv', (l) => {
      const [user, movie] = (l[1] ?? '').split(',');
      const bad = [
        `${user},${movie},2.0,1`, // duplicate (user, movie): line n+1
        `${user},5,seven,1`, // non-numeric rating
        `${user},5,5.5,1`, // out of range
        `${user},5,0,1`, // out of range
        `${user},5,3.3,1`, // not a half star
        `${user},999999,4.0,1`, // unknown movie
        `x${user},5,4.0,1`, // non-numeric user id
      ];
      // Keep about 40 good rows so the 7 bad ones are well over 5%.
      return [...l.slice(0, 41), ...bad];
    });
    const file = join(data, 'ratings.csv');
    const out = join(dir, 'm-bad');
    const r = train(data, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ratings\.csv: 7 of 47 data rows \(15%\) are bad, more than the 5%/);
    expect(r.stderr).toContain(`${file}:42: duplicate rating of movieId`);
    expect(r.stderr).toContain(`${file}:43: rating "seven" is not valid; expected a number from 0.5 to 5`);
    expect(r.stderr).toContain(`${file}:44: rating "5.5" is not valid`);
    expect(r.stderr).toContain(`${file}:45: rating "0" is not valid`);
    expect(r.stderr).toContain(`${file}:46: rating "3.3" is not valid`);
    expect(r.stderr).toContain(`${file}:47: rating of movieId 999999, which is not in movies.csv`);
    expect(r.stderr).toMatch(new RegExp(`${file}:48: userId "x\\d+" is not an id`));
    expect(outputsOf(out)).toEqual([]);
  });

  it('stops on a ratings file with only a header, and on too few users to split', () => {
    const empty = variant('empty', 'ratings.csv', (l) => l.slice(0, 1));
    const r = train(empty, join(dir, 'm-empty'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ratings.csv: no data rows (only a header)');
    expect(outputsOf(join(dir, 'm-empty'))).toEqual([]);

    const few = join(dir, 'few');
    writeSyntheticDataset(few, { seed: 5, numUsers: 3 });
    const f = train(few, join(dir, 'm-few'));
    expect(f.code).toBe(1);
    expect(f.stderr).toMatch(/too little data to train on.*0 meta-val/);
    expect(outputsOf(join(dir, 'm-few'))).toEqual([]);
  });

  it('names the missing folder and leaves no staging folder behind', () => {
    const out = join(dir, 'm-missing');
    const r = train(join(dir, 'nowhere'), out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'nowhere', 'ratings.csv')} not found`);
    expect(outputsOf(out)).toEqual([]);
  });

  it('refuses a cross-validation fold without its fold count, or outside it; writes nothing', () => {
    const out = join(dir, 'm-fold');
    const alone = run('train.ts', ['--smoke', '--data', good, '--out', out, '--fold', '1']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain(
      '--folds and --fold go together: --folds 5 --fold 0 trains on fold 0 of 5.',
    );
    const outside = run('train.ts', ['--smoke', '--data', good, '--out', out, '--folds', '3', '--fold', '3']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('fold=3 is invalid; expected a whole number from 0 to 2');
    expect(outputsOf(out)).toEqual([]);
  });
});

describe('npm run eval on broken input', () => {
  const report = join(dir, 'report');
  beforeAll(() => {
    // An earlier report that a failed run must leave whole.
    mkdirSync(report, { recursive: true });
    writeFileSync(join(report, 'report.json'), '{"old": true}\n');
  });
  const kept = () => {
    expect(readFileSync(join(report, 'report.json'), 'utf8')).toBe('{"old": true}\n');
    expect(readdirSync(report)).toEqual(['report.json']);
  };

  it('names the missing model file', () => {
    const r = run('eval.ts', ['--model', join(dir, 'no-model'), '--data', good, '--out', report]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'no-model', 'weights.json')} is missing`);
    kept();
  });

  it('stops on data other than the model was trained on, and on unusable data', () => {
    const r = run('eval.ts', ['--data', good, '--out', report]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has 120 movies but the model's catalog has \d+/);
    kept();
    const bad = variant('eval-bad', 'ratings.csv', (l) => [
      ...l.slice(0, 20),
      ...l.slice(20).map((x) => `${x},extra`),
    ]);
    const b = run('eval.ts', ['--data', bad, '--out', report]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/cannot use this data\. ratings\.csv: \d+ of \d+ data rows/);
    expect(b.stderr).toContain(
      `${join(bad, 'ratings.csv')}:21: expected 4 fields (userId,movieId,rating,timestamp), found 5`,
    );
    kept();
  });
});

describe('npm run predict on broken input', () => {
  const io = join(dir, 'predict');
  const known = readModelDir(DEFAULT_MODEL_DIR)
    .movies.slice(0, 40)
    .map((m) => m.movieId);
  const write = (name: string, rows: string[], header = 'userId,movieId,rating') => {
    mkdirSync(io, { recursive: true });
    writeFileSync(join(io, name), `${[header, ...rows].join('\n')}\n`);
    return join(io, name);
  };
  const predict = (args: string[]) => run('predict.ts', ['--method', 'maml', ...args]);
  const support = (n: number, user = 1) => known.slice(0, n).map((m, i) => `${user},${m},${1 + (i % 9) / 2}`);

  it('names a missing or headerless support file and writes no output', () => {
    const out = join(io, 'out-missing.csv');
    const r = predict(['--support', join(io, 'nope.csv'), '--topk', '5', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(io, 'nope.csv')} could not be read`);
    const s = write('S-header.csv', ['1,1,4'], 'user,movie,stars');
    const h = predict(['--support', s, '--topk', '5', '--out', out]);
    expect(h.code).toBe(1);
    expect(h.stderr).toContain(
      `${s}:1: the header is "user,movie,stars"; expected columns userId,movieId,rating`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('stops when more than 5% of the support rows are bad, naming each by file:line; no output file', () => {
    const s = write('S-bad.csv', [
      ...support(20),
      `1,${known[0]},2`, // line 22: duplicate pair
      `1,${known[30]},high`, // 23: non-numeric
      `1,${known[31]},6`, // 24: out of range
      `1,${known[32]},3.3`, // 25: not a half star
      `one,${known[33]},3`, // 26: non-numeric id
    ]);
    const out = join(io, 'out-bad.csv');
    const r = predict(['--support', s, '--topk', '5', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${s}: 5 of 25 data rows (20%) are bad`);
    expect(r.stderr).toContain(`${s}:22: duplicate row for userId 1 and movieId ${known[0]}`);
    expect(r.stderr).toContain(`${s}:23: rating must be a number from 0.5 to 5 in steps of 0.5, got "high"`);
    expect(r.stderr).toContain(`${s}:24: rating must be a number from 0.5 to 5 in steps of 0.5, got "6"`);
    expect(r.stderr).toContain(`${s}:25: rating must be a number from 0.5 to 5 in steps of 0.5, got "3.3"`);
    expect(r.stderr).toContain(`${s}:26: userId and movieId must be non-negative integers, got "one"`);
    expect(existsSync(out)).toBe(false);
    const q = write('Q-empty.csv', []);
    const e = predict(['--support', write('S-ok.csv', support(3)), '--query', q, '--out', out]);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain(`${q}: no data rows (only a header)`);
    expect(existsSync(out)).toBe(false);
  });

  it('warns about a few bad rows and unknown movies, and still predicts every good query row', () => {
    const s = write('S-few.csv', [...support(40), `1,${known[0]},2`, '1,999999,4', ...support(5, 2)]);
    const q = write('Q-few.csv', ['1,999998,', `2,${known[20]},`, `2,${known[20]},`, `3,${known[21]},`]);
    const out = join(io, 'P-few.csv');
    const r = predict(['--support', s, '--query', q, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `${s}:42: duplicate row for userId 1 and movieId ${known[0]}; the first one is kept`,
    );
    expect(r.stderr).toContain(`${q}:4: duplicate row for userId 2 and movieId ${known[20]}`);
    expect(r.stderr).toContain(
      `${s}: 1 rows name a movieId not in the catalog (lines 43); they were left out`,
    );
    expect(r.stderr).toContain(
      `${q}: 1 rows name a movieId not in the catalog (lines 2); they got the fallback`,
    );
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'userId,movieId',
      '1,999998',
      `2,${known[20]}`,
      `3,${known[21]}`,
    ]);
    expect(readdirSync(io).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('--ask: the next movies for every user of S, X and U, never one already offered', () => {
    const s = write('S-ask.csv', support(4));
    const x = write('X-ask.csv', [`1,${known[10]}`, `3,${known[11]}`], 'userId,movieId');
    const u = join(io, 'U-ask.txt');
    writeFileSync(u, '7\n');
    const out = join(io, 'A.csv');
    for (const strategy of ['pop-entropy', 'greedy']) {
      const r = run('predict.ts', [
        '--support',
        s,
        '--skipped',
        x,
        '--users',
        u,
        '--ask',
        '2',
        '--strategy',
        strategy,
        '--out',
        out,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const rows = readFileSync(out, 'utf8').trim().split('\n');
      expect(rows[0]).toBe('userId,movieId');
      const byUser = new Map<string, string[]>();
      for (const row of rows.slice(1)) {
        const [user = '', movie = ''] = row.split(',');
        byUser.set(user, [...(byUser.get(user) ?? []), movie]);
      }
      expect([...byUser.keys()].sort()).toEqual(['1', '3', '7']);
      for (const movies of byUser.values()) expect(new Set(movies).size).toBe(2);
      const offered1 = [...known.slice(0, 4), known[10]].map(String);
      for (const m of byUser.get('1') ?? []) expect(offered1).not.toContain(m);
      expect(byUser.get('3')).not.toContain(String(known[11]));
    }
    const bad = run('predict.ts', ['--support', s, '--ask', '1', '--strategy', 'oracle', '--out', out]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/oracle/);
  });
});
