/**
 * Dense linear algebra for the list baselines (EASE, PureSVD): a symmetric positive-definite
 * inverse through Cholesky and a symmetric eigendecomposition; `dot` also builds the rating MF's
 * ALS systems (ratingMf.ts). Pure TypeScript on row-major
 * Float64Array matrices (no tfjs: float64 matters for a 4,000 x 4,000 inverse).
 *
 * Written for speed in V8: every inner loop is a dot product of two contiguous row segments with
 * four accumulators (one accumulator is bound by the latency of the addition, not by the loads).
 */

/** x[xo .. xo+len) . y[yo .. yo+len). */
export function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let p = 0;
  for (; p + 3 < len; p += 4) {
    s0 += (x[xo + p] as number) * (y[yo + p] as number);
    s1 += (x[xo + p + 1] as number) * (y[yo + p + 1] as number);
    s2 += (x[xo + p + 2] as number) * (y[yo + p + 2] as number);
    s3 += (x[xo + p + 3] as number) * (y[yo + p + 3] as number);
  }
  for (; p < len; p++) s0 += (x[xo + p] as number) * (y[yo + p] as number);
  return s0 + s1 + s2 + s3;
}

/**
 * The dot products of four rows of `a` (starting at r0..r3) with one row of `b` (starting at rb), all
 * of length `len`, into out[0..3]. Each load of the `b` row serves four rows: the blocked passes below
 * stream the large matrix a quarter as often, which is what bounds them beyond the cache.
 */
function dot4(
  a: Float64Array,
  r0: number,
  r1: number,
  r2: number,
  r3: number,
  b: Float64Array,
  rb: number,
  len: number,
  out: Float64Array,
): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let p = 0; p < len; p++) {
    const y = b[rb + p] as number;
    s0 += (a[r0 + p] as number) * y;
    s1 += (a[r1 + p] as number) * y;
    s2 += (a[r2 + p] as number) * y;
    s3 += (a[r3 + p] as number) * y;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/** Rows are processed four at a time (dot4); the last rows of a size not divisible by 4 one by one. */
const BLOCK = 4;

/**
 * Cholesky factorization in place: the lower triangle (diagonal included) of the row-major n x n
 * symmetric positive-definite `a` becomes L with A = L L^T; only the lower triangle of `a` is read
 * and the upper triangle is left as it was. Row-oriented (L[i][j] from the dot product of rows i and
 * j left of column j), so every inner loop is contiguous. n^3 / 6 multiply-adds.
 *
 * @throws Error when a pivot is not positive (A is not positive definite, to working precision).
 */
export function choleskyInPlace(a: Float64Array, n: number): void {
  if (a.length !== n * n) throw new Error(`choleskyInPlace: expected ${n}x${n} values, got ${a.length}`);
  const out = new Float64Array(BLOCK);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const end = Math.min(n, i0 + BLOCK);
    // Columns left of the block: four rows against each earlier row j at once.
    for (let j = 0; j < i0; j++) {
      const rj = j * n;
      const ljj = a[rj + j] as number;
      if (end - i0 === BLOCK) {
        const r0 = i0 * n;
        dot4(a, r0, r0 + n, r0 + 2 * n, r0 + 3 * n, a, rj, j, out);
        for (let t = 0; t < BLOCK; t++) {
          const at = r0 + t * n + j;
          a[at] = ((a[at] as number) - (out[t] as number)) / ljj;
        }
      } else {
        for (let i = i0; i < end; i++) {
          const ri = i * n;
          a[ri + j] = ((a[ri + j] as number) - dot(a, ri, a, rj, j)) / ljj;
        }
      }
    }
    // The block's own triangle, row by row.
    for (let i = i0; i < end; i++) {
      const ri = i * n;
      for (let j = i0; j < i; j++) {
        const rj = j * n;
        a[ri + j] = ((a[ri + j] as number) - dot(a, ri, a, rj, j)) / (a[rj + j] as number);
      }
      const pivot = (a[ri + i] as number) - dot(a, ri, a, ri, i);
      if (!(pivot > 0))
        throw new Error(`choleskyInPlace: pivot ${i} is ${pivot}; the matrix is not positive definite`);
      a[ri + i] = Math.sqrt(pivot);
    }
  }
}

