/**
 * Slow, obviously correct reference implementations that the unit tests check the fast linear
 * algebra against. Not for production use: O(n^3) on plain arrays with no care for speed.
 */

/**
 * The inverse of a square row-major n x n matrix by Gauss-Jordan elimination with partial
 * pivoting.
 *
 * @throws Error when the matrix is singular (a zero pivot).
 */
export function gaussJordanInverse(a: ArrayLike<number>, n: number): Float64Array {
  const m = Array.from({ length: n }, (_, i) =>
    Array.from({ length: 2 * n }, (_, j) => (j < n ? (a[i * n + j] as number) : i === j - n ? 1 : 0)),
  );
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs(m[r]?.[c] as number) > Math.abs(m[pivot]?.[c] as number)) pivot = r;
    const row = m[pivot] as number[];
    m[pivot] = m[c] as number[];
    m[c] = row;
    const d = row[c] as number;
    if (d === 0) throw new Error('gaussJordanInverse: the matrix is singular');
    for (let j = 0; j < 2 * n; j++) row[j] = (row[j] as number) / d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const other = m[r] as number[];
      const f = other[c] as number;
      for (let j = 0; j < 2 * n; j++) other[j] = (other[j] as number) - f * (row[j] as number);
    }
  }
  return Float64Array.from(m.flatMap((row) => row.slice(n)));
}
