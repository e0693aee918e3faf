/**
 * npx tsx scripts/foldin-probe.ts [--model DIR] [--data DIR] [--items METHOD]
 *
 * How far can any LINEAR fold-in get on a given item space? An experiment behind issue 2's notes,
 * on META-VAL users only (the same episodes as the evaluation: 3 seeds, 10 query ratings, the
 * support of K). With the items frozen, a newcomer's best user state is a regularized linear
 * regression; the rules below differ only in the prior:
 *   ridge, toward 0         MF fold-in's rule (lambda 5, 10, 20)
 *   ridge, toward the mean  the training users' mean state as the prior mean
 *   Bayes, full covariance  prior N(mean, c * Sigma) with Sigma the covariance of the training users'
 *                           full-history states and the noise variance of those fits (c 0.25 to 1)
 *   + crowd scale           one more adapted number: how much this user follows the item biases
 * If none of these beats ridge by more than a few thousandths, no adaptation rule of a user vector
 * can on this item space either: the gap to close is on the item side. Closed-form, seconds.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RatedItems } from '../src/data/types';
import { solveSymmetric } from '../src/eval/baselines';
import { rmse } from '../src/eval/metrics';
import { buildEpisodes } from '../src/eval/protocol';
import type { MethodName } from '../src/model/format';
import { prepareTrainingData } from '../src/model/trainingData';
import { useBackend } from './lib/backend';
import { DEFAULT_DATA_DIR, loadMovieLensDir } from './lib/dataDir';
import { DEFAULT_MODEL_DIR, readModelDir, readSplit } from './lib/modelDir';
import { DEFAULT_PROTOCOL } from './lib/evaluation';

/** A linear fold-in: the user state (and any extra adapted numbers) from a support set. */
type Rule = (support: RatedItems) => Float64Array;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      items: { type: 'string', default: 'pretrain' },
    },
    strict: true,
  });
  await useBackend('wasm');
  const dir = resolve(values.model ?? DEFAULT_MODEL_DIR);
  const model = readModelDir(dir);
  const prepared = prepareTrainingData(
    loadMovieLensDir(resolve(values.data ?? DEFAULT_DATA_DIR)).data,
    readSplit(dir),
  );
  const r = model.recommender(values.items as MethodName);
  const n = r.dim + 1; // rows [v_i, 1]: the user vector and the user bias
  const row = (item: number) => r.vectors.subarray(item * n, item * n + n);
  const mu = prepared.trainMean;

  /** Solves (X^T X + P) w = X^T y + P m over the support, X = item rows (+ extra features). */
  const solve = (
    s: RatedItems,
    precision: Float64Array,
    mean: Float64Array,
    crowd: boolean,
  ): Float64Array => {
    const m = crowd ? n + 1 : n;
    const a = Float64Array.from(precision);
    const rhs = new Float64Array(m);
    for (let p = 0; p < m; p++)
      for (let q = 0; q < m; q++) rhs[p]! += (precision[p * m + q] ?? 0) * (mean[q] ?? 0);
    const x = new Float64Array(m);
    s.items.forEach((item, j) => {
      x.set(row(item));
      if (crowd) x[n] = (r.biases[item] ?? 0) - mu;
      const y = (s.ratings[j] ?? 0) - (r.biases[item] ?? 0);
      for (let p = 0; p < m; p++) {
        rhs[p]! += x[p]! * y;
        for (let q = 0; q < m; q++) a[p * m + q]! += x[p]! * x[q]!;
      }
    });
    return solveSymmetric(a, rhs, m);
  };
  const diagonal = (m: number, values: (p: number) => number) => {
    const out = new Float64Array(m * m);
    for (let p = 0; p < m; p++) out[p * m + p] = values(p);
    return out;
  };

  // The training users' states from their whole histories (lightly regularized), their mean and
  // covariance, and the noise variance of those fits.
  const states: Float64Array[] = [];
  let sse = 0;
  let count = 0;
  for (const h of prepared.train) {
    if (h.items.length < 20) continue;
    const w = solve(
      h,
      diagonal(n, () => 1),
      new Float64Array(n),
      false,
    );
    states.push(w);
    h.items.forEach((item, j) => {
      const z = row(item).reduce((acc, v, p) => acc + v * w[p]!, r.biases[item] ?? 0);
      sse += (z - (h.ratings[j] ?? 0)) ** 2;
      count++;
    });
  }
  const noise = sse / count;
  const mean = new Float64Array(n);
  for (const w of states) for (let p = 0; p < n; p++) mean[p]! += w[p]! / states.length;
  const cov = new Float64Array(n * n);
  for (const w of states)
    for (let p = 0; p < n; p++)
      for (let q = 0; q < n; q++)
        cov[p * n + q]! += ((w[p]! - mean[p]!) * (w[q]! - mean[q]!)) / (states.length - 1);
  const covInverse = new Float64Array(n * n);
  for (let q = 0; q < n; q++) {
    const column = solveSymmetric(
      cov,
      Float64Array.from({ length: n }, (_, p) => (p === q ? 1 : 0)),
      n,
    );
    for (let p = 0; p < n; p++) covInverse[p * n + q] = column[p]!;
  }
  const variances = Array.from({ length: n }, (_, p) => cov[p * n + p]!);
  console.log(
    `${values.items} items, ${states.length} training users: noise variance ${noise.toFixed(3)}, ` +
      `prior variances ${Math.min(...variances).toFixed(3)} to ${Math.max(...variances).toFixed(3)}`,
  );

  const zero = new Float64Array(n + 1);
  const rules: [string, Rule][] = [];
  for (const [toward, target] of [
    ['0', zero],
    ['the mean', mean],
  ] as const)
    for (const l of [5, 10, 20])
      rules.push([
        `ridge toward ${toward}, lambda ${l}`,
        (s) =>
          solve(
            s,
            diagonal(n, () => l),
            target,
            false,
          ),
      ]);
  for (const c of [0.25, 0.5, 1])
    rules.push([
      `Bayes, full covariance, c ${c}`,
      (s) =>
        solve(
          s,
          covInverse.map((v) => (v * noise) / c),
          mean,
          false,
        ),
    ]);
  for (const l of [5, 10, 20])
    rules.push([
      `ridge toward 0 (10) + crowd scale (${l})`,
      (s) =>
        solve(
          s,
          diagonal(n + 1, (p) => (p === n ? l : 10)),
          zero,
          true,
        ),
    ]);

  const episodes = buildEpisodes(prepared.val, DEFAULT_PROTOCOL);
  const ks = DEFAULT_PROTOCOL.ks;
  console.log(
    `meta-val: ${new Set(episodes.map((e) => e.userId)).size} users, ${episodes.length} episodes; RMSE (mean over episodes)`,
  );
  console.log(`${'rule'.padEnd(40)}${ks.map((k) => `K=${k}`.padStart(8)).join('')}  mean K=5,10,20`);
  for (const [name, rule] of rules) {
    const byK = ks.map((k) => {
      const errors = episodes.map((e) => {
        const w = rule(e.supports.get(k) as RatedItems);
        const pred = Array.from(e.query.items, (item) => {
          let z = (r.biases[item] ?? 0) + row(item).reduce((acc, v, p) => acc + v * w[p]!, 0);
          if (w.length > n) z += w[n]! * ((r.biases[item] ?? 0) - mu);
          return Math.min(5, Math.max(0.5, z));
        });
        return rmse(pred, e.query.ratings);
      });
      return errors.reduce((a, b) => a + b, 0) / errors.length;
    });
    const last3 = [5, 10, 20].map((k) => byK[ks.indexOf(k)]!);
    console.log(
      `${name.padEnd(40)}${byK.map((v) => v.toFixed(4).padStart(8)).join('')}  ${(last3.reduce((a, b) => a + b, 0) / 3).toFixed(4)}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(`foldin-probe: ${(e as Error).message}`);
  process.exit(1);
});
