/**
 * Item-item cosine kNN (a classic list recommender) on the binary meta-train matrix X
 * (interactions.ts). Pure TypeScript on typed arrays.
 */
import type { Interactions } from './interactions';

/** One item's neighbours, most similar first (ties by lower index). */
export interface ItemNeighbours {
  items: Int32Array;
  /** Cosine similarities, descending, all > 0. */
  sims: Float32Array;
}

/** Item-item cosine similarities on X, computed for an item the first time it is asked for, then kept. */
export interface ItemKnn {
  /** Every item that shares a user with `item`, by cosine similarity |U_i ∩ U_j| / sqrt(|U_i| |U_j|). */
  neighboursOf(item: number): ItemNeighbours;
}

/**
 * Lazy item-item cosine kNN: an item's similarities come from its users' item lists (the sparse
 * co-occurrence row, sum over its users of their history lengths), so only items that appear in a
 * support are ever computed and memory stays at their neighbour lists (no dense 9,742^2 matrix).
 * Lists are kept whole (any neighbour count can read them). On ml-latest-small's meta-train, asking
 * for every rated item would keep 23 million entries (190 MB) after 12 s; an evaluation asks only
 * for its supports' items.
 */
export function createItemKnn(x: Interactions): ItemKnn {
  const cache = new Map<number, ItemNeighbours>();
  const co = new Float64Array(x.numItems);
  const touched: number[] = [];
  const compute = (j: number): ItemNeighbours => {
    touched.length = 0;
    for (let p = x.itemStart[j] as number; p < (x.itemStart[j + 1] as number); p++) {
      const u = x.itemUsers[p] as number;
      for (let q = x.userStart[u] as number; q < (x.userStart[u + 1] as number); q++) {
        const i = x.userItems[q] as number;
        if (i === j) continue;
        if (co[i] === 0) touched.push(i);
        co[i] = (co[i] as number) + 1;
      }
    }
    const cj = x.counts[j] as number;
    const sim = (i: number): number => (co[i] as number) / Math.sqrt(cj * (x.counts[i] as number));
    touched.sort((a, b) => sim(b) - sim(a) || a - b);
    const items = Int32Array.from(touched);
    const sims = Float32Array.from(touched, sim);
    for (const i of touched) co[i] = 0;
    return { items, sims };
  };
  return {
    neighboursOf(item) {
      let found = cache.get(item);
      if (found === undefined) {
        found = compute(item);
        cache.set(item, found);
      }
      return found;
    },
  };
}

/**
 * Item-kNN scores: score(i) = sum over support items j of sim(i, j), counting only each j's
 * `neighbours` most similar items (0 = all). Items no support item reaches score below every
 * reached item, in popularity order: count / (max count + 1) - 1, in [-1, 0). With an empty support
 * that is the popularity list.
 */
export function itemKnnScores(
  knn: ItemKnn,
  counts: Int32Array,
  support: ArrayLike<number>,
  neighbours: number,
): Float32Array {
  const n = counts.length;
  const sums = new Float64Array(n);
  const reached = new Uint8Array(n);
  for (const j of new Set(Array.from(support))) {
    const nb = knn.neighboursOf(j);
    const m = neighbours > 0 ? Math.min(neighbours, nb.items.length) : nb.items.length;
    for (let p = 0; p < m; p++) {
      const i = nb.items[p] as number;
      sums[i] = (sums[i] as number) + (nb.sims[p] as number);
      reached[i] = 1;
    }
  }
  let maxCount = 0;
  for (const c of counts) maxCount = Math.max(maxCount, c);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++)
    out[i] = reached[i] ? (sums[i] as number) : (counts[i] as number) / (maxCount + 1) - 1;
  return out;
}
