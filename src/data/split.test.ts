import { describe, expect, it } from 'vitest';
import { foldSplit, splitUsers } from './split';

const ids = Array.from({ length: 610 }, (_, k) => k + 1);

describe('splitUsers', () => {
  it('is deterministic for a seed and independent of input order and repeats', () => {
    const a = splitUsers(ids, 42);
    expect(splitUsers([...ids].reverse().concat(ids.slice(0, 5)), 42)).toEqual(a);
    expect(splitUsers(ids, 43)).not.toEqual(a);
    expect(a.seed).toBe(42);
  });

  it('gives disjoint, sorted parts that cover every user, with rounded sizes', () => {
    const { train, val, test } = splitUsers(ids, 7);
    expect(train).toHaveLength(Math.round(0.7 * 610));
    expect(val).toHaveLength(Math.round(0.1 * 610));
    expect(test).toHaveLength(610 - train.length - val.length);
    expect([...train, ...val, ...test].sort((x, y) => x - y)).toEqual(ids);
    for (const part of [train, val, test]) expect([...part].sort((x, y) => x - y)).toEqual(part);
  });

  it('honours custom fractions and tiny inputs', () => {
    const split = splitUsers(ids.slice(0, 10), 1, { train: 0.5, val: 0.5 });
    expect([split.train.length, split.val.length, split.test.length]).toEqual([5, 5, 0]);
    expect(splitUsers([], 1)).toEqual({ seed: 1, train: [], val: [], test: [] });
    const one = splitUsers([9], 1);
    expect([...one.train, ...one.val, ...one.test]).toEqual([9]);
  });

  it('rejects impossible fractions', () => {
    expect(() => splitUsers(ids, 1, { train: 0.8, val: 0.3 })).toThrow(/train \+ val <= 1/);
    expect(() => splitUsers(ids, 1, { train: -0.1, val: 0.1 })).toThrow(/invalid/);
  });
});

describe('foldSplit', () => {
  it("tests every user in exactly one fold, never trains or validates on a fold's test users", () => {
    const folds = Array.from({ length: 5 }, (_, f) => foldSplit([...ids].reverse(), 42, f, 5));
    const tested = folds.flatMap((s) => s.test).sort((x, y) => x - y);
    expect(tested).toEqual(ids);
    for (const { train, val, test } of folds) {
      expect(test).toHaveLength(122);
      expect(val).toHaveLength(61);
      expect(train).toHaveLength(610 - 122 - 61);
      expect([...train, ...val, ...test].sort((x, y) => x - y)).toEqual(ids);
      for (const part of [train, val, test]) expect([...part].sort((x, y) => x - y)).toEqual(part);
    }
    // Deterministic for a seed; another seed deals other folds.
    expect(foldSplit(ids, 42, 3, 5)).toEqual(folds[3]);
    expect(foldSplit(ids, 43, 3, 5).test).not.toEqual(folds[3]?.test);
  });

  it('rejects a fold or fold count that makes no sense', () => {
    expect(() => foldSplit(ids, 1, 5, 5)).toThrow(/fold=5 is invalid; expected a whole number from 0 to 4/);
    expect(() => foldSplit(ids, 1, 0, 1)).toThrow(/folds=1 is invalid/);
    expect(() => foldSplit(ids, 1, 0.5, 5)).toThrow(/fold=0.5/);
    expect(() => foldSplit(ids, 1, 0, 5, 1)).toThrow(/val=1 is invalid/);
  });
});