/**
 * The inverse of a symmetric positive-definite matrix, in place: `a` (row-major n x n, only its lower
 * triangle read) becomes the full symmetric A^-1. Three passes of n^3 / 6 multiply-adds each:
 *
 * 1. A = L L^T (choleskyInPlace);
 * 2. U = (L^-1)^T, upper triangular, from U[j][i] = -(L[i][j..i) . U[j][j..i)) / L[i][i] (rows of L and
 *    U, both contiguous); U[i][i] = 1 / L[i][i];
 * 3. A^-1 = L^-T L^-1 = U U^T, entry (i, j) the dot product of rows i and j of U from column max(i, j).
 *
 * Needs one extra n x n buffer (for U).
 *
 * @throws Error when A is not positive definite.
 */
export function invertSpdInPlace(a: Float64Array, n: number): void {
  choleskyInPlace(a, n);
  const u = new Float64Array(n * n);
  const out = new Float64Array(BLOCK);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const end = Math.min(n, i0 + BLOCK);
    for (let j = 0; j < i0; j++) {
      const rj = j * n;
      if (end - i0 === BLOCK) {
        // The part of the four dot products left of the block is shared; the rest uses the entries
        // of U's row j this loop has just written.
        const r0 = i0 * n;
        dot4(a, r0 + j, r0 + n + j, r0 + 2 * n + j, r0 + 3 * n + j, u, rj + j, i0 - j, out);
        for (let t = 0; t < BLOCK; t++) {
          const ri = r0 + t * n;
          let s = out[t] as number;
          for (let q = 0; q < t; q++) s += (a[ri + i0 + q] as number) * (u[rj + i0 + q] as number);
          u[rj + i0 + t] = -s / (a[ri + i0 + t] as number);
        }
      } else {
        for (let i = i0; i < end; i++) {
          const ri = i * n;
          u[rj + i] = -dot(a, ri + j, u, rj + j, i - j) / (a[ri + i] as number);
        }
      }
    }
    for (let i = i0; i < end; i++) {
      const ri = i * n;
      const inv = 1 / (a[ri + i] as number);
      for (let j = i0; j < i; j++) {
        const rj = j * n;
        u[rj + i] = -dot(a, ri + j, u, rj + j, i - j) * inv;
      }
      u[ri + i] = inv;
    }
  }
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const end = Math.min(n, i0 + BLOCK);
    // Inside the block (j < end), row by row; beyond it four rows against each row j at once.
    for (let i = i0; i < end; i++) {
      const ri = i * n;
      for (let j = i; j < end; j++) {
        const v = dot(u, ri + j, u, j * n + j, n - j);
        a[ri + j] = v;
        a[j * n + i] = v;
      }
    }
    for (let j = end; j < n; j++) {
      const rj = j * n;
      if (end - i0 === BLOCK) {
        const r0 = i0 * n;
        dot4(u, r0 + j, r0 + n + j, r0 + 2 * n + j, r0 + 3 * n + j, u, rj + j, n - j, out);
        for (let t = 0; t < BLOCK; t++) {
          const v = out[t] as number;
          a[r0 + t * n + j] = v;
          a[rj + i0 + t] = v;
        }
      } else {
        for (let i = i0; i < end; i++) {
          const v = dot(u, i * n + j, u, rj + j, n - j);
          a[i * n + j] = v;
          a[rj + i] = v;
        }
      }
    }
  }
}

/** A symmetric matrix's eigenvalues (ascending) and unit eigenvectors. */
export interface SymmetricEigen {
  /** Eigenvalues, ascending, [n]. */
  values: Float64Array;
  /** Eigenvectors as columns, row-major [n, n]: column k belongs to values[k]. */
  vectors: Float64Array;
}

