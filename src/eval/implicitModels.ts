/**
 * The math of the classic list recommenders on the binary meta-train matrix X (users x items,
 * X[u][i] = 1 when user u rated item i, whatever the stars): item-item cosine kNN, EASE (Steck,
 * WWW 2019) and PureSVD (Cremonesi, Koren and Turrin, RecSys 2010). Pure TypeScript on typed arrays;
 * listBaselines.ts wraps these as evaluation methods.
 *
 * Every score function takes a new user's support as catalog indices (their ratings ignored, as in
 * the binary X) and returns a score for every catalog item, or null when the support tells the model
 * nothing (empty, or no support item the model knows), for the caller's popularity fallback.
 */
import type { UserHistory } from '../data/types';
import { invertSpdInPlace, symmetricEigen } from './linalg';

/** X in sparse form, by user (CSR) and by item (CSC). */
export interface Interactions {
  numUsers: number;
  numItems: number;
  /** Items of user u: userItems[userStart[u] .. userStart[u + 1]), ascending, [numUsers + 1]. */
  userStart: Int32Array;
  userItems: Int32Array;
  /** Users of item i: itemUsers[itemStart[i] .. itemStart[i + 1]), ascending, [numItems + 1]. */
  itemStart: Int32Array;
  itemUsers: Int32Array;
  /** Meta-train ratings per item (column sums of X), [numItems]. */
  counts: Int32Array;
}

/**
 * X from training histories: user u is histories[u]; an item a user rated twice counts once.
 *
 * @throws Error when an item index is outside [0, numItems).
 */
export function buildInteractions(histories: readonly UserHistory[], numItems: number): Interactions {
  const numUsers = histories.length;
  const userStart = new Int32Array(numUsers + 1);
  const perUser: Int32Array[] = histories.map((h) => {
    for (const item of h.items)
      if (!(item >= 0 && item < numItems))
        throw new Error(`buildInteractions: user ${h.userId} rated item ${item}, outside [0, ${numItems})`);
    return Int32Array.from(new Set(h.items)).sort();
  });
  perUser.forEach((items, u) => (userStart[u + 1] = (userStart[u] as number) + items.length));
  const userItems = new Int32Array(userStart[numUsers] as number);
  perUser.forEach((items, u) => userItems.set(items, userStart[u] as number));
  const counts = new Int32Array(numItems);
  for (const item of userItems) counts[item] = (counts[item] as number) + 1;
  const itemStart = new Int32Array(numItems + 1);
  for (let i = 0; i < numItems; i++) itemStart[i + 1] = (itemStart[i] as number) + (counts[i] as number);
  const itemUsers = new Int32Array(userItems.length);
  const fill = itemStart.slice(0, numItems);
  // Users in ascending order, so each item's user list comes out ascending.
  for (let u = 0; u < numUsers; u++)
    for (let p = userStart[u] as number; p < (userStart[u + 1] as number); p++) {
      const item = userItems[p] as number;
      itemUsers[fill[item] as number] = u;
      fill[item] = (fill[item] as number) + 1;
    }
  return { numUsers, numItems, userStart, userItems, itemStart, itemUsers, counts };
}

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

/**
 * EASE's item-item weights B on the items with at least `minCount` meta-train ratings:
 * B = I - P diag(1 / diag(P)), P = (X^T X + lambda I)^-1, so B[j][i] = -P[j][i] / P[i][i] and
 * B[i][i] = 0 (the closed-form solution of min |X - X B|^2 + lambda |B|^2 with a zero diagonal).
 */
export interface EaseModel {
  lambda: number;
  minCount: number;
  numItems: number;
  /** Catalog indices of the modelled items, ascending, [n]. */
  items: Int32Array;
  /** Catalog index -> position in `items`, or -1 when not modelled, [numItems]. */
  rowOf: Int32Array;
  /** B, row-major [n, n]: row j holds what having seen items[j] adds to every modelled item's score. */
  weights: Float32Array;
}

export interface EaseOptions {
  lambda: number;
  /** Items rated by fewer meta-train users are left out (default 3). */
  minCount?: number;
  /**
   * How P is computed, both exact: 'items' inverts the n x n item Gram matrix by Cholesky (n^3 / 2
   * multiply-adds); 'users' inverts the m x m user Gram matrix instead and gets P through the
   * Woodbury identity (m^3 / 2 + nnz (m + n)), far cheaper when users are fewer than items. 'auto'
   * (default) takes the smaller side.
   */
  route?: 'auto' | 'items' | 'users';
}

/**
 * Fits EASE. One factorization per call: fit once per lambda and share the model.
 *
 * @throws Error when lambda is not positive.
 */
