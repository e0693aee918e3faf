/**
 * Model selection for the list model: a fixed set of meta-val episodes and the catalog-wide
 * Recall@20 of a method on them, the same measure the evaluation reports (support excluded from
 * the list, every other rating of the user is the test set, relevant = rated >= 4). Training uses
 * it to keep the best step and to choose settings; it never sees meta-test users.
 */
import { createRng } from '../data/rng';
import type { RatedItems, UserHistory } from '../data/types';
import { LIKED_RATING, permutation } from './listEpisodes';
import { topN } from './recommender';

export const LIST_CUTOFF = 20;

export interface ListValidationSet {
  /** One support per episode. */
  supports: RatedItems[];
  /** Relevant (liked, not in the support) catalog indices per episode. */
  relevant: Int32Array[];
  /** K of each episode. */
  ks: number[];
}

/**
 * Episodes of users with at least `minRatings` ratings: for each seed, the user's ratings in the
 * order of createRng(seed * 1_000_003 + userId) (as the evaluation protocol), the support the
 * first K, the test set the rest. Episodes whose test set has nothing relevant are left out.
 */
export function listValidationSet(
  histories: readonly UserHistory[],
  opts: { seeds: number[]; ks: number[]; minRatings: number },
): ListValidationSet {
  const out: ListValidationSet = { supports: [], relevant: [], ks: [] };
  for (const h of histories) {
    if (h.items.length < opts.minRatings) continue;
    for (const seed of opts.seeds) {
      const order = permutation(h.items.length, createRng(seed * 1_000_003 + h.userId));
      for (const k of opts.ks) {
        if (k >= order.length) continue;
        const rel = order.slice(k).filter((i) => (h.ratings[i] ?? 0) >= LIKED_RATING);
        if (rel.length === 0) continue;
        out.supports.push({
          items: Int32Array.from(order.slice(0, k), (i) => h.items[i] ?? 0),
          ratings: Float32Array.from(order.slice(0, k), (i) => h.ratings[i] ?? 0),
        });
        out.relevant.push(Int32Array.from(rel, (i) => h.items[i] ?? 0));
        out.ks.push(k);
      }
    }
  }
  return out;
}

/**
 * Recall@cutoff of one user's catalog scores (scores[offset .. offset + n)): hits among the top
 * `cutoff` items outside `exclude`, over min(cutoff, relevant.length).
 */
export function recallOfScores(
  scores: Float32Array,
  offset: number,
  n: number,
  exclude: Int32Array,
  relevant: Int32Array,
  cutoff = LIST_CUTOFF,
): number {
  const top = topN(scores.subarray(offset, offset + n), cutoff, exclude);
  const rel = new Set(relevant);
  let hits = 0;
  for (const i of top) if (rel.has(i)) hits++;
  return hits / Math.min(cutoff, relevant.length);
}

/** Mean Recall@20 of each K, ascending by K. `scores` holds one row of n catalog scores per episode. */
export function validationRecallByK(
  set: ListValidationSet,
  scores: Float32Array,
  n: number,
): { k: number; recall: number }[] {
  const byK = new Map<number, { sum: number; count: number }>();
  set.supports.forEach((s, e) => {
    const r = recallOfScores(scores, e * n, n, s.items, set.relevant[e] as Int32Array);
    const k = set.ks[e] as number;
    const acc = byK.get(k) ?? { sum: 0, count: 0 };
    acc.sum += r;
    acc.count++;
    byK.set(k, acc);
  });
  return [...byK].sort((a, b) => a[0] - b[0]).map(([k, { sum, count }]) => ({ k, recall: sum / count }));
}

/** The mean over the Ks of validationRecallByK: every K weighs the same, whatever its episodes. */
export function validationRecall(set: ListValidationSet, scores: Float32Array, n: number): number {
  const rows = validationRecallByK(set, scores, n);
  return rows.length === 0 ? NaN : rows.reduce((s, r) => s + r.recall, 0) / rows.length;
}
