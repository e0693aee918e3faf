/**
 * Pooling evaluation reports of disjoint user sets (cross-validation folds) into one report over
 * all their users, as if the evaluation had run on the union: every interval is poolCI95 of the
 * folds' intervals, so a method's figure covers every fold's test users and its interval narrows
 * with their number.
 */
import type { EvalReport, FloorAtK, MethodResultAtK, PairedDifference } from './evaluate';
import { poolCI95, type CI } from './metrics';

function same<T>(values: T[], what: string): T {
  const [first] = values;
  const key = JSON.stringify(first);
  if (values.some((v) => JSON.stringify(v) !== key))
    throw new Error(
      `poolReports: the reports differ in ${what} (${values.map((v) => JSON.stringify(v)).join(' vs ')})`,
    );
  return first as T;
}

function poolNullable(parts: (CI | null)[]): CI | null {
  return parts.every((p) => p === null) ? null : poolCI95(parts.filter((p): p is CI => p !== null));
}

/**
 * One report over the users of every report. The reports must come from the same protocol (K
 * values, seeds, query size) and carry the same methods in the same order; paired differences are
 * pooled by (method, against, K) and kept only where every report has them.
 *
 * @throws Error when `reports` is empty or the reports do not match as above.
 */
export function poolReports(reports: readonly EvalReport[]): EvalReport {
  if (reports.length === 0) throw new Error('poolReports: no reports to pool');
  const ks = same(
    reports.map((r) => r.ks),
    'K values',
  );
  const seeds = same(
    reports.map((r) => r.seeds),
    'seeds',
  );
  const querySize = same(
    reports.map((r) => r.querySize),
    'query size',
  );
  same(
    reports.map((r) => r.methods.map((m) => m.name)),
    'methods',
  );
  const first = reports[0] as EvalReport;
  const atK = <T extends { k: number }>(rows: T[], k: number): T => {
    const row = rows.find((r) => r.k === k);
    if (!row) throw new Error(`poolReports: a report has no row for K = ${k}`);
    return row;
  };
  const methods = first.methods.map((m, i) => ({
    ...m,
    byK: ks.map((k): MethodResultAtK => {
      const rows = reports.map((r) => atK((r.methods[i] as EvalReport['methods'][number]).byK, k));
      return {
        k,
        rmse: poolNullable(rows.map((r) => r.rmse)),
        mae: poolNullable(rows.map((r) => r.mae)),
        ndcg3: poolCI95(rows.map((r) => r.ndcg3)),
        ndcg10: poolCI95(rows.map((r) => r.ndcg10)),
        recall20: poolCI95(rows.map((r) => r.recall20)),
      };
    }),
  }));
  const random = ks.map((k): FloorAtK => {
    const rows = reports.map((r) => atK(r.floors.random, k));
    return {
      k,
      ndcg3: poolCI95(rows.map((r) => r.ndcg3)),
      ndcg10: poolCI95(rows.map((r) => r.ndcg10)),
      recall20: poolCI95(rows.map((r) => r.recall20)),
    };
  });
  const paired: PairedDifference[] = [];
  for (const p of first.paired ?? []) {
    const parts = reports.map((r) =>
      r.paired?.find((q) => q.method === p.method && q.against === p.against && q.k === p.k),
    );
    if (parts.some((q) => q === undefined)) continue;
    const found = parts as PairedDifference[];
    paired.push({
      method: p.method,
      against: p.against,
      k: p.k,
      rmse: poolNullable(found.map((q) => q.rmse)),
      ndcg10: poolCI95(found.map((q) => q.ndcg10)),
    });
  }
  return {
    ks: [...ks],
    numUsers: reports.reduce((a, r) => a + r.numUsers, 0),
    numEpisodes: reports.reduce((a, r) => a + r.numEpisodes, 0),
    seeds: [...seeds],
    querySize,
    methods,
    floors: { random },
    ...(reports.some((r) => r.paired) ? { paired } : {}),
  };
}
