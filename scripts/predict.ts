/**
 * npm run predict -- --support S.csv --query Q.csv --method NAME --out P.csv
 * npm run predict -- --support S.csv --topk N --method NAME --out R.csv
 * npm run predict -- --support S.csv [--skipped X.csv] [--users U.txt] --ask 1 --out A.csv [--strategy NAME]
 * Adapts each user of S (users need not exist in the training data) with exactly the code the
 * browser and the evaluation use, then predicts every row of Q or writes each user's top-N.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsv } from '../src/data/csv';
import { movieIndex } from '../src/data/movielens';
import { unusableReason } from '../src/data/quality';
import type { ParseIssue } from '../src/data/types';
import {
  EVAL_METHOD_NAMES,
  availableEvalMethods,
  buildEvalMethods,
  baselineSettingsOf,
  type EvalMethodName,
} from '../src/eval/methods';
import { isModelMethod, METHOD_INFO } from '../src/methods/registry';
import { DEFAULT_STRATEGY, INTERVIEW_STRATEGIES, isInterviewStrategy } from '../src/methods/interview';
import storedPolicy from '../src/methods/interviewPolicy.json' with { type: 'json' };
import { excludedIndices } from '../src/model/exclusions';
import { interviewContextOf, policyFromStored } from '../src/model/interview/fromModel';
import { offersFor } from '../src/model/interview/offers';
import type { ShippedModel } from '../src/model/shipped';
import type { UserHistory } from '../src/data/types';
import { topN } from '../src/model/recommender';
import { withoutNewItems } from '../src/data/itemSplit';
import { prepareTrainingData } from '../src/model/trainingData';
import { writeFileAtomic } from './lib/atomicWrite';
import { useBackend } from './lib/backend';
import { DEFAULT_DATA_DIR, formatIssues, loadMovieLensDir } from './lib/dataDir';
import { DEFAULT_MODEL_DIR, readModelDir, readSplit } from './lib/modelDir';

const USAGE = `Usage:
  npm run predict -- --support S.csv --query Q.csv --method NAME --out P.csv
  npm run predict -- --support S.csv --topk N --method NAME --out R.csv
  npm run predict -- --support S.csv [--skipped X.csv] [--users U.txt] --ask N --out A.csv [--strategy NAME]
Options: --model DIR (default public/model), --data DIR (MovieLens folder; only the baselines
need it: they are fitted on the model's meta-train users), --backend wasm|cpu.
S and Q: CSV with a header containing userId,movieId,rating (Q's rating may be empty; it is not read).
--method: one of ${EVAL_METHOD_NAMES.join(', ')} (default: the model's default method).
--topk writes userId,rank,movieId,score,prediction: the list in order of score (the method's
own scale); prediction is the predicted stars where the method has them (the model's methods:
its rating head; the rating baselines: their prediction) and the score otherwise.
--ask N writes userId,movieId: for every user of S, X and U (U: one userId a line, for users with
no answer yet; S may then hold only its header) the next N movies to offer in order (N = 1: the
next one), given the ratings in S and the "haven't seen" answers in X (userId,movieId), never one
already offered, by --strategy (${INTERVIEW_STRATEGIES.join(', ')}; default: the app's,
${DEFAULT_STRATEGY}): the code the app's worker runs, on the app's method.
--query writes userId,movieId,prediction: predicted stars (the model's methods: the rating head).
Bad rows (non-integer ids, a rating in S that is not 0.5..5 in half stars, a repeated
(userId, movieId) pair) are reported as file:line and skipped; more than 5% bad rows stops the
run. Unknown movieIds are reported: in S they are left out of the adaptation, in Q they get the
method's fallback, its mean prediction over the catalog for that user. --out is written only
when the run succeeds (through a temporary file and a rename).`;

interface Row {
  userId: number;
  movieId: number;
  rating: number | null;
  line: number;
}

const ID = /^\d+$/;
const isHalfStar = (r: number) => Number.isFinite(r) && r >= 0.5 && r <= 5 && Number.isInteger(r * 2);

/**
 * Read a userId,movieId[,rating] CSV (columns found by name, extra columns ignored). Malformed rows
 * are reported with their line and skipped: a wrong field count, ids that are not non-negative
 * integers, in S (`ratingRequired`) a rating that is not 0.5..5 in half stars, and a repeated
 * (userId, movieId) pair (the first row is kept).
 *
 * @throws Error naming the file when it is missing or unreadable, or its header lacks a column.
 */
