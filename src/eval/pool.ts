/**
 * Pooling evaluation reports of disjoint user sets (cross-validation folds) into one report over
 * all their users, as if the evaluation had run on the union: every interval is poolCI95 of the
 * folds' intervals, so a method's figure covers every fold's test users and its interval narrows
 * with their number.
 */
import type { EvalReport, FloorAtK, MethodResultAtK, PairedDifference } from './evaluate';
import { poolCI95, type CI } from './metrics';
import { tallyResult, type TopNPairedDifference, type TopNReport, type TopNResultAtK } from './topn';

function same<T>(values: T[], what: string, who = 'poolReports'): T {
  const [first] = values;
  const key = JSON.stringify(first);
  if (values.some((v) => JSON.stringify(v) !== key))
    throw new Error(
      `${who}: the reports differ in ${what} (${values.map((v) => JSON.stringify(v)).join(' vs ')})`,
    );
  return first as T;
}

function rowAt<T extends { k: number }>(rows: T[], k: number, who: string): T {
  const row = rows.find((r) => r.k === k);
  if (!row) throw new Error(`${who}: a report has no row for K = ${k}`);
  return row;
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
  const atK = <T extends { k: number }>(rows: T[], k: number): T => rowAt(rows, k, 'poolReports');
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

/**
 * One top-N report over the users of every report (disjoint users, e.g. cross-validation folds),
 * equal to evaluating the union: Recall@N, nDCG@N and the paired differences pool exactly through
 * poolCI95 (each interval carries n, the mean and the sd); coverage is recomputed from the union of
 * the recommended items and the median popularity rank from the merged rank histograms (each fold's
 * ranks come from its own meta-train). The reports must share the protocol (N, relevance threshold,
 * support order, K values, seeds, catalog size) and the methods in the same order; paired
 * differences are kept where every report has them.
 *
 * @throws Error when `reports` is empty or the reports do not match as above.
 */
export function poolTopNReports(reports: readonly TopNReport[]): TopNReport {
  const who = 'poolTopNReports';
  if (reports.length === 0) throw new Error(`${who}: no reports to pool`);
  const field = <K extends keyof TopNReport>(key: K, what: string): TopNReport[K] =>
    same(
      reports.map((r) => r[key]),
      what,
      who,
    );
  const listSize = field('listSize', 'list size');
  const relevantRating = field('relevantRating', 'relevance threshold');
  const order = field('order', 'support order');
  const ks = field('ks', 'K values');
  const seeds = field('seeds', 'seeds');
  const catalogSize = field('catalogSize', 'catalog size');
  same(
    reports.map((r) => r.methods.map((m) => m.name)),
    'methods',
    who,
  );
  const first = reports[0] as TopNReport;
  const methods = first.methods.map((m, i) => ({
    ...m,
    byK: ks.map((k): TopNResultAtK => {
      const rows = reports.map((r) => rowAt((r.methods[i] as TopNReport['methods'][number]).byK, k, who));
      const items = new Set<number>();
      const byRank = new Map<number, number>();
      for (const { tally } of rows) {
        for (const item of tally.items) items.add(item);
        tally.ranks.forEach((rank, j) =>
          byRank.set(rank, (byRank.get(rank) ?? 0) + (tally.slots[j] as number)),
        );
      }
      return {
        k,
        recall: poolCI95(rows.map((r) => r.recall)),
        ndcg: poolCI95(rows.map((r) => r.ndcg)),
        ...tallyResult(
          [...items].sort((a, b) => a - b),
          byRank,
          catalogSize,
        ),
      };
    }),
  }));
  const paired: TopNPairedDifference[] = [];
  for (const p of first.paired ?? []) {
    const parts = reports.map((r) =>
      r.paired?.find((q) => q.method === p.method && q.against === p.against && q.k === p.k),
    );
    if (parts.some((q) => q === undefined)) continue;
    const found = parts as TopNPairedDifference[];
    paired.push({
      method: p.method,
      against: p.against,
      k: p.k,
      recall: poolCI95(found.map((q) => q.recall)),
      ndcg: poolCI95(found.map((q) => q.ndcg)),
    });
  }
  return {
    listSize,
    relevantRating,
    order,
    ks: [...ks],
    seeds: [...seeds],
    numUsers: reports.reduce((a, r) => a + r.numUsers, 0),
    numEpisodes: reports.reduce((a, r) => a + r.numEpisodes, 0),
    catalogSize,
    methods,
    ...(reports.some((r) => r.paired) ? { paired } : {}),
  };
}
