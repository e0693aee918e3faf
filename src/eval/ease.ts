/**
 * EASE (Steck, WWW 2019), a classic list recommender, on the binary meta-train matrix X
 * (interactions.ts): the closed-form item-item weights and a new user's scores. Pure TypeScript on
 * typed arrays.
 */
import type { Interactions } from './interactions';
import { invertSpdInPlace } from './linalg';

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
