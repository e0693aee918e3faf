import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { choleskyInPlace, invertSpdInPlace } from './linalg';
import { symmetricEigen } from './symmetricEigen';
import { gaussJordanInverse } from './referenceMath';

const rng = createRng(11);

/** A random symmetric positive-definite n x n matrix: B B^T + n I. */
function randomSpd(n: number): Float64Array {
  const b = Float64Array.from({ length: n * n }, () => rng.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let p = 0; p < n; p++) s += (b[i * n + p] as number) * (b[j * n + p] as number);
      a[i * n + j] = s;
    }
  return a;
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  expect(worst).toBeLessThan(tolerance);
}

describe('choleskyInPlace', () => {
  it('gives L with L L^T = A and leaves the upper triangle alone', () => {
    const n = 7;
    const a = randomSpd(n);
    const l = Float64Array.from(a);
    choleskyInPlace(l, n);
    const product = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p <= Math.min(i, j); p++) s += (l[i * n + p] as number) * (l[j * n + p] as number);
        product[i * n + j] = s;
        if (j > i) expect(l[i * n + j]).toBe(a[i * n + j]);
      }
    expectClose(product, a, 1e-9);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => choleskyInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive definite/);
  });
});

describe('invertSpdInPlace', () => {
  // Sizes around the four-row blocks: a partial last block and none at all.
  it.each([1, 3, 4, 6, 9, 13])('matches a Gauss-Jordan inverse for n = %i', (n) => {
    const a = randomSpd(n);
    const want = gaussJordanInverse(a, n);
    invertSpdInPlace(a, n);
    expectClose(a, want, 1e-12);
  });
});

describe('symmetricEigen', () => {
  it.each([1, 2, 7, 12])('diagonalizes a symmetric matrix, n = %i', (n) => {
    const a = randomSpd(n).map((v, k) => v - (k % (n + 1) === 0 ? 2 * n : 0));
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1] as number);
    // A v_k = values[k] v_k, and the columns are orthonormal.
    for (let k = 0; k < n; k++)
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (a[i * n + j] as number) * (vectors[j * n + k] as number);
        expect(s).toBeCloseTo((values[k] as number) * (vectors[i * n + k] as number), 9);
      }
    for (let p = 0; p < n; p++)
      for (let q = 0; q < n; q++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (vectors[i * n + p] as number) * (vectors[i * n + q] as number);
        expect(s).toBeCloseTo(p === q ? 1 : 0, 12);
      }
  });

  it('handles repeated eigenvalues and a zero matrix', () => {
    const identity = Float64Array.from({ length: 9 }, (_, k) => (k % 4 === 0 ? 2 : 0));
    expect(Array.from(symmetricEigen(identity, 3).values)).toEqual([2, 2, 2]);
    expect(Array.from(symmetricEigen(new Float64Array(4), 2).values)).toEqual([0, 0]);
  });
});
