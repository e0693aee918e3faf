import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { createTaskSampler, sampleTaskBatchFromSets } from './tasks';
import type { TaskBatch, UserHistory } from './types';

/** Users whose items are unique per user (item = userId * 1000 + k) so a task reveals its user. */
function makeHistories(): UserHistory[] {
  const rng = createRng(3);
  const counts = [1, 2, 3, 5, 8, 30, 60, 0];
  return counts.map((n, u) => ({
    userId: u + 1,
    items: Int32Array.from({ length: n }, (_, k) => (u + 1) * 1000 + k),
    ratings: Float32Array.from({ length: n }, () => (1 + rng.int(10)) / 2),
  }));
}

interface TaskView {
  support: { item: number; rating: number }[];
  query: { item: number; rating: number }[];
}

/** Real (mask 1) slots of each task, checking that mask 1 slots come first and padding is zeros. */
function view(batch: TaskBatch): TaskView[] {
  const read = (t: number, size: number, items: Int32Array, ratings: Float32Array, mask: Float32Array) => {
    const out: { item: number; rating: number }[] = [];
    for (let k = 0; k < size; k++) {
      const i = t * size + k;
      if (mask[i] === 1) {
        expect(out).toHaveLength(k);
        out.push({ item: items[i] as number, rating: ratings[i] as number });
      } else {
        expect([mask[i], items[i], ratings[i]]).toEqual([0, 0, 0]);
      }
    }
    return out;
  };
  return Array.from({ length: batch.numTasks }, (_, t) => ({
    support: read(t, batch.supportSize, batch.supportItems, batch.supportRatings, batch.supportMask),
    query: read(t, batch.querySize, batch.queryItems, batch.queryRatings, batch.queryMask),
  }));
}

describe('createTaskSampler', () => {
  const histories = makeHistories();
  const byUser = new Map(histories.map((h) => [h.userId, h]));

  it('makes fixed-shape batches of disjoint support and query from one user history each', () => {
    const batch = createTaskSampler(histories, { seed: 1, maxSupport: 10, maxQuery: 15 }).sample(300);
    expect(batch.numTasks).toBe(300);
    expect(batch.supportSize).toBe(10);
    expect(batch.querySize).toBe(15);
    expect(batch.supportItems).toHaveLength(3000);
    expect(batch.queryMask).toHaveLength(4500);
    const seenUsers = new Set<number>();
    for (const task of view(batch)) {
      const userId = Math.floor((task.support[0]?.item ?? 0) / 1000);
      seenUsers.add(userId);
      const history = byUser.get(userId) as UserHistory;
      const n = history.items.length;
      expect(n).toBeGreaterThanOrEqual(2);
      expect(task.support.length).toBeGreaterThanOrEqual(1);
      expect(task.support.length).toBeLessThanOrEqual(Math.min(10, n - 1));
      expect(task.query.length).toBe(Math.min(15, n - task.support.length));
      const all = [...task.support, ...task.query];
      expect(new Set(all.map((x) => x.item)).size).toBe(all.length);
      for (const { item, rating } of all) {
        const k = item - userId * 1000;
        expect(history.items[k]).toBe(item);
        expect(history.ratings[k]).toBe(rating);
      }
    }
    expect([...seenUsers].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('covers the whole support size range', () => {
    const batch = createTaskSampler(histories.slice(6), { seed: 2, minSupport: 3, maxSupport: 8 }).sample(
      400,
    );
    const sizes = new Set(view(batch).map((t) => t.support.length));
    expect([...sizes].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('skips users too small for minSupport plus one query', () => {
    const batch = createTaskSampler(histories, { seed: 5, minSupport: 5 }).sample(200);
    for (const task of view(batch)) expect(task.support.length + task.query.length).toBeGreaterThanOrEqual(6);
  });

  it('is deterministic for a seed', () => {
    const a = createTaskSampler(histories, { seed: 9 });
    const b = createTaskSampler(histories, { seed: 9 });
    const first = a.sample(20);
    expect(b.sample(20)).toEqual(first);
    expect(b.sample(20)).toEqual(a.sample(20));
    expect(createTaskSampler(histories, { seed: 10 }).sample(20)).not.toEqual(first);
  });

  it('rejects bad options and users too small to sample', () => {
    expect(() => createTaskSampler(histories.slice(0, 1), { seed: 1 })).toThrow(/at least 2 ratings/);
    expect(() => createTaskSampler(histories, { seed: 1, minSupport: 0 })).toThrow(/minSupport/);
    expect(() => createTaskSampler(histories, { seed: 1, minSupport: 5, maxSupport: 4 })).toThrow(
      /maxSupport/,
    );
  });
});

describe('sampleTaskBatchFromSets', () => {
  it('packs the given sets with masks and zero padding', () => {
    const batch = sampleTaskBatchFromSets(
      [
        {
          support: { items: Int32Array.from([4, 5]), ratings: Float32Array.from([3, 4.5]) },
          query: { items: Int32Array.from([6]), ratings: Float32Array.from([1]) },
        },
        {
          support: { items: new Int32Array(0), ratings: new Float32Array(0) },
          query: { items: Int32Array.from([7, 8, 9]), ratings: Float32Array.from([2, 2.5, 5]) },
        },
      ],
      3,
      3,
    );
    expect(batch).toMatchObject({ numTasks: 2, supportSize: 3, querySize: 3 });
    expect([...batch.supportItems]).toEqual([4, 5, 0, 0, 0, 0]);
    expect([...batch.supportRatings]).toEqual([3, 4.5, 0, 0, 0, 0]);
    expect([...batch.supportMask]).toEqual([1, 1, 0, 0, 0, 0]);
    expect([...batch.queryItems]).toEqual([6, 0, 0, 7, 8, 9]);
    expect([...batch.queryRatings]).toEqual([1, 0, 0, 2, 2.5, 5]);
    expect([...batch.queryMask]).toEqual([1, 0, 0, 1, 1, 1]);
  });

  it('refuses sets that do not fit instead of truncating', () => {
    const set = { items: Int32Array.from([1, 2]), ratings: Float32Array.from([1, 2]) };
    expect(() => sampleTaskBatchFromSets([{ support: set, query: set }], 1, 2)).toThrow(/task 0 support/);
  });
});
