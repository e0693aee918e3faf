import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerClient } from '../worker/client';
import type { BackendName, WorkerEvent, WorkerRequest } from '../worker/protocol';
import { MAX_RESTARTS, startBridge, type Bridge, type BridgeOptions } from './bridge';
import { getInitialState, useAppStore } from './store';

type Sent = WorkerRequest;
type Unsent<R = WorkerRequest> = R extends WorkerRequest ? Omit<R, 'id'> : never;

/** A fake worker per start: what it was asked, and a way to answer. */
interface FakeWorker {
  sent: Sent[];
  emit: (e: WorkerEvent) => void;
  crash: (message: string) => void;
  terminated: boolean;
}

const MOVIES = [10, 20, 30, 40];

function ready(
  requestId: number,
  backend: BackendName,
  skipped: { name: BackendName; reason: string }[] = [],
) {
  return {
    type: 'ready' as const,
    requestId,
    backend: {
      name: backend,
      skipped,
      forced: false,
      warmupMs: 1,
      steadyMs: 1,
      kernelsPerAdapt: 1,
      gpuResident: null,
      flags: {},
    },
    model: {
      dim: 2,
      defaultMethod: 'maml' as const,
      appMethod: 'maml' as const,
      methods: [],
      attribution: '',
      dataSource: '',
      createdAt: '',
      startXY: [0, 0] as [number, number],
    },
    catalog: {
      movieIds: Int32Array.from(MOVIES),
      titles: MOVIES.map(String),
      years: new Int16Array(MOVIES.length),
      genres: MOVIES.map(() => ''),
      ratingCounts: new Float32Array(MOVIES.length),
      meanRatings: new Float32Array(MOVIES.length),
      xy: new Float32Array(MOVIES.length * 2),
    },
    candidates: Int32Array.of(0, 1, 2, 3),
    excluded: new Int32Array(0),
  };
}

function adaptDone(requestId: number, extra: Partial<Extract<WorkerEvent, { type: 'adaptDone' }>> = {}) {
  return {
    type: 'adaptDone' as const,
    requestId,
    method: 'maml' as const,
    losses: Float32Array.of(1, 0.5),
    trajectory: Float32Array.of(0, 0, 1, 1),
    recommendations: [
      {
        index: 3,
        score: 1.7,
        predicted: 4.2,
        because: [0],
        reasons: [{ index: 0, kind: 'liked' as const, share: 1 }],
      },
    ],
    predictedRated: Float32Array.of(4),
    ms: 1,
    ...extra,
  };
}

let clock = 0;
let timers: { fn: () => void; at: number }[] = [];
const workers: FakeWorker[] = [];
let bridge: Bridge | null = null;

function start(opts: Partial<BridgeOptions> = {}) {
  bridge = startBridge(useAppStore, {
    modelBase: 'http://test/model/',
    storage: null,
    now: () => clock,
    setTimer: (fn, ms) => {
      const t = { fn, at: clock + ms };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      timers = timers.filter((x) => x !== t);
    },
    createClient: (onEvent, onCrash) => {
      const w: FakeWorker = { sent: [], emit: onEvent, crash: onCrash, terminated: false };
      workers.push(w);
      let id = 0;
      const send = (req: Unsent) => {
        const r = { ...req, id: ++id + 100 * workers.length } as Sent;
        w.sent.push(r);
        return { id: r.id };
      };
      const client: Pick<WorkerClient, 'init' | 'adapt' | 'inject' | 'terminate'> = {
        init: (urls, o) => send({ type: 'init', urls, ...o }),
        adapt: (req) => send({ type: 'adapt', ...req }),
        inject: (fault) => void send({ type: 'inject', fault }),
        terminate: () => {
          w.terminated = true;
        },
      };
      return client;
    },
    ...opts,
  });
}

/** Advance the fake clock, firing the timers that fall due. */
function advance(ms: number) {
  clock += ms;
  for (const t of [...timers].sort((a, b) => a.at - b.at))
    if (t.at <= clock) {
      timers = timers.filter((x) => x !== t);
      t.fn();
    }
}

const last = () => workers[workers.length - 1]!;
const initOf = (w: FakeWorker) => w.sent.find((r) => r.type === 'init') as Extract<Sent, { type: 'init' }>;
const adaptsOf = (w: FakeWorker) =>
  w.sent.filter((r) => r.type === 'adapt') as Extract<Sent, { type: 'adapt' }>[];
const notices = () => useAppStore.getState().notices.map((n) => n.text);

/** Start, answer ready on `backend`, rate two movies and answer their adaptation. */
function session(backend: BackendName = 'webgpu') {
  start();
  last().emit(ready(initOf(last()).id, backend));
  useAppStore.getState().rate(20, 4.5);
  useAppStore.getState().rate(40, 1);
  const adapt = adaptsOf(last()).at(-1)!;
  last().emit(adaptDone(adapt.id));
}

beforeEach(() => {
  useAppStore.setState(getInitialState());
  clock = 1_000_000;
  timers = [];
  workers.length = 0;
});
afterEach(() => {
  bridge?.stop();
  bridge = null;
});

