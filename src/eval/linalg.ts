/**
 * Dense linear algebra for EASE (ease.ts): a symmetric positive-definite inverse through Cholesky;
 * `dot` also builds the rating MF's ALS systems (ratingMf.ts). The symmetric eigendecomposition
 * PureSVD needs is in symmetricEigen.ts. Pure TypeScript on row-major
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
