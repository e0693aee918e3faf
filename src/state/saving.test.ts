import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORAGE_KEY } from './persistence';
import { savedOf, startSaving } from './saving';
import type { SharedState } from './shareState';
import { getInitialState, useAppStore } from './store';

/** A Storage that keeps its items in a Map. */
function fakeStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
  };
}

const st = () => useAppStore.getState();
let stop: () => void = () => {};
beforeEach(() => useAppStore.setState(getInitialState()));
afterEach(() => stop());

describe('one subscription saves for a reload and shares in the address', () => {
  it('saves what a reload keeps, in the order the saved format has', () => {
    st().rate(10, 4);
    expect(Object.keys(savedOf(st()))).toEqual(['ratings', 'skipped', 'settings', 'teach']);
    expect(Object.keys(savedOf(st()).teach)).toEqual(['inner', 'strategy', 'seed', 'methods']);
  });

  it('a rating is shared and saved; a setting is saved only; a return to defaults clears the save', () => {
    const storage = fakeStorage();
    const shared: SharedState[] = [];
    stop = startSaving(useAppStore, { storage, onShared: (s) => shared.push(s) });
    st().rate(10, 4);
    expect(shared).toHaveLength(1);
    expect(shared[0]?.ratings).toEqual([{ movieId: 10, rating: 4 }]);
    expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}')).toMatchObject({
      version: 2,
      ratings: [{ movieId: 10, rating: 4 }],
    });
    st().setThemeSetting('dark');
    expect(shared).toHaveLength(1);
    expect(JSON.parse(storage.getItem(STORAGE_KEY) ?? '{}').settings.theme).toBe('dark');
    st().setHighlight(3);
    expect(shared).toHaveLength(1);
    st().resetAll();
    expect(shared).toHaveLength(2);
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
  });
});
