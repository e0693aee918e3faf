import { describe, expect, it } from 'vitest';
import { gridSearch } from './gridSearch';

describe('gridSearch', () => {
  it('picks the highest score and returns every candidate in order', async () => {
    const found = await gridSearch([1, 2, 3, 4], (c) => -((c - 3) ** 2));
    expect(found.best).toBe(3);
    expect(found.bestScore).toBe(-0);
    expect(found.table.map((r) => [r.candidate, r.score])).toEqual([
      [1, -4],
      [2, -1],
      [3, -0],
      [4, -1],
    ]);
  });

  it('awaits async scores one at a time, keeps the earlier candidate on a tie, never picks NaN', async () => {
    const order: string[] = [];
    const found = await gridSearch(['a', 'b', 'c', 'd'], async (c) => {
      order.push(`start ${c}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      order.push(`end ${c}`);
      return { a: NaN, b: 0.5, c: 0.5, d: 0.1 }[c] as number;
    });
    expect(found.best).toBe('b');
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c', 'start d', 'end d']);
  });

  it('needs a candidate with a score', async () => {
    await expect(gridSearch([], () => 1)).rejects.toThrow(/no candidates/);
    await expect(gridSearch([1, 2], () => NaN)).rejects.toThrow(/NaN/);
  });
});
