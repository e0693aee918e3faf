/**
 * PureSVD (Cremonesi, Koren and Turrin, RecSys 2010), a classic list recommender, on the binary
 * meta-train matrix X (interactions.ts). Pure TypeScript on typed arrays.
 */
import type { Interactions } from './interactions';
import { symmetricEigen } from './symmetricEigen';

/**
 * PureSVD: the top right singular vectors V of X ([numItems, rank], orthonormal columns), found
 * from the eigendecomposition of the small users x users Gram matrix X X^T = U diag(s^2) U^T as
 * V = X^T U diag(1 / s). A new user's scores are x_S V V^T.
 */
export interface PureSvdModel {
  /** Number of factors kept (at most the requested rank and the rank of X). */
  rank: number;
  numItems: number;
  /** V, row-major [numItems, rank]; zero rows for items no meta-train user rated. */
  factors: Float64Array;
  /** Singular values s, descending, [rank]. */
  singularValues: Float64Array;
  /** 1 for items some meta-train user rated (the ones PureSVD can place), [numItems]. */
  rated: Uint8Array;
}

/**
 * Fits PureSVD with up to `maxRank` factors; a smaller rank uses the leading columns
 * (pureSvdScores' `rank`), so one fit serves every rank up to maxRank.
 */
export function fitPureSvd(x: Interactions, maxRank: number): PureSvdModel {
  const active: number[] = [];
  for (let u = 0; u < x.numUsers; u++)
    if ((x.userStart[u + 1] as number) > (x.userStart[u] as number)) active.push(u);
  const m = active.length;
  const local = new Int32Array(x.numUsers).fill(-1);
  active.forEach((u, a) => (local[u] = a));
  const gram = new Float64Array(m * m);
  for (let i = 0; i < x.numItems; i++) {
    const from = x.itemStart[i] as number;
    const to = x.itemStart[i + 1] as number;
    for (let a = from; a < to; a++) {
      const ua = (local[x.itemUsers[a] as number] as number) * m;
      for (let b = from; b < to; b++) {
        const at = ua + (local[x.itemUsers[b] as number] as number);
        gram[at] = (gram[at] as number) + 1;
      }
    }
  }
  const { values, vectors } = symmetricEigen(gram, m);
  const top = values[m - 1] ?? 0;
  const cols: number[] = [];
  for (let c = m - 1; c >= 0 && cols.length < maxRank; c--)
    if ((values[c] as number) > 1e-9 * top && top > 0) cols.push(c);
  const rank = cols.length;
  const singularValues = Float64Array.from(cols, (c) => Math.sqrt(values[c] as number));
  const factors = new Float64Array(x.numItems * rank);
  const rated = new Uint8Array(x.numItems);
  for (let i = 0; i < x.numItems; i++) {
    const row = i * rank;
    for (let p = x.itemStart[i] as number; p < (x.itemStart[i + 1] as number); p++) {
      rated[i] = 1;
      const ur = (local[x.itemUsers[p] as number] as number) * m;
      for (let f = 0; f < rank; f++)
        factors[row + f] = (factors[row + f] as number) + (vectors[ur + (cols[f] as number)] as number);
    }
    for (let f = 0; f < rank; f++)
      factors[row + f] = (factors[row + f] as number) / (singularValues[f] as number);
  }
  return { rank, numItems: x.numItems, factors, singularValues, rated };
}

/**
 * PureSVD scores with the leading `rank` factors (default all): x_S V V^T, i.e. each item's factor
 * row dotted with the sum of the support's rows. Items no meta-train user rated get -Infinity. Null
 * when no support item was rated in meta-train.
 */
export function pureSvdScores(
  model: PureSvdModel,
  support: ArrayLike<number>,
  rank: number = model.rank,
): Float32Array | null {
  const r = Math.min(rank, model.rank);
  const stride = model.rank;
  const q = new Float64Array(r);
  let used = 0;
  for (const item of new Set(Array.from(support))) {
    if (!model.rated[item]) continue;
    used++;
    for (let f = 0; f < r; f++) q[f] = (q[f] as number) + (model.factors[item * stride + f] as number);
  }
  if (used === 0) return null;
  const out = new Float32Array(model.numItems);
  for (let i = 0; i < model.numItems; i++) {
    if (!model.rated[i]) {
      out[i] = -Infinity;
      continue;
    }
    let s = 0;
    for (let f = 0; f < r; f++) s += (model.factors[i * stride + f] as number) * (q[f] as number);
    out[i] = s;
  }
  return out;
}
