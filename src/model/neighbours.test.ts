import { describe, expect, it } from 'vitest';
import { nearestNeighbours } from './neighbours';

/** Rows [x, y, 1] (the recommender's layout: the vector, then the constant 1). */
const rows = (pts: [number, number][]) => Float32Array.from(pts.flatMap(([x, y]) => [x, y, 1]));

describe('nearestNeighbours', () => {
  const vectors = rows([
    [1, 0], // 0: the query
    [2, 0.1], // 1: same direction, longer (cosine ignores length)
    [0, 1], // 2: orthogonal
    [-1, 0], // 3: opposite
    [1, 1], // 4: 45 degrees
    [0.5, 0.02], // 5: nearly the same direction
  ]);

  it('orders by cosine of the vectors, never the movie itself, and ignores the trailing 1', () => {
    const { items, similarity } = nearestNeighbours(vectors, 3, 2, 0, 4);
    expect([...items]).toEqual([5, 1, 4, 2]);
    expect(similarity[0]).toBeCloseTo(0.5 / Math.hypot(0.5, 0.02), 5);
    expect(similarity[2]).toBeCloseTo(Math.SQRT1_2, 5);
    expect(similarity[3]).toBeCloseTo(0, 6);
    for (let i = 1; i < similarity.length; i++)
      expect(similarity[i] ?? 0).toBeLessThanOrEqual(similarity[i - 1] ?? 0);
  });

  it('matches a brute-force sort on random vectors', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const dim = 8;
    const n = 300;
    const v = Float32Array.from({ length: n * (dim + 1) }, (_, k) => (k % (dim + 1) === dim ? 1 : rand()));
    const cos = (a: number, b: number) => {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let t = 0; t < dim; t++) {
        const x = v[a * (dim + 1) + t] ?? 0;
        const y = v[b * (dim + 1) + t] ?? 0;
        dot += x * y;
        na += x * x;
        nb += y * y;
      }
      return dot / Math.sqrt(na * nb);
    };
    const expected = Array.from({ length: n }, (_, i) => i)
      .filter((i) => i !== 42 && i % 5 !== 0)
      .sort((a, b) => cos(42, b) - cos(42, a))
      .slice(0, 10);
    const got = nearestNeighbours(v, dim + 1, dim, 42, 10, (i) => i % 5 !== 0);
    expect([...got.items]).toEqual(expected);
  });

  it('leaves out what is not allowed (excluded or unlistable movies), and copes with edge cases', () => {
    expect([...nearestNeighbours(vectors, 3, 2, 0, 2, (i) => i !== 5).items]).toEqual([1, 4]);
    expect(nearestNeighbours(vectors, 3, 2, 99, 3).items.length).toBe(0);
    expect(nearestNeighbours(vectors, 3, 2, 0, 0).items.length).toBe(0);
    expect(nearestNeighbours(vectors, 3, 2, 0, 50).items.length).toBe(5);
    const zero = rows([
      [0, 0],
      [1, 0],
    ]);
    expect([...nearestNeighbours(zero, 3, 2, 0, 1).similarity]).toEqual([0]);
  });
});
