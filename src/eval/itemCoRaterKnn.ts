/**
 * Item-kNN through co-raters, for a new movie (issue 17): its similarity to every catalog movie comes
 * from its first K raters' other ratings (adjusted cosine: each rater's ratings centred on their own
 * mean, shrunk by the number of co-raters), and the movie is placed at the similarity-weighted mean
 * of its nearest neighbours' vectors and biases, so every rater's list ranks it with the same
 * model as the other methods. With no rating (K = 0) it has no neighbour: not applicable.
 * Pure TypeScript.
 */
import type { NewItemState } from '../model/newItem';
import type { CatalogSide, ItemEvalMethod, ItemSupport, RaterPool } from './itemColdStartProtocol';

export interface CoRaterKnnSettings {
  /** Shrinkage lambda: a similarity over n co-raters is scaled by n / (n + lambda). */
  shrink: number;
  /** Most neighbours averaged (those with a positive similarity, most similar first). */
  neighbours: number;
}

/** Each user's mean rating (0 when they have none). */
function userMeans(pool: RaterPool): Float64Array {
  return Float64Array.from(pool.histories, (h) => {
    let s = 0;
    for (const r of h.ratings) s += r;
    return h.ratings.length > 0 ? s / h.ratings.length : 0;
  });
}

/**
 * Similarities of a new movie to the catalog through its support raters: for each movie j rated by
 * at least one of them, sum_r x_r y_rj / sqrt(sum_r x_r^2 sum_r y_rj^2) over the raters r of both
 * (x, y centred on r's mean), times n_j / (n_j + shrink). Returns the movies with a positive
 * similarity, most similar first (ties by lower index).
 */
export function coRaterNeighbours(
  support: Pick<ItemSupport, 'raters' | 'evidence'>,
  pool: RaterPool,
  means: ArrayLike<number>,
  shrink: number,
): { items: number[]; sims: number[] } {
  const dot = new Map<number, { xy: number; xx: number; yy: number; n: number }>();
  support.raters.forEach((user, j) => {
    const h = pool.histories[user];
    if (!h) return;
    const m = means[user] as number;
    const x = (support.evidence.ratings[j] as number) - m;
    h.items.forEach((item, p) => {
      const y = (h.ratings[p] as number) - m;
      const e = dot.get(item) ?? { xy: 0, xx: 0, yy: 0, n: 0 };
      e.xy += x * y;
      e.xx += x * x;
      e.yy += y * y;
      e.n += 1;
      dot.set(item, e);
    });
  });
  const found: { item: number; sim: number }[] = [];
  for (const [item, e] of dot) {
    const norm = Math.sqrt(e.xx * e.yy);
    const sim = norm > 0 ? (e.xy / norm) * (e.n / (e.n + shrink)) : 0;
    if (sim > 0) found.push({ item, sim });
  }
  found.sort((a, b) => b.sim - a.sim || a.item - b.item);
  return { items: found.map((f) => f.item), sims: found.map((f) => f.sim) };
}

/** The item-kNN method of the evaluation. */
export function coRaterKnnMethod(
  pool: RaterPool,
  catalog: CatalogSide,
  settings: CoRaterKnnSettings,
): ItemEvalMethod {
  const means = userMeans(pool);
  const d = catalog.dim;
  return {
    name: 'knn',
    label: 'Item-kNN through co-raters',
    place(support): NewItemState | null {
      if (support.k === 0) return null;
      const nb = coRaterNeighbours(support, pool, means, settings.shrink);
      let items = nb.items.slice(0, settings.neighbours);
      let sims = nb.sims.slice(0, settings.neighbours);
      if (items.length === 0) {
        // No co-rated movie leans the same way: the plain mean of every movie the raters rated.
        items = [
          ...new Set(Array.from(support.raters).flatMap((u) => Array.from(pool.histories[u]?.items ?? []))),
        ];
        sims = items.map(() => 1);
      }
      const vector = new Float32Array(d);
      let bias = 0;
      let total = 0;
      items.forEach((item, p) => {
        const s = sims[p] as number;
        for (let t = 0; t < d; t++) vector[t]! += s * (catalog.vectors[item * d + t] as number);
        bias += s * (catalog.biases[item] as number);
        total += s;
      });
      if (total === 0) return null;
      for (let t = 0; t < d; t++) vector[t]! /= total;
      return { vector, bias: bias / total };
    },
  };
}
