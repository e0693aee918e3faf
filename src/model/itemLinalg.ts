/**
 * Small dense linear algebra for the new-item placers: a symmetric positive definite solve by
 * Cholesky, in float64. Pure TypeScript (no tfjs): the systems are tiny ((d + 1) or F unknowns), so
 * they run anywhere, the main thread included, and give the same numbers in Node and the browser.
 */

/**
 * Solves A X = B for symmetric positive definite A [n, n] and B [n, m] (both row-major); A and B are
 * not modified. A non-positive pivot (A singular to float64 precision) gets a tiny jitter instead of
 * failing, so a degenerate support still gives a finite answer.
 * @returns X [n, m], row-major.
 */
export function solveSpd(a: ArrayLike<number>, n: number, b: ArrayLike<number>, m: number): Float64Array {
  const l = new Float64Array(n * n);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(a[i * n + i] ?? 0));
  const jitter = Math.max(scale, 1) * 1e-12;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] ?? 0) * (l[j * n + k] ?? 0);
      if (i === j) l[i * n + i] = Math.sqrt(s > jitter ? s : jitter);
      else l[i * n + j] = s / (l[j * n + j] ?? 1);
    }
  }
  const x = Float64Array.from({ length: n * m }, (_, i) => b[i] ?? 0);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let s = x[i * m + c] ?? 0;
      for (let k = 0; k < i; k++) s -= (l[i * n + k] ?? 0) * (x[k * m + c] ?? 0);
      x[i * m + c] = s / (l[i * n + i] ?? 1);
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i * m + c] ?? 0;
      for (let k = i + 1; k < n; k++) s -= (l[k * n + i] ?? 0) * (x[k * m + c] ?? 0);
      x[i * m + c] = s / (l[i * n + i] ?? 1);
    }
  }
  return x;
}

/** x . y over `len` entries starting at offsets xo and yo. */
export function dotAt(
  x: ArrayLike<number>,
  xo: number,
  y: ArrayLike<number>,
  yo: number,
  len: number,
): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += (x[xo + i] ?? 0) * (y[yo + i] ?? 0);
  return s;
}