export function readRatingsCsv(file: string, ratingRequired: boolean): { rows: Row[]; issues: ParseIssue[] } {
  let text: string;
  try {
    if (!existsSync(file)) throw new Error('no such file');
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file} could not be read: ${(e as Error).message}`, { cause: e });
  }
  const { header, headerLine, rows, issues } = parseCsv(text, file);
  const col = (n: string) => header.indexOf(n);
  const [u, m, r] = [col('userId'), col('movieId'), col('rating')];
  if (u < 0 || m < 0 || (ratingRequired && r < 0))
    throw new Error(
      `${file}:${headerLine ?? 1}: the header is "${header.join(',')}"${header.length === 0 ? ' (empty file)' : ''}; expected columns userId,movieId${ratingRequired ? ',rating' : '[,rating]'}`,
    );
  const out: Row[] = [];
  const seen = new Set<string>();
  const fail = (line: number, message: string) => issues.push({ file, line, message });
  for (const row of rows) {
    const f = row.fields;
    if (f.length !== header.length) {
      fail(row.line, `expected ${header.length} fields (${header.join(',')}), found ${f.length}`);
      continue;
    }
    const [rawUser, rawMovie] = [(f[u] ?? '').trim(), (f[m] ?? '').trim()];
    if (!ID.test(rawUser) || !ID.test(rawMovie)) {
      fail(
        row.line,
        `userId and movieId must be non-negative integers, got ${JSON.stringify(rawUser)} and ${JSON.stringify(rawMovie)}`,
      );
      continue;
    }
    const raw = ratingRequired ? (f[r] ?? '').trim() : '';
    const rating = ratingRequired ? Number(raw === '' ? NaN : raw) : null;
    if (rating !== null && !isHalfStar(rating)) {
      fail(row.line, `rating must be a number from 0.5 to 5 in steps of 0.5, got ${JSON.stringify(raw)}`);
      continue;
    }
    const [userId, movieId] = [Number(rawUser), Number(rawMovie)];
    const key = `${userId},${movieId}`;
    if (seen.has(key)) {
      fail(row.line, `duplicate row for userId ${userId} and movieId ${movieId}; the first one is kept`);
      continue;
    }
    seen.add(key);
    out.push({ userId, movieId, rating, line: row.line });
  }
  return { rows: out, issues };
}

/** Stops (throws) when too many of a file's rows are bad; see src/data/quality.ts. */
function checkUsable(file: string, read: { rows: Row[]; issues: ParseIssue[] }, required: boolean): void {
  const reason = unusableReason({ file, good: read.rows.length, bad: read.issues.length, required });
  if (reason) throw new Error(`cannot use this input. ${reason}.\n${formatIssues(read.issues)}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      support: { type: 'string' },
      query: { type: 'string' },
      method: { type: 'string' },
      out: { type: 'string' },
      topk: { type: 'string' },
      ask: { type: 'string' },
      skipped: { type: 'string' },
      users: { type: 'string' },
      strategy: { type: 'string' },
      model: { type: 'string' },
      data: { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.ask !== undefined) {
    await ask(values);
    return;
  }
  if (!values.support || !values.out || (!values.query && !values.topk))
    throw new Error(`--support, --out and one of --query, --topk or --ask are required.\n${USAGE}`);
  const topk = values.topk === undefined ? null : Number(values.topk);
  if (topk !== null && !(Number.isInteger(topk) && topk > 0))
    throw new Error(`--topk expects a positive whole number, got "${values.topk}"`);
  // The inputs first: a bad file fails in a second, before the model and tfjs load.
  const support = readRatingsCsv(values.support, true);
  checkUsable(values.support, support, topk !== null);
  const query = values.query ? readRatingsCsv(values.query, false) : { rows: [], issues: [] };
  if (values.query) checkUsable(values.query, query, true);
  await useBackend(values.backend ?? 'wasm');
  const modelDir = resolve(values.model ?? DEFAULT_MODEL_DIR);
  const model = readModelDir(modelDir);
  const method = (values.method ?? model.manifest.defaultMethod) as EvalMethodName;
  const available = availableEvalMethods(model);
  if (!available.includes(method))
    throw new Error(`--method "${method}" is not one of ${available.join(', ')}`);

  const settings = baselineSettingsOf(model.manifest.baselines);
  let train: UserHistory[] = [];
  if (!isModelMethod(method) && method !== 'meta-init') {
    // Baselines are fitted on the model's meta-train users, read from the data folder.
    const dataDir = resolve(values.data ?? DEFAULT_DATA_DIR);
    const loaded = loadMovieLensDir(dataDir);
    if (loaded.data.issues.length > 0) console.error(formatIssues(loaded.data.issues, 10, dataDir));
    const split = readSplit(modelDir);
    train = prepareTrainingData(withoutNewItems(loaded.data, split), split).train;
  }
  const { methods, dispose } = buildEvalMethods(model, train, settings, [method]);
  const evalMethod = methods[0];
  if (!evalMethod) throw new Error(`no method ${method}`);
  const index = movieIndex(model.movies);

  const issues = [...support.issues, ...query.issues];
  const unknown = new Map<string, number[]>();
  const noteUnknown = (file: string, row: Row) => {
    const list = unknown.get(file) ?? [];
    list.push(row.line);
    unknown.set(file, list);
  };
  const supports = new Map<number, { items: number[]; ratings: number[] }>();
  for (const row of support.rows) {
    const item = index.get(row.movieId);
    const s = supports.get(row.userId) ?? { items: [], ratings: [] };
    supports.set(row.userId, s);
    if (item === undefined) {
      noteUnknown(values.support, row);
      continue;
    }
    s.items.push(item);
    s.ratings.push(row.rating ?? 0);
  }
  const users = [...new Set([...supports.keys(), ...query.rows.map((r) => r.userId)])].sort((a, b) => a - b);
  const lines: string[] = [
    topk === null ? 'userId,movieId,prediction' : 'userId,rank,movieId,score,prediction',
  ];
  const hasStars = METHOD_INFO[method].stars || isModelMethod(method) || method === 'meta-init';
  const byUser = new Map<number, Row[]>();
  for (const row of query.rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
  try {
    for (const userId of users) {
      const s = supports.get(userId) ?? { items: [], ratings: [] };
      const scorer = await evalMethod.adapt({
        items: Int32Array.from(s.items),
        ratings: Float32Array.from(s.ratings),
      });
      const catalog = await scorer.scoreCatalog();
      if (topk !== null) {
        const top = topN(catalog, topk, s.items).filter((i) => Number.isFinite(catalog[i] ?? NaN));
        const stars = hasStars ? await scorer.predict(Int32Array.from(top)) : null;
        top.forEach((item, rank) => {
          const score = (catalog[item] ?? 0).toFixed(4);
          const star = stars?.[rank];
          const prediction = star !== undefined && Number.isFinite(star) ? star.toFixed(4) : score;
          lines.push(`${userId},${rank + 1},${model.movies[item]?.movieId},${score},${prediction}`);
        });
      } else {
        const all = await scorer.predict(Int32Array.from({ length: catalog.length }, (_, i) => i));
        const finite = Array.from(all).filter(Number.isFinite);
        const fallback = finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length);
        const rows = byUser.get(userId) ?? [];
        const known = rows.filter((r) => index.has(r.movieId));
        const predicted = await scorer.predict(Int32Array.from(known, (r) => index.get(r.movieId) ?? 0));
        const value = new Map(known.map((r, j) => [r, predicted[j] ?? fallback]));
        for (const row of rows) {
          if (!index.has(row.movieId)) noteUnknown(values.query as string, row);
          lines.push(`${userId},${row.movieId},${(value.get(row) ?? fallback).toFixed(4)}`);
        }
      }
      scorer.dispose?.();
    }
  } finally {
    dispose();
  }
  writeFileAtomic(resolve(values.out), `${lines.join('\n')}\n`);
  if (issues.length > 0) console.error(formatIssues(issues));
  for (const [file, lineNumbers] of unknown)
    console.error(
      `${file}: ${lineNumbers.length} rows name a movieId not in the catalog (lines ${lineNumbers.slice(0, 10).join(', ')}${lineNumbers.length > 10 ? ', ...' : ''}); ${file === values.support ? 'they were left out of the adaptation' : 'they got the fallback prediction'}.`,
    );
  console.error(`wrote ${values.out}: ${lines.length - 1} rows for ${users.length} users with ${method}`);
}

