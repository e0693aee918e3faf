import { describe, expect, it } from 'vitest';
import { loadPersisted, savePersisted, STORAGE_KEY } from './persistence';

function fakeStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('persistence', () => {
  it('round-trips ratings, skips and settings', () => {
    const s = fakeStorage();
    savePersisted(s, {
      ratings: [{ movieId: 3, rating: 4.5 }],
      skipped: [7],
      settings: { backend: 'webgl' },
    });
    expect(loadPersisted(s)).toEqual({
      state: {
        version: 1,
        ratings: [{ movieId: 3, rating: 4.5 }],
        skipped: [7],
        settings: { backend: 'webgl' },
      },
      notice: null,
    });
  });

  it.each([
    ['not json', '{oops'],
    [
      'wrong version',
      JSON.stringify({ version: 2, ratings: [], skipped: [], settings: { backend: 'auto' } }),
    ],
    [
      'rating off the half-star grid',
      JSON.stringify({
        version: 1,
        ratings: [{ movieId: 1, rating: 4.2 }],
        skipped: [],
        settings: { backend: 'auto' },
      }),
    ],
    [
      'unknown backend',
      JSON.stringify({ version: 1, ratings: [], skipped: [], settings: { backend: 'quantum' } }),
    ],
  ])('discards a corrupt value (%s) with a notice', (_, raw) => {
    const s = fakeStorage({ [STORAGE_KEY]: raw });
    const loaded = loadPersisted(s);
    expect(loaded.state).toBeNull();
    expect(loaded.notice).toMatch(/could not be read/);
    expect(s.data.has(STORAGE_KEY)).toBe(false);
  });
});
