import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PERSONAS, playPersona } from '../../../presets';
import { COMPARE_METHODS, defaultShared } from '../../../shareState';
import { getInitialState, useAppStore } from '../..';
import type { CompareResult } from './initialState';

const result = (requestId: number, steps: number): CompareResult => ({
  type: 'compareDone',
  requestId,
  steps,
  traces: [],
  prefixTops: new Int32Array(0),
  informative: Int32Array.of(4, 2),
  ms: 1,
});

beforeEach(() => useAppStore.setState(getInitialState()));
afterEach(() => vi.useRealTimers());

describe('teaching slice', () => {
  it('applies only the newest comparison and lands the playhead at its end', () => {
    const s = useAppStore.getState();
    s.compareStarted(1);
    s.compareStarted(2);
    s.compareFinished(result(1, 5));
    expect(useAppStore.getState().teach.result).toBeNull();
    s.compareFinished(result(2, 7));
    expect(useAppStore.getState().teach).toMatchObject({ compareStatus: 'done', playhead: 7 });
  });

  it('keeps the method order when toggling, restores defaults, applies a shared state', () => {
    const s = useAppStore.getState();
    s.toggleMethod('maml');
    s.toggleMethod('maml');
    expect(useAppStore.getState().teach.methods).toEqual([...COMPARE_METHODS]);
    s.setInner({ lr: 50, steps: 20, adaptBias: false });
    s.restoreDefaults();
    expect(useAppStore.getState().teach.inner).toEqual({ lr: null, steps: null, adaptBias: true });
    s.applyShared({ ...defaultShared(), ratings: [{ movieId: 1, rating: 4 }], seed: 9, strategy: 'random' });
    expect(useAppStore.getState()).toMatchObject({ rated: [{ movieId: 1, rating: 4 }] });
    expect(useAppStore.getState().teach).toMatchObject({ seed: 9, strategy: 'random' });
  });

  it('a persona clears the ratings and rates its movies one by one, and can be stopped', () => {
    vi.useFakeTimers();
    const persona = PERSONAS[0]!;
    useAppStore.setState({
      rated: [{ movieId: 99999, rating: 1 }],
      movieIndex: new Map(persona.ratings.map((r, i) => [r.movieId, i])),
    });
    const stop = playPersona(useAppStore, persona, 1000);
    expect(useAppStore.getState().rated).toEqual([]);
    vi.advanceTimersByTime(300);
    expect(useAppStore.getState().rated).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(useAppStore.getState().rated).toHaveLength(2);
    expect(useAppStore.getState().teach.preset).toMatchObject({ done: 2, total: persona.ratings.length });
    stop();
    vi.advanceTimersByTime(10_000);
    expect(useAppStore.getState().rated).toHaveLength(2);
    expect(useAppStore.getState().teach.preset).toBeNull();
  });
});
