import { describe, expect, it } from 'vitest';
import { catalogScores, newItemScore, rankAmong } from './newItemRank';

describe('a new movie in a user list', () => {
  it('scores the catalog as u . v + b, ignoring the rows past dim', () => {
    const vectors = Float32Array.of(1, 0, 1, 0, 1, 1, 2, 2, 1);
    const scores = catalogScores([2, 3], vectors, Float32Array.of(0, 1, -1), 3, 2);
    expect(Array.from(scores)).toEqual([2, 4, 9]);
    expect(newItemScore([2, 3], { vector: Float32Array.of(1, 1), bias: 0.5 })).toBe(5.5);
  });

  it('ranks it among the listable movies the user did not rate, never against its own row', () => {
    const scores = Float32Array.of(9, 8, 7, 6, 5);
    expect(rankAmong(7.5, scores, new Set(), -1, null)).toBe(3);
    expect(rankAmong(7.5, scores, new Set([0]), -1, null)).toBe(2);
    expect(rankAmong(7.5, scores, new Set(), 1, null)).toBe(2);
    expect(rankAmong(7.5, scores, new Set(), -1, Uint8Array.of(0, 1, 1, 1, 1))).toBe(2);
    expect(rankAmong(10, scores, new Set(), -1, null)).toBe(1);
  });
});
