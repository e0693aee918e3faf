import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelInfo, WorkerEvent } from '../../../../worker/protocol';
import { getInitialState, useAppStore } from '../..';
import { MAX_RUNS } from './initialState';
import { adaptMethodOf, isAdapting } from './selectors';

type AdaptDone = Extract<WorkerEvent, { type: 'adaptDone' }>;

const st = () => useAppStore.getState();

const done = (requestId: number, list: number[], extra: Partial<AdaptDone> = {}): AdaptDone => ({
  type: 'adaptDone',
  requestId,
  method: 'maml',
  losses: Float32Array.of(2, 1.5, 1),
  trajectory: Float32Array.of(0, 0, 1, 1, 2, 2),
  recommendations: list.map((index) => ({ index, score: 1, predicted: 4, because: [], reasons: [] })),
  predictedRated: null,
  ms: 3,
  ...extra,
});

/** One adaptation from request to result, on the given catalog indices rated 4 stars. */
const run = (requestId: number, items: number[], list: number[], extra: Partial<AdaptDone> = {}) => {
  st().adaptStarted(requestId, items.length);
  st().adaptFinished(
    done(requestId, list, extra),
    Int32Array.from(items),
    Float32Array.from(items, () => 4),
  );
};

beforeEach(() => useAppStore.setState(getInitialState()));

