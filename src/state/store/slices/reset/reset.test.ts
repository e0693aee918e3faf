import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelInfo, WorkerEvent } from '../../../../worker/protocol';
import { defaultSettings, defaultTeachSettings, STORAGE_VERSION, type Persisted } from '../../../persistence';
import { getInitialState, useAppStore } from '../..';

const st = () => useAppStore.getState();

const adaptDone = (requestId: number): Extract<WorkerEvent, { type: 'adaptDone' }> => ({
  type: 'adaptDone',
  requestId,
  method: 'maml',
  losses: Float32Array.of(1, 0.5),
  trajectory: Float32Array.of(0, 0, 1, 1),
  recommendations: [{ index: 3, score: 1, predicted: 4, because: [], reasons: [] }],
  predictedRated: null,
  ms: 2,
});

const model = { dim: 4, appMethod: 'maml', methods: [] } as unknown as ModelInfo;

/** A visitor's session: ratings, a skip, settings, two adaptations, teaching choices, the ui. */
function play() {
  useAppStore.setState({ model, movieIndex: new Map([[10, 0]]) });
  st().engineLoading(1);
  st().rate(10, 4);
  st().skip(11);
  st().setThemeSetting('dark');
  for (const id of [1, 2]) {
    st().adaptStarted(id, 1);
    st().adaptFinished(adaptDone(id), Int32Array.of(0), Float32Array.of(4));
  }
  st().setStrategy('random');
  st().setSeed(7);
  st().setHidden(['map']);
  st().setPreset({ id: 'p', done: 1, total: 3 });
  st().setTourStep(2);
  useAppStore.setState((s) => ({ teach: { ...s.teach, pauseMs: 200 } }));
  st().setHighlight(3);
  st().focusOnMap(3);
  st().addNotice('hello');
  st().setPanel('settings');
  st().setDisplay('present');
}

beforeEach(() => useAppStore.setState(getInitialState()));

describe('resetAll', () => {
  it('forgets ratings, skips, the last action, settings, the list, the highlight and the map focus', () => {
    play();
    st().resetAll();
    const fresh = getInitialState();
    expect(st()).toMatchObject({ rated: [], skipped: [], lastAction: null, highlight: null, mapFocus: null });
    expect(st().settings).toEqual(defaultSettings());
    expect(st().adapt).toEqual({ ...fresh.adapt, runCount: 2 });
    expect(st().teach).toEqual({ ...fresh.teach, hidden: ['map'], pauseMs: 200 });
  });

  it('keeps the loaded model, the engine, the notices, the open panel and the display mode', () => {
    play();
    const before = st();
    st().resetAll();
    expect(st().model).toBe(model);
    expect(st().movieIndex).toBe(before.movieIndex);
    expect(st().engine).toBe(before.engine);
    expect(st().notices).toBe(before.notices);
    expect(st()).toMatchObject({ panel: 'settings', display: 'present', urlBackend: null });
  });

  it('asks for no restart when the requested backend does not change (automatic, or only the theme)', () => {
    st().setThemeSetting('dark');
    st().resetAll();
    expect(st().restartRequests).toBe(0);
  });

  it('asks for one restart when a backend forced in Settings goes back to automatic', () => {
    st().setBackendSetting('wasm');
    st().resetAll();
    expect(st().restartRequests).toBe(1);
    expect(st().settings.backend).toBe('auto');
    // Already automatic: a second reset asks for nothing.
    st().resetAll();
    expect(st().restartRequests).toBe(1);
  });

  it('asks for no restart while a backend in the address wins, and keeps that backend', () => {
    useAppStore.setState({ urlBackend: 'cpu' });
    st().setBackendSetting('wasm');
    st().resetAll();
    expect(st()).toMatchObject({ restartRequests: 0, urlBackend: 'cpu', settings: { backend: 'auto' } });
  });

  it('ignores the result of an adaptation sent before the reset', () => {
    st().adaptStarted(5, 1);
    st().resetAll();
    st().adaptFinished(adaptDone(5), Int32Array.of(0), Float32Array.of(4));
    expect(st().adapt).toMatchObject({ status: 'idle', runCount: 0, recommendations: [] });
  });
});

describe('hydrate', () => {
  it('restores saved ratings, skips, settings and teaching settings, and the address backend', () => {
    const persisted: Persisted = {
      version: STORAGE_VERSION,
      ratings: [{ movieId: 10, rating: 4.5 }],
      skipped: [11],
      settings: { backend: 'webgl', theme: 'light' },
      teach: { ...defaultTeachSettings(), seed: 9, strategy: 'random' },
    };
    st().setHidden(['map']);
    st().hydrate(persisted, 'cpu');
    expect(st()).toMatchObject({
      rated: [{ movieId: 10, rating: 4.5 }],
      skipped: [11],
      settings: { backend: 'webgl', theme: 'light' },
      urlBackend: 'cpu',
    });
    expect(st().teach).toMatchObject({ seed: 9, strategy: 'random', hidden: ['map'] });
    expect(st().restartRequests).toBe(0);
  });

  it('with nothing saved: no ratings, default settings, the teaching state untouched', () => {
    st().rate(10, 4);
    st().setSeed(5);
    st().setBackendSetting('wasm');
    st().hydrate(null, null);
    expect(st()).toMatchObject({ rated: [], skipped: [], urlBackend: null });
    expect(st().settings).toEqual(defaultSettings());
    expect(st().teach.seed).toBe(5);
  });
});
