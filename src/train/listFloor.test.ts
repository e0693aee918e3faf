import { describe, expect, it } from 'vitest';
import type { ListValidationSet } from '../model/listValidation';
import { chooseListFloor, floorTable, FLOOR_TOLERANCE, type FloorRow } from './listFloor';

const row = (minRatings: number, recall: number): FloorRow => ({
  minRatings,
  recall,
  recallByK: [{ k: 1, recall }],
  listable: 1000 - minRatings,
});

describe('choosing the list floor on meta-val', () => {
  it('takes the largest floor within the tolerance of the best', () => {
    const rows = [
      row(0, 0.38),
      row(3, 0.381),
      row(5, 0.3805),
      row(10, 0.3795),
      row(20, 0.377),
      row(30, 0.37),
    ];
    const c = chooseListFloor(rows, 'maml');
    // best 0.381 at 3; within 0.002: 0, 3, 5, 10 -> 10.
    expect(c.minRatings).toBe(10);
    expect(c.reason).toMatch(/within 0.002 of the best \(0.3810 at 3\)/);
    expect(c.byFloor.map((r) => r.minRatings)).toEqual([0, 3, 5, 10, 20, 30]);
  });

  it('a floor that helps beyond the tolerance wins; one that costs more than it loses', () => {
    expect(chooseListFloor([row(0, 0.3), row(5, 0.31), row(10, 0.305)], 'm').minRatings).toBe(5);
    expect(chooseListFloor([row(0, 0.3), row(5, 0.3 - FLOOR_TOLERANCE - 1e-4)], 'm').minRatings).toBe(0);
    expect(chooseListFloor([row(0, 0.3), row(5, 0.3 - FLOOR_TOLERANCE + 1e-6)], 'm').minRatings).toBe(5);
    expect(chooseListFloor([], 'm').minRatings).toBe(0);
  });

  it('measures Recall@20 with the movies below the floor left out of every list', () => {
    // 30 movies, counts = index; one episode whose scores favour the rarely rated movies 0..19,
    // with relevant movies 0 (count 0) and 25 (count 25).
    const n = 30;
    const counts = Array.from({ length: n }, (_, i) => i);
    const scores = Float32Array.from({ length: n }, (_, i) => n - i);
    const val: ListValidationSet = {
      supports: [{ items: new Int32Array(0), ratings: new Float32Array(0) }],
      relevant: [Int32Array.of(0, 25)],
      ks: [0],
    };
    const rows = floorTable(val, scores, counts, [0, 5, 9, 20]);
    // Floor 0: the top 20 are 0..19, one hit of 2. Floor 5: 5..24, none. Floor 9: 9..28, movie 25.
    // Floor 20 leaves 10 movies: too few to fill a list of 20, left out.
    expect(rows.map((r) => [r.minRatings, r.recall, r.listable])).toEqual([
      [0, 0.5, 30],
      [5, 0, 25],
      [9, 0.5, 21],
    ]);
  });
});
