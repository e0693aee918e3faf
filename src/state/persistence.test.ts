import { describe, expect, it } from 'vitest';
import {
  CORRUPT_PREFIX,
  defaultTeachSettings,
  isDefaultState,
  listSetAside,
  loadPersisted,
  migrateV1,
  savePersisted,
  STORAGE_KEY,
  STORAGE_KEY_V1,
  THEMES,
} from './persistence';

function fakeStorage(initial: Record<string, string> = {}, opts: { full?: boolean } = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (opts.full) throw new Error('QuotaExceededError');
      data.set(k, v);
    },
    removeItem: (k: string) => void data.delete(k),
  };
}

const AT = new Date('2025-03-04T05:06:07.089Z');
const at = () => AT;
const teach = {
  inner: { lr: 2, steps: 12, adaptBias: false },
  strategy: 'informative' as const,
  seed: 7,
  methods: ['maml' as const, 'bias' as const],
};

describe('persistence', () => {
  it('round-trips ratings, skips, settings and the teaching settings', () => {
    const s = fakeStorage();
    savePersisted(s, {
      ratings: [{ movieId: 3, rating: 4.5 }],
      skipped: [7],
      settings: { backend: 'webgl', theme: 'dark' },
      teach,
    });
    expect(loadPersisted(s, at)).toEqual({
      state: {
        version: 2,
        ratings: [{ movieId: 3, rating: 4.5 }],
        skipped: [7],
        settings: { backend: 'webgl', theme: 'dark' },
        teach,
      },
      notice: null,
      setAside: null,
    });
  });

  it('migrates a version-1 value: same ratings, default teaching settings, moved to the new key', () => {
    const v1 = {
      version: 1,
      ratings: [{ movieId: 260, rating: 5 }],
      skipped: [1],
      settings: { backend: 'cpu' },
    };
    const s = fakeStorage({ [STORAGE_KEY_V1]: JSON.stringify(v1) });
    const loaded = loadPersisted(s, at);
    expect(loaded.notice).toBeNull();
    expect(loaded.state).toEqual({
      ...v1,
      version: 2,
      settings: { backend: 'cpu', theme: 'system' },
      teach: defaultTeachSettings(),
    });
    expect(loaded.state).toEqual(migrateV1(v1 as Parameters<typeof migrateV1>[0]));
    expect(s.data.has(STORAGE_KEY_V1)).toBe(false);
    expect(JSON.parse(s.data.get(STORAGE_KEY) ?? '')).toEqual(loaded.state);
    // And it reads back as version 2 with nothing set aside.
    expect(loadPersisted(s, at).state).toEqual(loaded.state);
    expect(listSetAside(s)).toEqual([]);
  });

  it('keeps the version-1 value when the migrated copy cannot be written', () => {
    const v1 = {
      version: 1,
      ratings: [{ movieId: 2, rating: 3 }],
      skipped: [],
      settings: { backend: 'auto' },
    };
    const s = fakeStorage({ [STORAGE_KEY_V1]: JSON.stringify(v1) }, { full: true });
    expect(loadPersisted(s, at).state?.ratings).toEqual(v1.ratings);
    expect(s.data.has(STORAGE_KEY_V1)).toBe(true);
  });

  it.each([
    ['truncated JSON', '{"version":2,"ratings":[{"movieId":1,"rating":4}'],
    ['not JSON', '{oops'],
    [
      'a newer version',
      JSON.stringify({ version: 3, ratings: [], skipped: [], settings: { backend: 'auto' } }),
    ],
    ['no rating list', JSON.stringify({ version: 2, ratings: 'many' })],
  ])('sets an unreadable value (%s) aside instead of deleting it, with a notice', (_, raw) => {
    const s = fakeStorage({ [STORAGE_KEY]: raw });
    const loaded = loadPersisted(s, at);
    expect(loaded.state).toBeNull();
    expect(loaded.notice).toMatch(/could not be read.*set aside/);
    const key = `${CORRUPT_PREFIX}2025-03-04T05:06:07.089Z`;
    expect(loaded.setAside).toEqual({
      key,
      raw,
      filename: 'warmstart-saved-data-2025-03-04T05-06-07-089Z.txt',
    });
    expect(s.data.get(key)).toBe(raw);
    expect(s.data.has(STORAGE_KEY)).toBe(false);
    expect(listSetAside(s)).toEqual([key]);
    // The next load finds nothing to complain about; the copy stays until the visitor deletes it.
    expect(loadPersisted(s, at)).toEqual({ state: null, notice: null, setAside: null });
    expect(listSetAside(s)).toEqual([key]);
  });

  it('restores what it can from a partly damaged value and sets the original aside', () => {
    const raw = JSON.stringify({
      version: 2,
      ratings: [
        { movieId: 1, rating: 4 },
        { movieId: 2, rating: 4.2 },
        { movieId: 'x', rating: 3 },
        { movieId: 3, rating: 0.5 },
        { movieId: 1, rating: 2 },
      ],
      skipped: [5, -1],
      settings: { backend: 'quantum' },
      teach: { ...teach, seed: -3 },
    });
    const s = fakeStorage({ [STORAGE_KEY]: raw });
    const loaded = loadPersisted(s, at);
    expect(loaded.state).toEqual({
      version: 2,
      ratings: [
        { movieId: 1, rating: 4 },
        { movieId: 3, rating: 0.5 },
      ],
      skipped: [5],
      settings: { backend: 'auto', theme: 'system' },
      teach: defaultTeachSettings(),
    });
    // 3 ratings, 1 skip, the backend and the teaching settings.
    expect(loaded.notice).toMatch(/6 entries were damaged.*2 ratings, is restored/);
    expect(s.data.get(loaded.setAside?.key ?? '')).toBe(raw);
    expect(JSON.parse(s.data.get(STORAGE_KEY) ?? '').ratings).toHaveLength(2);
  });

  it('when storage is full the unreadable value is still offered for download from memory', () => {
    const s = fakeStorage({ [STORAGE_KEY]: '{oops' }, { full: true });
    const loaded = loadPersisted(s, at);
    expect(loaded.setAside).toMatchObject({ key: null, raw: '{oops' });
    expect(loaded.notice).toMatch(/download the original from this notice now/);
    // Not removed: its copy could not be made.
    expect(s.data.get(STORAGE_KEY)).toBe('{oops');
  });

  it('knows when there is nothing worth keeping', () => {
    const empty = {
      ratings: [],
      skipped: [],
      settings: { backend: 'auto' as const, theme: 'system' as const },
      teach: defaultTeachSettings(),
    };
    expect(isDefaultState(empty)).toBe(true);
    expect(isDefaultState({ ...empty, settings: { backend: 'auto', theme: 'dark' } })).toBe(false);
    expect(isDefaultState({ ...empty, teach })).toBe(false);
    expect(isDefaultState({ ...empty, skipped: [1] })).toBe(false);
  });

  it('reads a version-2 value saved before the theme existed as "system", and keeps a chosen theme', () => {
    const before = {
      version: 2,
      ratings: [{ movieId: 1, rating: 4 }],
      skipped: [],
      settings: { backend: 'wasm' },
      teach,
    };
    const s = fakeStorage({ [STORAGE_KEY]: JSON.stringify(before) });
    const loaded = loadPersisted(s, at);
    expect(loaded.notice).toBeNull();
    expect(loaded.state?.settings).toEqual({ backend: 'wasm', theme: 'system' });
    expect(listSetAside(s)).toEqual([]);
    for (const theme of THEMES) {
      savePersisted(s, { ...before, settings: { backend: 'auto', theme } });
      expect(loadPersisted(s, at).state?.settings.theme).toBe(theme);
    }
    // Still version 2: a page of the previous release reads it (it ignores the theme).
    expect(JSON.parse(s.data.get(STORAGE_KEY) ?? '').version).toBe(2);
  });

  it('an unknown theme is dropped (default "system"), the rest restored and the original set aside', () => {
    const raw = JSON.stringify({
      version: 2,
      ratings: [{ movieId: 1, rating: 4 }],
      skipped: [],
      settings: { backend: 'cpu', theme: 'sepia' },
      teach,
    });
    const s = fakeStorage({ [STORAGE_KEY]: raw });
    const loaded = loadPersisted(s, at);
    expect(loaded.state?.settings).toEqual({ backend: 'cpu', theme: 'system' });
    expect(loaded.state?.ratings).toHaveLength(1);
    expect(loaded.notice).toMatch(/1 entry was damaged/);
    expect(s.data.get(loaded.setAside?.key ?? '')).toBe(raw);
  });
});