/**
 * Eigendecomposition of a real symmetric n x n matrix (row-major; only read, never modified) by
 * symmetric QR: Householder reduction to tridiagonal form, then the implicit QL algorithm with
 * Wilkinson-type shifts (tred2 and tql2 of EISPACK, as in JAMA's public-domain port). About 9 n^3
 * flops; meant for the users x users Gram matrix of PureSVD (a few hundred rows).
 *
 * @throws Error when QL does not converge within 30 n iterations per eigenvalue (does not happen
 *   for finite symmetric input).
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  if (a.length !== n * n) throw new Error(`symmetricEigen: expected ${n}x${n} values, got ${a.length}`);
  const v = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(v, d, e, n);
  tql2(v, d, e, n);
  return { values: d, vectors: v };
}

/** Householder tridiagonalization: v becomes the orthogonal transform, d the diagonal, e the subdiagonal. */
function tred2(v: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  if (n === 0) return;
  const at = (i: number, j: number): number => v[i * n + j] as number;
  for (let j = 0; j < n; j++) d[j] = at(n - 1, j);
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k] as number);
    if (scale === 0) {
      e[i] = d[i - 1] as number;
      for (let j = 0; j < i; j++) {
        d[j] = at(i - 1, j);
        v[i * n + j] = 0;
        v[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = (d[k] as number) / scale;
        h += (d[k] as number) * (d[k] as number);
      }
      let f = d[i - 1] as number;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        v[j * n + i] = f;
        g = (e[j] as number) + at(j, j) * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += at(k, j) * (d[k] as number);
          e[k] = (e[k] as number) + at(k, j) * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = (e[j] as number) / h;
        f += (e[j] as number) * (d[j] as number);
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = (e[j] as number) - hh * (d[j] as number);
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        g = e[j] as number;
        for (let k = j; k <= i - 1; k++)
          v[k * n + j] = at(k, j) - (f * (e[k] as number) + g * (d[k] as number));
        d[j] = at(i - 1, j);
        v[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    v[(n - 1) * n + i] = at(i, i);
    v[i * n + i] = 1;
    const h = d[i + 1] as number;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = at(k, i + 1) / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += at(k, i + 1) * at(k, j);
        for (let k = 0; k <= i; k++) v[k * n + j] = at(k, j) - g * (d[k] as number);
      }
    }
    for (let k = 0; k <= i; k++) v[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = at(n - 1, j);
    v[(n - 1) * n + j] = 0;
  }
  v[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e), accumulating rotations into v; sorts ascending. */
function tql2(v: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  if (n === 0) return;
  for (let i = 1; i < n; i++) e[i - 1] = e[i] as number;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Math.pow(2, -52);
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l] as number) + Math.abs(e[l] as number));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m] as number) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 30 * n) throw new Error('symmetricEigen: QL iteration did not converge');
        let g = d[l] as number;
        let p = ((d[l + 1] as number) - g) / (2 * (e[l] as number));
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = (e[l] as number) / (p + r);
        d[l + 1] = (e[l] as number) * (p + r);
        const dl1 = d[l + 1] as number;
        let h = g - (d[l] as number);
        for (let i = l + 2; i < n; i++) d[i] = (d[i] as number) - h;
        f += h;
        p = d[m] as number;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1] as number;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * (e[i] as number);
          h = c * p;
          r = Math.hypot(p, e[i] as number);
          e[i + 1] = s * r;
          s = (e[i] as number) / r;
          c = p / r;
          p = c * (d[i] as number) - s * g;
          d[i + 1] = h + s * (c * g + s * (d[i] as number));
          for (let k = 0; k < n; k++) {
            const row = k * n;
            h = v[row + i + 1] as number;
            v[row + i + 1] = s * (v[row + i] as number) + c * h;
            v[row + i] = c * (v[row + i] as number) - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * (e[l] as number)) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l] as number) > eps * tst1);
    }
    d[l] = (d[l] as number) + f;
    e[l] = 0;
  }
  // Selection sort of the eigenvalues (and their vectors) into ascending order.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i] as number;
    for (let j = i + 1; j < n; j++) {
      if ((d[j] as number) < p) {
        k = j;
        p = d[j] as number;
      }
    }
    if (k !== i) {
      d[k] = d[i] as number;
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const row = j * n;
        const t = v[row + i] as number;
        v[row + i] = v[row + k] as number;
        v[row + k] = t;
      }
    }
  }
}