describe('bridge: recovery', () => {
  it('a crashed worker is restarted and the same ratings are adapted again', () => {
    session('webgl');
    const before = last();
    before.crash('boom');
    expect(before.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(notices().join()).toMatch(/stopped unexpectedly \(boom\)\. Restarting it; your ratings are kept/);
    expect(initOf(last())).toMatchObject({ backend: null, exclude: [] });
    last().emit(ready(initOf(last()).id, 'webgl'));
    const replay = adaptsOf(last());
    expect(replay).toHaveLength(1);
    expect(Array.from(replay[0]!.items)).toEqual([1, 3]);
    expect(Array.from(replay[0]!.ratings)).toEqual([4.5, 1]);
    expect(notices().join()).toMatch(/was restarted on WebGL\. Your ratings are kept/);
    // One recovery notice, replaced, not piled up.
    expect(useAppStore.getState().notices.filter((n) => n.key === 'recovery')).toHaveLength(1);
    expect(useAppStore.getState().rated).toEqual([
      { movieId: 20, rating: 4.5 },
      { movieId: 40, rating: 1 },
    ]);
  });

  it('a lost GPU moves down the chain and replays the ratings there', () => {
    session('webgpu');
    last().emit({
      type: 'error',
      requestId: null,
      kind: 'device-lost',
      message: 'the WebGPU device was lost (x)',
    });
    expect(initOf(last()).exclude).toEqual(['webgpu']);
    last().emit(ready(initOf(last()).id, 'webgl'));
    expect(notices().join()).toMatch(
      /The WebGPU device was lost \(x\), so the app moved from WebGPU to WebGL/,
    );
    expect(adaptsOf(last())).toHaveLength(1);
    // And again: WebGL lost moves on to WebAssembly.
    last().emit({
      type: 'error',
      requestId: null,
      kind: 'device-lost',
      message: 'the WebGL context was lost',
    });
    expect(initOf(last()).exclude).toEqual(['webgpu', 'webgl']);
  });

  it('events from a replaced worker are ignored', () => {
    session('webgl');
    const old = last();
    old.crash('boom');
    old.emit(ready(initOf(old).id, 'cpu'));
    old.crash('again');
    expect(workers).toHaveLength(2);
    expect(useAppStore.getState().engine.status).toBe('loading');
  });

  it(`stops restarting after ${MAX_RESTARTS} restarts within a minute and asks the visitor`, () => {
    session('webgl');
    for (let i = 0; i < MAX_RESTARTS; i++) {
      last().crash(`crash ${i}`);
      last().emit(ready(initOf(last()).id, 'webgl'));
      advance(1000);
    }
    expect(workers).toHaveLength(1 + MAX_RESTARTS);
    last().crash('once more');
    expect(workers).toHaveLength(1 + MAX_RESTARTS);
    expect(last().terminated).toBe(true);
    expect(useAppStore.getState().engine.recoverable?.message).toMatch(
      /Once more\. It has failed 4 times within a minute, so it is not restarted automatically/,
    );
    // The visitor's restart starts afresh.
    useAppStore.getState().restartEngine();
    expect(workers).toHaveLength(2 + MAX_RESTARTS);
  });

  it('restarts are counted per minute: spaced-out crashes keep being recovered', () => {
    session('webgl');
    for (let i = 0; i < MAX_RESTARTS + 2; i++) {
      last().crash(`crash ${i}`);
      last().emit(ready(initOf(last()).id, 'webgl'));
      advance(30_000);
    }
    expect(workers).toHaveLength(MAX_RESTARTS + 3);
    expect(useAppStore.getState().engine.recoverable).toBeNull();
  });

  it('a worker that stops answering an adaptation is restarted by the watchdog', () => {
    start({ loadTimeoutMs: 1000 });
    last().emit(ready(initOf(last()).id, 'wasm'));
    useAppStore.getState().rate(10, 3);
    advance(3999);
    expect(workers).toHaveLength(1);
    advance(2);
    expect(workers).toHaveLength(2);
    expect(notices().join()).toMatch(/it did not answer for 4 s/);
  });

  it('a load that stalls shows a fatal error with what was happening; Retry really loads again', () => {
    start({ loadTimeoutMs: 1000 });
    last().emit({ type: 'progress', requestId: initOf(last()).id, phase: 'warmup', loaded: 0, total: 2 });
    advance(4001);
    const fatal = useAppStore.getState().engine.fatal;
    expect(fatal?.message).toMatch(/Loading stopped: nothing happened for 4 s while warming up/);
    expect(last().terminated).toBe(true);
    useAppStore.getState().restartEngine();
    expect(workers).toHaveLength(2);
    expect(useAppStore.getState().engine.fatal).toBeNull();
    last().emit(ready(initOf(last()).id, 'wasm'));
    expect(useAppStore.getState().engine.status).toBe('ready');
  });

  it('a failed load says what went wrong and what to try, by kind', () => {
    start();
    last().emit({
      type: 'error',
      requestId: initOf(last()).id,
      kind: 'network',
      message: 'Could not download x.',
    });
    expect(useAppStore.getState().engine.fatal).toEqual({
      message: 'Could not download x.',
      hint: expect.stringMatching(/Check your connection and try again/),
    });
    useAppStore.getState().restartEngine();
    last().emit({
      type: 'error',
      requestId: initOf(last()).id,
      kind: 'model',
      message: 'weights.bin is incomplete.',
    });
    expect(useAppStore.getState().engine.fatal?.hint).toMatch(/rebuild them with `npm run train`/);
  });

  it('passes the stall timeout and the self-check hook to the worker', () => {
    start({ loadTimeoutMs: 2500, failSelfCheck: ['webgl'] });
    expect(initOf(last())).toMatchObject({ loadTimeoutMs: 2500, failSelfCheck: ['webgl'] });
    bridge?.inject('crash');
    expect(last().sent.at(-1)).toMatchObject({ type: 'inject', fault: 'crash' });
  });

  it('says nothing about a browser without WebGPU or WebGL (the badge does), and warns when a backend failed', () => {
    start();
    last().emit(
      ready(initOf(last()).id, 'wasm', [
        { name: 'webgpu', reason: 'WebGPU is present but no adapter is available' },
        { name: 'webgl', reason: 'webgl failed to initialize' },
      ]),
    );
    expect(useAppStore.getState().notices.find((x) => x.key === 'backend')).toBeUndefined();
    useAppStore.getState().restartEngine();
    last().emit(
      ready(initOf(last()).id, 'wasm', [{ name: 'webgl', reason: 'its numeric self-check computed [4]' }]),
    );
    expect(useAppStore.getState().notices.find((x) => x.key === 'backend')).toMatchObject({
      tone: 'warning',
      text: expect.stringMatching(/runs on WebAssembly: WebGL was passed over \(its numeric self-check/),
    });
  });
});

describe('bridge: numbers that cannot be shown', () => {
  it('a result that kept its last good state is shown with a warning', () => {
    session('webgl');
    useAppStore.getState().rate(10, 5);
    const id = adaptsOf(last()).at(-1)!.id;
    last().emit(adaptDone(id, { numeric: { step: 1, kept: 0, what: 'infinite' } }));
    expect(useAppStore.getState().adapt.status).toBe('done');
    expect(notices().join()).toMatch(
      /went wrong at inner step 1 \(a value became infinite\), so the app kept the last good state \(the starting point/,
    );
  });

  it('a result with a non-finite number never reaches the store', () => {
    session('webgl');
    const recs = useAppStore.getState().adapt.recommendations;
    useAppStore.getState().rate(10, 5);
    const id = adaptsOf(last()).at(-1)!.id;
    last().emit(adaptDone(id, { losses: Float32Array.of(1, NaN) }));
    const a = useAppStore.getState().adapt;
    expect(a.status).toBe('error');
    expect(a.recommendations).toBe(recs);
    expect(a.runs.flatMap((r) => r.losses).every(Number.isFinite)).toBe(true);
    expect(notices().join()).toMatch(/previous recommendations stay on screen/);
  });

  it('a list method without stars is shown: no fit, no predicted stars; a score that is not a number is not', () => {
    session('webgl');
    useAppStore.getState().rate(10, 5);
    let id = adaptsOf(last()).at(-1)!.id;
    last().emit(
      adaptDone(id, {
        recommendations: [
          {
            index: 3,
            score: -2.5,
            predicted: null,
            because: [0],
            reasons: [{ index: 0, kind: 'liked' as const, share: 1 }],
          },
        ],
        predictedRated: null,
      }),
    );
    let a = useAppStore.getState().adapt;
    expect(a.status).toBe('done');
    expect(a.fit).toEqual([]);
    expect(a.recommendations[0]?.predicted).toBeNull();
    useAppStore.getState().rate(11, 4);
    id = adaptsOf(last()).at(-1)!.id;
    last().emit(
      adaptDone(id, {
        recommendations: [{ index: 4, score: NaN, predicted: null, because: [], reasons: [] }],
      }),
    );
    a = useAppStore.getState().adapt;
    expect(a.status).toBe('error');
    expect(a.recommendations[0]?.index).toBe(3);
  });
});

describe('bridge: reset', () => {
  it('Reset everything after a backend was forced in Settings restarts the worker on automatic', () => {
    session('webgpu');
    useAppStore.getState().restartEngine('webgl');
    expect(initOf(last()).backend).toBe('webgl');
    last().emit(ready(initOf(last()).id, 'webgl'));
    const forced = workers.length;
    useAppStore.getState().resetAll();
    expect(useAppStore.getState().settings.backend).toBe('auto');
    expect(workers).toHaveLength(forced + 1);
    expect(initOf(last()).backend).toBeNull();
  });

  it('Reset everything on automatic, or with a backend in the address, keeps the worker', () => {
    session('webgpu');
    const count = workers.length;
    useAppStore.getState().resetAll();
    expect(workers).toHaveLength(count);
    useAppStore.setState({ urlBackend: 'wasm', settings: { backend: 'webgl', theme: 'system' } });
    useAppStore.getState().resetAll();
    expect(workers).toHaveLength(count);
  });
});