describe('adaptation slice', () => {
  it('starts a run: adapting, the new request and K, the live series and the error cleared', () => {
    useAppStore.setState((s) => ({
      adapt: { ...s.adapt, status: 'error', error: 'boom', liveLosses: [1], liveTrail: [1, 2] },
    }));
    st().adaptStarted(4, 2);
    expect(st().adapt).toMatchObject({
      status: 'adapting',
      requestId: 4,
      k: 2,
      liveLosses: [],
      liveTrail: [],
      error: null,
    });
    expect(isAdapting(st())).toBe(true);
  });

  it('takes the method, steps and K of the current request only, without a new state when nothing changed', () => {
    st().adaptStarted(2, 3);
    const began = (requestId: number, k: number): Extract<WorkerEvent, { type: 'adaptStart' }> => ({
      type: 'adaptStart',
      requestId,
      method: 'reptile',
      steps: 5,
      k,
      lossless: false,
    });
    st().adaptBegan(began(1, 9));
    expect(st().adapt).toMatchObject({ method: '', steps: 0, k: 3 });
    st().adaptBegan(began(2, 3));
    expect(st().adapt).toMatchObject({ method: 'reptile', steps: 5, k: 3 });
    const before = st().adapt;
    st().adaptBegan(began(2, 3));
    expect(st().adapt).toBe(before);
  });

  it('finishes a run: the losses, the trail after the start point, the list, the fit and the summary', () => {
    st().adaptStarted(1, 2);
    st().adaptFinished(
      done(1, [5, 6], { predictedRated: Float32Array.of(3.5, 4.5) }),
      Int32Array.of(8, 9),
      Float32Array.of(3, 5),
    );
    const a = st().adapt;
    expect(a).toMatchObject({ status: 'done', method: 'maml', k: 2, runCount: 1, supportKey: '8:3,9:5' });
    expect(a.liveLosses).toEqual([2, 1.5, 1]);
    expect(a.liveTrail).toEqual([1, 1, 2, 2]);
    expect(a.recommendations.map((r) => r.index)).toEqual([5, 6]);
    expect(a.runs).toEqual([{ requestId: 1, k: 2, losses: [2, 1.5, 1], trajectory: [0, 0, 1, 1, 2, 2] }]);
    expect(a.fit).toEqual([
      { index: 8, predicted: 3.5, actual: 3 },
      { index: 9, predicted: 4.5, actual: 5 },
    ]);
    expect(a.last).toEqual({ lossFirst: 2, lossLast: 1, steps: 2, ms: 3 });
    expect(isAdapting(st())).toBe(false);
  });

  it('a method that predicts no stars has no fit; one with no steps has NaN losses and zero steps', () => {
    run(1, [8], [5], { losses: new Float32Array(0), trajectory: Float32Array.of(0, 0) });
    expect(st().adapt.fit).toEqual([]);
    expect(st().adapt.liveTrail).toEqual([]);
    expect(st().adapt.last).toMatchObject({ steps: 0 });
    expect(st().adapt.last?.lossFirst).toBeNaN();
    expect(st().adapt.last?.lossLast).toBeNaN();
  });

  it('ignores the result and the failure of a stale request', () => {
    st().adaptStarted(1, 1);
    st().adaptStarted(2, 1);
    st().adaptFinished(done(1, [5]), Int32Array.of(8), Float32Array.of(4));
    st().adaptFailed(1, 'old');
    expect(st().adapt).toMatchObject({
      status: 'adapting',
      requestId: 2,
      runCount: 0,
      runs: [],
      error: null,
    });
    expect(st().adapt.recommendations).toEqual([]);
    st().adaptFinished(done(2, [6]), Int32Array.of(8), Float32Array.of(4));
    expect(st().adapt).toMatchObject({ status: 'done', runCount: 1 });
  });

  it('before any request, nothing is current: a result or failure is ignored', () => {
    st().adaptFinished(done(1, [5]), Int32Array.of(8), Float32Array.of(4));
    st().adaptFailed(1, 'boom');
    expect(st().adapt).toEqual(getInitialState().adapt);
  });

  it('fails the current request with its message and keeps the list it had', () => {
    run(1, [8], [5, 6]);
    st().adaptStarted(2, 2);
    st().adaptFailed(2, 'out of memory');
    expect(st().adapt).toMatchObject({ status: 'error', error: 'out of memory', runCount: 1 });
    expect(st().adapt.recommendations.map((r) => r.index)).toEqual([5, 6]);
    expect(isAdapting(st())).toBe(false);
  });

  it(`keeps the last ${MAX_RUNS} finished runs, oldest first, while counting all of them`, () => {
    for (let id = 1; id <= MAX_RUNS + 3; id++) run(id, [id], [id]);
    const runs = st().adapt.runs;
    expect(runs).toHaveLength(MAX_RUNS);
    expect(runs.map((r) => r.requestId)).toEqual(Array.from({ length: MAX_RUNS }, (_, i) => i + 4));
    expect(st().adapt.runCount).toBe(MAX_RUNS + 3);
  });

  it('keeps as previous the list before the last change of ratings, not before a re-run on the same ratings', () => {
    // The first run since the page loaded has nothing to compare with, even with ratings.
    run(1, [8], [1, 2, 3]);
    expect(st().adapt.previousTop).toBeNull();
    run(2, [8, 9], [3, 1, 4]);
    expect(st().adapt.previousTop).toEqual([1, 2, 3]);
    // The same ratings again (another method, a restart): still the list before the change.
    run(3, [8, 9], [4, 3, 1]);
    expect(st().adapt.previousTop).toEqual([1, 2, 3]);
    // A changed rating of the same movie is a change.
    st().adaptStarted(4, 2);
    st().adaptFinished(done(4, [7, 4]), Int32Array.of(8, 9), Float32Array.of(4, 2));
    expect(st().adapt.previousTop).toEqual([4, 3, 1]);
    expect(st().adapt.supportKey).toBe('8:4,9:2');
  });

  it('after Reset everything, the first list is not compared with an empty one (no movie marked new)', () => {
    run(1, [8], [1, 2, 3]);
    run(2, [8, 9], [3, 1, 4]);
    st().resetAll();
    expect(st().adapt.previousTop).toBeNull();
    // The reset's own zero-rating run was superseded by a rating: the first result has ratings.
    run(3, [5], [6, 7]);
    expect(st().adapt.previousTop).toBeNull();
    run(4, [5, 6], [7, 2]);
    expect(st().adapt.previousTop).toEqual([6, 7]);
  });

  it('a failed run between two changes keeps the list the visitor saw as previous', () => {
    run(1, [], [1, 2]);
    run(2, [8], [2, 1]);
    st().adaptStarted(3, 2);
    st().adaptFailed(3, 'boom');
    run(4, [8, 9], [3, 2]);
    expect(st().adapt.previousTop).toEqual([2, 1]);
  });
});

describe('adaptation selectors', () => {
  const model = {
    appMethod: 'maml',
    methods: [
      { name: 'maml', label: 'MAML' },
      { name: 'reptile', label: 'Reptile' },
    ],
  } as unknown as ModelInfo;

  it('names the method of the latest adaptation, the app method before the first, none without a model', () => {
    expect(adaptMethodOf(st())).toBeNull();
    useAppStore.setState({ model });
    expect(adaptMethodOf(st())?.label).toBe('MAML');
    run(1, [8], [5], { method: 'reptile' });
    expect(adaptMethodOf(st())?.label).toBe('Reptile');
    run(2, [8], [5], { method: 'encoder' });
    expect(adaptMethodOf(st())).toBeNull();
  });
});
