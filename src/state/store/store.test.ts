import { beforeEach, describe, expect, it } from 'vitest';
import type { WorkerEvent } from '../../worker/protocol';
import { defaultSettings } from '../persistence';
import { getInitialState, useAppStore } from '.';
import { initialAdaptationState } from './slices/adapt/initialState';
import { initialArrivalsState } from './slices/arrivals/initialState';
import { initialCatalogState } from './slices/catalog/initialState';
import { initialEngineState } from './slices/engine/initialState';
import { initialMetaTrainState } from './slices/metatrain/initialState';
import { initialRatingsState } from './slices/ratings/initialState';
import { initialSettingsState } from './slices/settings/initialState';
import { initialTeachState } from './slices/teach/initialState';
import { initialUiState } from './slices/ui/initialState';

const st = () => useAppStore.getState();

const adaptDone = (requestId: number): Extract<WorkerEvent, { type: 'adaptDone' }> => ({
  type: 'adaptDone',
  requestId,
  method: 'maml',
  losses: Float32Array.of(1, 0.5),
  trajectory: Float32Array.of(0, 0, 1, 1),
  recommendations: [{ index: 3, score: 1.7, predicted: 4.2, because: [0], reasons: [] }],
  predictedRated: Float32Array.of(4),
  ms: 2,
});

beforeEach(() => useAppStore.setState(getInitialState()));

describe('the store, composed of slices', () => {
  it('starts from every slice initial state, and nothing else', () => {
    const slices = {
      ...initialEngineState(),
      ...initialCatalogState(),
      ...initialRatingsState(),
      ...initialSettingsState(),
      ...initialAdaptationState(),
      ...initialUiState(),
      ...initialTeachState(),
      ...initialArrivalsState(),
      ...initialMetaTrainState(),
    };
    expect(getInitialState()).toEqual(slices);
    const data = Object.fromEntries(Object.entries(st()).filter(([, v]) => typeof v !== 'function'));
    expect(Object.keys(data).sort()).toEqual(Object.keys(slices).sort());
    // No function is kept in the state's data (the worker is restarted through restartRequests).
    expect(Object.values(st().engine).some((v) => typeof v === 'function')).toBe(false);
  });

  it('gives each call a fresh state: a test cannot leak into the next through shared arrays', () => {
    const a = getInitialState();
    const b = getInitialState();
    expect(a.rated).not.toBe(b.rated);
    expect(a.teach).not.toBe(b.teach);
    expect(a.adapt.runs).not.toBe(b.adapt.runs);
  });

  it('runs actions across slices: a rating, an adaptation, a notice, a setting', () => {
    st().rate(10, 4);
    st().adaptStarted(7, 1);
    expect(st().adapt).toMatchObject({ status: 'adapting', requestId: 7, k: 1 });
    st().adaptFinished(adaptDone(7), Int32Array.of(0), Float32Array.of(4));
    expect(st().adapt).toMatchObject({ status: 'done', runCount: 1, liveLosses: [1, 0.5] });
    expect(st().adapt.fit).toEqual([{ index: 0, predicted: 4, actual: 4 }]);
    // A stale result is ignored.
    st().adaptFinished(adaptDone(6), Int32Array.of(0), Float32Array.of(4));
    expect(st().adapt.runCount).toBe(1);
    st().addNotice('hello', 'info', { key: 'k' });
    st().addNotice('again', 'warning', { key: 'k' });
    expect(st().notices.map((n) => n.text)).toEqual(['again']);
    st().setThemeSetting('dark');
    st().setStrategy('random');
    expect(st().settings.theme).toBe('dark');
    expect(st().teach.strategy).toBe('random');
    expect(st().rated).toEqual([{ movieId: 10, rating: 4 }]);
  });

  it('counts restart requests; a backend choice becomes the setting and the address stops winning', () => {
    useAppStore.setState({ urlBackend: 'wasm' });
    st().restartEngine();
    expect(st().restartRequests).toBe(1);
    expect(st().urlBackend).toBe('wasm');
    st().restartEngine('webgl');
    expect(st()).toMatchObject({ restartRequests: 2, urlBackend: null, settings: { backend: 'webgl' } });
    // A new load keeps the count (the supervisor compares it with the previous one).
    st().engineLoading(3);
    expect(st()).toMatchObject({ restartRequests: 2, engine: { initId: 3, status: 'loading' } });
  });

  it('resets ratings and settings but keeps the adaptation count, hidden panels and the pause', () => {
    st().rate(10, 4);
    st().setTourStep(2);
    useAppStore.setState((s) => ({ teach: { ...s.teach, hidden: ['map'], pauseMs: 200 } }));
    st().adaptStarted(1, 1);
    st().adaptFinished(adaptDone(1), Int32Array.of(0), Float32Array.of(4));
    st().setThemeSetting('dark');
    st().focusOnMap(3);
    st().resetAll();
    expect(st()).toMatchObject({ rated: [], skipped: [], lastAction: null, mapFocus: null });
    expect(st().settings).toEqual(defaultSettings());
    expect(st().adapt).toMatchObject({ runCount: 1, runs: [], status: 'idle' });
    expect(st().teach).toMatchObject({ hidden: ['map'], pauseMs: 200, tourStep: null });
    // On automatic already: no restart is asked for.
    expect(st().restartRequests).toBe(0);
  });

  it('a reset after a backend was forced in Settings asks for a restart; with one in the address it does not', () => {
    st().restartEngine('webgl');
    st().resetAll();
    expect(st().restartRequests).toBe(2);
    useAppStore.setState((s) => ({ urlBackend: 'wasm', settings: { ...s.settings, backend: 'webgl' } }));
    st().resetAll();
    expect(st().restartRequests).toBe(2);
  });
});
