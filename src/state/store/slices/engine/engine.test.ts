import { beforeEach, describe, expect, it } from 'vitest';
import type { BackendReport, ModelInfo, WorkerEvent } from '../../../../worker/protocol';
import { getInitialState, useAppStore } from '../..';
import { isReady } from './selectors';

const st = () => useAppStore.getState();

const backend = { name: 'wasm', skipped: [], forced: false } as unknown as BackendReport;
const model = { dim: 4, appMethod: 'maml', methods: [] } as unknown as ModelInfo;

const ready = (): Extract<WorkerEvent, { type: 'ready' }> => ({
  type: 'ready',
  requestId: 1,
  backend,
  model,
  catalog: {
    movieIds: Int32Array.of(10, 20, 30),
    titles: ['a', 'b', 'c'],
    years: Int16Array.of(1990, 0, 2001),
    genres: ['Drama', '', 'Comedy'],
    ratingCounts: Float32Array.of(5, 6, 7),
    meanRatings: Float32Array.of(3, 4, 5),
    xy: new Float32Array(6),
  },
  candidates: Int32Array.of(2, 0, 1),
  excluded: Int32Array.of(1),
});

beforeEach(() => useAppStore.setState(getInitialState()));

describe('engine slice', () => {
  it('starts loading, not ready', () => {
    expect(st().engine).toMatchObject({ status: 'loading', phase: 'download', initId: null, fatal: null });
    expect(isReady(st())).toBe(false);
  });

  it('reports progress through the phases without leaving loading', () => {
    st().engineLoading(1);
    st().engineProgress('download', 100, 400);
    expect(st().engine).toMatchObject({
      status: 'loading',
      phase: 'download',
      loaded: 100,
      total: 400,
      initId: 1,
    });
    st().engineProgress('warmup', 1, 2);
    expect(st().engine).toMatchObject({ status: 'loading', phase: 'warmup', loaded: 1, total: 2, initId: 1 });
    expect(isReady(st())).toBe(false);
  });

  it('is ready with its backend, and fills the catalog: the movieId index and the excluded set', () => {
    st().engineLoading(1);
    st().engineRecoverable({ kind: 'crash', message: 'gone' });
    st().engineReady(ready());
    expect(st().engine).toMatchObject({ status: 'ready', backend: { name: 'wasm' }, recoverable: null });
    expect(isReady(st())).toBe(true);
    expect(st().model).toBe(model);
    expect(st().catalog?.titles).toEqual(['a', 'b', 'c']);
    expect(Array.from(st().candidates)).toEqual([2, 0, 1]);
    expect([...st().movieIndex]).toEqual([
      [10, 0],
      [20, 1],
      [30, 2],
    ]);
    expect([...st().excluded]).toEqual([1]);
  });

  it('a fatal error stops loading with its message and hint; the next load starts clean with its id', () => {
    st().engineLoading(1);
    st().engineProgress('parse', 3, 4);
    st().engineFatal('The model file is broken.', 'Reload the page.');
    expect(st().engine).toMatchObject({
      status: 'error',
      phase: 'parse',
      fatal: { message: 'The model file is broken.', hint: 'Reload the page.' },
    });
    expect(isReady(st())).toBe(false);
    st().engineRecoverable({ kind: 'backend', message: 'no webgl' });
    st().engineLoading(2);
    expect(st().engine).toEqual({ ...getInitialState().engine, initId: 2 });
  });

  it('a new load forgets the backend of the previous one but keeps the loaded catalog', () => {
    st().engineLoading(1);
    st().engineReady(ready());
    st().engineLoading(2);
    expect(st().engine).toMatchObject({ status: 'loading', backend: null, initId: 2 });
    expect(isReady(st())).toBe(false);
    expect(st().model).toBe(model);
    expect(st().movieIndex.get(30)).toBe(2);
  });

  it('sets and clears a recoverable error without changing the status', () => {
    st().engineReady(ready());
    st().engineRecoverable({ kind: 'device-lost', message: 'lost' });
    expect(st().engine).toMatchObject({ status: 'ready', recoverable: { kind: 'device-lost' } });
    st().engineRecoverable(null);
    expect(st().engine.recoverable).toBeNull();
  });

  it('counts restart requests; only a choice changes the backend setting and drops the address backend', () => {
    useAppStore.setState((s) => ({ urlBackend: 'webgl', settings: { ...s.settings, theme: 'dark' } }));
    st().restartEngine();
    expect(st()).toMatchObject({ restartRequests: 1, urlBackend: 'webgl', settings: { backend: 'auto' } });
    st().restartEngine('auto');
    expect(st()).toMatchObject({
      restartRequests: 2,
      urlBackend: null,
      settings: { backend: 'auto', theme: 'dark' },
    });
    st().restartEngine('cpu');
    expect(st()).toMatchObject({ restartRequests: 3, settings: { backend: 'cpu', theme: 'dark' } });
  });
});
