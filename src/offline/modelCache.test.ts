import { describe, expect, it } from 'vitest';
import {
  isShellFile,
  MODEL_CACHE_PREFIX,
  modelCacheName,
  modelFilesOf,
  routeOf,
  staleModelCaches,
  staleShellCaches,
} from './modelCache';

const manifest = {
  createdAt: '2026-12-01T17:45:00.035Z',
  gitCommit: '09c6ba6ec4c546cba205d6a1dea4586b1aa60c0b',
  data: { checksum: 'd6651dd89f9c44e085a341bf5016c22359a03daddbf6f9a66963d7af222450b7' },
};

describe('modelCacheName', () => {
  it('is stable for one manifest and names its data checksum', () => {
    const name = modelCacheName(manifest);
    expect(name).toBe(modelCacheName(structuredClone(manifest)));
    expect(name?.startsWith(`${MODEL_CACHE_PREFIX}`)).toBe(true);
    expect(name).toContain('d6651dd89f9c');
  });

  it('changes with the checksum, the creation time or the commit alone', () => {
    const base = modelCacheName(manifest);
    const variants = [
      { ...manifest, data: { checksum: 'e'.repeat(64) } },
      { ...manifest, createdAt: '2026-12-02T00:00:00.000Z' },
      { ...manifest, gitCommit: 'f'.repeat(40) },
    ].map(modelCacheName);
    for (const v of variants) expect(v).not.toBe(base);
    expect(new Set(variants).size).toBe(3);
  });

  it('ignores every other field (a manifest is keyed on what says which model it is)', () => {
    expect(modelCacheName({ ...manifest, defaultMethod: 'reptile', dim: 64 })).toBe(modelCacheName(manifest));
  });

  it('is null for what is not a model manifest', () => {
    for (const m of [null, 3, 'x', [], {}, { formatVersion: 99 }, { data: {} }])
      expect(modelCacheName(m)).toBeNull();
  });
});

describe('modelFilesOf', () => {
  it('is every model file and each shard once', () => {
    const files = modelFilesOf([{ paths: ['weights.bin'] }, { paths: ['weights.bin', 'more.bin'] }]);
    expect(files).toEqual([
      'manifest.json',
      'weights.json',
      'catalog.json',
      'split.json',
      'imdb.json',
      'arrivals.json',
      'itemWarmup.json',
      'weights.bin',
      'more.bin',
    ]);
  });

  it('refuses a weights manifest that is not one, or names a shard outside the folder', () => {
    expect(() => modelFilesOf({})).toThrow(/list of weight groups/);
    expect(() => modelFilesOf([{ paths: [3] }])).toThrow(/paths/);
    expect(() => modelFilesOf([{ paths: ['../index.html'] }])).toThrow(/outside/);
    expect(() => modelFilesOf([{ paths: ['sub/w.bin'] }])).toThrow(/outside/);
  });
});

describe('stale caches', () => {
  const names = [
    'warmstart-model-a',
    'warmstart-model-b',
    'warmstart-shell-1',
    'warmstart-shell-2',
    'warmstart-meta',
    'other-app',
  ];
  it('deletes every other model version, never the one in use, the pointer or another app', () => {
    expect(staleModelCaches(names, 'warmstart-model-b')).toEqual(['warmstart-model-a']);
    expect(staleShellCaches(names, 'warmstart-shell-2')).toEqual(['warmstart-shell-1']);
  });
});

describe('routeOf', () => {
  const scope = 'https://host.example/app/';
  const get = (path: string, mode = 'cors') =>
    routeOf({ method: 'GET', mode, url: `https://host.example${path}` }, scope);
  it('sorts requests by how they are answered', () => {
    expect(get('/app/', 'navigate')).toBe('page');
    expect(get('/app/?backend=cpu', 'navigate')).toBe('page');
    expect(get('/app/model/catalog.json')).toBe('model');
    expect(get('/app/model/weights.bin?v=1')).toBe('model');
    expect(get('/app/assets/index-abc.js')).toBe('asset');
    expect(get('/app/exclude.json')).toBe('fresh');
    expect(get('/app/eval/report.json')).toBe('fresh');
  });
  it('never answers for another origin, another folder, its own script or a non-GET', () => {
    expect(routeOf({ method: 'GET', mode: 'cors', url: 'https://cdn.example/app/model/x' }, scope)).toBe(
      'pass',
    );
    expect(get('/other/model/catalog.json')).toBe('pass');
    expect(get('/app/sw.js')).toBe('pass');
    expect(get('/app/metatrain/pack.bin')).toBe('pass');
    expect(routeOf({ method: 'POST', mode: 'cors', url: 'https://host.example/app/model/x' }, scope)).toBe(
      'pass',
    );
  });
});

describe('isShellFile', () => {
  it("precaches the app, never the model, the source maps or the training panel's data", () => {
    expect(isShellFile('index.html')).toBe(true);
    expect(isShellFile('assets/index-abc.js')).toBe(true);
    expect(isShellFile('sw.js')).toBe(false);
    expect(isShellFile('model/weights.bin')).toBe(false);
    expect(isShellFile('assets/index-abc.js.map')).toBe(false);
    expect(isShellFile('metatrain/pack.bin')).toBe(false);
    expect(isShellFile('metatrain/attribution.json')).toBe(false);
  });
});