export function fitEase(x: Interactions, opts: EaseOptions): EaseModel {
  const { lambda, minCount = 3 } = opts;
  if (!(lambda > 0)) throw new Error(`fitEase: lambda = ${lambda}; expected a positive number`);
  const rowOf = new Int32Array(x.numItems).fill(-1);
  const kept: number[] = [];
  for (let i = 0; i < x.numItems; i++) {
    if ((x.counts[i] as number) >= minCount) {
      rowOf[i] = kept.length;
      kept.push(i);
    }
  }
  const items = Int32Array.from(kept);
  // Each user's modelled items as rows of B (ascending, since userItems and rowOf are).
  const userRows: Int32Array[] = [];
  for (let u = 0; u < x.numUsers; u++) {
    const rows: number[] = [];
    for (let p = x.userStart[u] as number; p < (x.userStart[u + 1] as number); p++) {
      const r = rowOf[x.userItems[p] as number] as number;
      if (r >= 0) rows.push(r);
    }
    if (rows.length > 0) userRows.push(Int32Array.from(rows));
  }
  const route = opts.route ?? 'auto';
  const useUsers = route === 'users' || (route === 'auto' && userRows.length < items.length);
  const weights = useUsers
    ? easeWeightsByUsers(userRows, items.length, lambda)
    : easeWeightsByItems(userRows, items.length, lambda);
  return { lambda, minCount, numItems: x.numItems, items, rowOf, weights };
}

/** B from P = (G + lambda I)^-1 with the item Gram matrix G = X^T X, [n, n]. */
function easeWeightsByItems(userRows: Int32Array[], n: number, lambda: number): Float32Array {
  const p = new Float64Array(n * n);
  for (const rows of userRows)
    for (let a = 0; a < rows.length; a++) {
      const ra = (rows[a] as number) * n;
      for (let b = 0; b <= a; b++) p[ra + (rows[b] as number)] = (p[ra + (rows[b] as number)] as number) + 1;
    }
  for (let i = 0; i < n; i++) p[i * n + i] = (p[i * n + i] as number) + lambda;
  invertSpdInPlace(p, n);
  const b = new Float32Array(n * n);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++)
      if (i !== j) b[j * n + i] = -(p[j * n + i] as number) / (p[i * n + i] as number);
  return b;
}

/**
 * B through the user side. With M = (X X^T + lambda I)^-1 (m x m), Woodbury gives
 * P = (I - Q) / lambda with Q = X^T M X, hence B[j][i] = Q[j][i] / (1 - Q[i][i]) off the diagonal.
 * T = X^T M ([n, m], row r = sum of M's rows over the users of item r) makes
 * Q[j][i] = sum over the users u of item i of T[j][u]: nnz * n gathers from one row of T at a time.
 */
function easeWeightsByUsers(userRows: Int32Array[], n: number, lambda: number): Float32Array {
  const m = userRows.length;
  // Users of each modelled item (local user indices, ascending).
  const itemCount = new Int32Array(n);
  for (const rows of userRows) for (const r of rows) itemCount[r] = (itemCount[r] as number) + 1;
  const start = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) start[r + 1] = (start[r] as number) + (itemCount[r] as number);
  const users = new Int32Array(start[n] as number);
  const fill = start.slice(0, n);
  userRows.forEach((rows, u) => {
    for (const r of rows) {
      users[fill[r] as number] = u;
      fill[r] = (fill[r] as number) + 1;
    }
  });
  const k = new Float64Array(m * m);
  for (let r = 0; r < n; r++)
    for (let a = start[r] as number; a < (start[r + 1] as number); a++) {
      const ua = (users[a] as number) * m;
      for (let b = start[r] as number; b <= a; b++)
        k[ua + (users[b] as number)] = (k[ua + (users[b] as number)] as number) + 1;
    }
  for (let u = 0; u < m; u++) k[u * m + u] = (k[u * m + u] as number) + lambda;
  invertSpdInPlace(k, m);
  const t = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    const tr = r * m;
    for (let a = start[r] as number; a < (start[r + 1] as number); a++) {
      const mu = (users[a] as number) * m;
      for (let v = 0; v < m; v++) t[tr + v] = (t[tr + v] as number) + (k[mu + v] as number);
    }
  }
  const gather = (row: number, r: number): number => {
    let s = 0;
    for (let a = start[r] as number; a < (start[r + 1] as number); a++)
      s += t[row + (users[a] as number)] as number;
    return s;
  };
  const scale = new Float64Array(n);
  for (let r = 0; r < n; r++) scale[r] = 1 / (1 - gather(r * m, r));
  const b = new Float32Array(n * n);
  for (let j = 0; j < n; j++) {
    const tj = j * m;
    for (let i = 0; i < n; i++) if (i !== j) b[j * n + i] = gather(tj, i) * (scale[i] as number);
  }
  return b;
}

/**
 * EASE scores: the sum of B's rows over the modelled support items; items EASE does not model get
 * -Infinity. Null when no support item is modelled (nothing to go on).
 */
export function easeScores(model: EaseModel, support: ArrayLike<number>): Float32Array | null {
  const n = model.items.length;
  const sums = new Float64Array(n);
  let used = 0;
  for (const item of new Set(Array.from(support))) {
    const j = model.rowOf[item] ?? -1;
    if (j < 0) continue;
    used++;
    const row = j * n;
    for (let i = 0; i < n; i++) sums[i] = (sums[i] as number) + (model.weights[row + i] as number);
  }
  if (used === 0) return null;
  const out = new Float32Array(model.numItems).fill(-Infinity);
  model.items.forEach((item, i) => (out[item] = sums[i] as number));
  return out;
}

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
