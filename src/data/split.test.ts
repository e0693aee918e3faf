import { describe, expect, it } from 'vitest';
import { splitUsers } from './split';

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