/** Read a file of userIds, one a line (blank lines ignored). */
function readUserIds(file: string): number[] {
  let text: string;
  try {
    if (!existsSync(file) || !statSync(file).isFile()) throw new Error('no such file');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file} could not be read: ${(e as Error).message}`, { cause: e });
  }
  const ids: number[] = [];
  text.split(/\r?\n/).forEach((raw, j) => {
    const line = raw.trim();
    if (line === '' || (j === 0 && line === 'userId')) return;
    if (!ID.test(line))
      throw new Error(
        `${file}:${j + 1}: expected a userId (a non-negative integer), got ${JSON.stringify(line)}`,
      );
    ids.push(Number(line));
  });
  return ids;
}

/** The app method: the trained default if it takes inner steps (as the worker's pickAppMethod). */
function appMethodOf(model: ShippedModel) {
  const def = model.method(model.manifest.defaultMethod);
  const steps = (m: typeof def) =>
    m.rule.kind === 'gradient' || m.rule.kind === 'list' ? m.rule.innerSteps : 0;
  if (steps(def) > 0) return def.name;
  const list = model.manifest.methods
    .filter((m) => steps(m) > 0 && m.rule.kind === def.rule.kind)
    .sort((a, b) => (b.valRecall ?? -Infinity) - (a.valRecall ?? -Infinity));
  return list[0]?.name ?? def.name;
}

/** --ask: the next movies to offer every user, with the worker's code. */
async function ask(values: Record<string, string | boolean | undefined>): Promise<void> {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const supportFile = str('support');
  const out = str('out');
  if (!supportFile || !out) throw new Error(`--ask needs --support and --out.\n${USAGE}`);
  const count = Number(str('ask'));
  if (!(Number.isInteger(count) && count > 0))
    throw new Error(`--ask expects a positive whole number, got "${str('ask')}"`);
  const strategy = str('strategy') ?? DEFAULT_STRATEGY;
  if (!isInterviewStrategy(strategy))
    throw new Error(`--strategy "${strategy}" is not one of ${INTERVIEW_STRATEGIES.join(', ')}`);
  const support = readRatingsCsv(supportFile, true);
  checkUsable(supportFile, support, false);
  const skippedFile = str('skipped');
  const skipped = skippedFile ? readRatingsCsv(skippedFile, false) : { rows: [], issues: [] };
  if (skippedFile) checkUsable(skippedFile, skipped, false);
  const extra = str('users') ? readUserIds(str('users') as string) : [];
  await useBackend(str('backend') ?? 'wasm');
  const modelDir = resolve(str('model') ?? DEFAULT_MODEL_DIR);
  const model = readModelDir(modelDir);
  const index = movieIndex(model.movies);
  const rec = model.recommender(appMethodOf(model));
  // The app's exclusions (public/exclude.json): never offered.
  const excludeFile = resolve(modelDir, '../exclude.json');
  const excludedIds = existsSync(excludeFile)
    ? ((JSON.parse(readFileSync(excludeFile, 'utf8')) as { movieIds?: number[] }).movieIds ?? [])
    : [];
  const excluded = excludedIndices(
    model.movies.map((m) => m.movieId),
    excludedIds,
  );
  const ctx = interviewContextOf(model, rec, excluded, policyFromStored(storedPolicy, index).policy);
  const answers = new Map<number, { items: number[]; ratings: number[]; skipped: number[] }>();
  const of = (u: number) => {
    let a = answers.get(u);
    if (!a) answers.set(u, (a = { items: [], ratings: [], skipped: [] }));
    return a;
  };
  const unknown: string[] = [];
  for (const row of support.rows) {
    const a = of(row.userId);
    const item = index.get(row.movieId);
    if (item === undefined) unknown.push(`${supportFile}:${row.line}`);
    else {
      a.items.push(item);
      a.ratings.push(row.rating ?? 0);
    }
  }
  for (const row of skipped.rows) {
    const a = of(row.userId);
    const item = index.get(row.movieId);
    if (item === undefined) unknown.push(`${skippedFile}:${row.line}`);
    else a.skipped.push(item);
  }
  for (const u of extra) of(u);
  const lines = ['userId,movieId'];
  try {
    for (const userId of [...answers.keys()].sort((a, b) => a - b)) {
      const a = answers.get(userId) as { items: number[]; ratings: number[]; skipped: number[] };
      const offers = await offersFor(
        ctx,
        rec,
        strategy,
        {
          items: Int32Array.from(a.items),
          ratings: Float32Array.from(a.ratings),
          skipped: Int32Array.from(a.skipped),
          seed: 1,
        },
        count,
      );
      for (const item of offers) lines.push(`${userId},${model.movies[item]?.movieId}`);
    }
  } finally {
    rec.dispose();
  }
  writeFileAtomic(resolve(out), `${lines.join('\n')}\n`);
  const issues = [...support.issues, ...skipped.issues];
  if (issues.length > 0) console.error(formatIssues(issues));
  if (unknown.length > 0)
    console.error(
      `${unknown.length} rows name a movieId not in the catalog (${unknown.slice(0, 10).join(', ')}); they were left out.`,
    );
  console.error(`wrote ${out}: ${lines.length - 1} rows for ${answers.size} users with ${strategy}`);
}

main().catch((e: unknown) => {
  console.error(`predict: ${(e as Error).message}`);
  process.exit(1);
});
