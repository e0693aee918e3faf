/**
 * The worker's meta-training, driven through the handler with a fake `post` (tfjs cpu): open with
 * progress, Step advances exactly one, Play serves an adaptation between meta-steps, Pause posts a
 * checkpoint, Reset returns to step 0, a diverging rate restores the last good weights without a
 * NaN on the wire, a checkpoint reopens where it left off, a lost GPU stops training, and the
 * trained initialization adapts and compares.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePack } from '../data/metatrainPack';
import { buildHistories, parseMovieLens } from '../data/movielens';
import { generateSyntheticMovieLens } from '../data/synthetic';
import { createHandler, type HandlerDeps } from './handler';
import type {
  MetaTrainAction,
  MetaTrainConfig,
  MetaTrainRequest,
  MetaTrainStatusEvent,
} from './metatrainProtocol';
import type { WorkerEvent } from './protocol';
import { buildTestModelFiles } from './testModel';
import { lossEnds } from './metatrainViews';

// The test model's catalog (testModel.ts generates the same synthetic data from these options).
const files = buildTestModelFiles({ numMovies: 60, numUsers: 30 });
const ml = parseMovieLens(
  generateSyntheticMovieLens({ numMovies: 60, numUsers: 30, seed: 1, minRatings: 20, maxRatings: 40 }),
);
const users = [...new Set(ml.ratings.map((r) => r.userId))].sort((a, b) => a - b);
const pack = encodePack({
  header: { numItems: 60, trainUsers: 0, valUsers: 0, attribution: 'MovieLens', checksum: '', splitSeed: 1 },
  train: buildHistories(ml, users.slice(0, 22)),
  val: buildHistories(ml, users.slice(22)),
});
const served: Record<string, string | Uint8Array> = {
  'model/manifest.json': JSON.stringify(files.manifest),
  'model/weights.json': JSON.stringify(files.weights),
  'model/weights.bin': files.shard,
  'model/catalog.json': JSON.stringify(files.catalog),
  'metatrain/pack.bin': pack,
};

const config: MetaTrainConfig = {
  method: 'maml',
  outerLr: 0.01,
  innerSteps: 1,
  innerLr: 1,
  metaBatch: 4,
  kMin: 1,
  kMax: 10,
  seed: 3,
};
const dataUrl = 'http://test/metatrain/pack.bin';

async function setup(extra: Partial<HandlerDeps> = {}) {
  const events: WorkerEvent[] = [];
  const handler = createHandler({
    post: (e) => events.push(e),
    fetch: async (url) => {
      const body = served[url.replace('http://test/', '')];
      return body === undefined ? new Response('missing', { status: 404 }) : new Response(body as BodyInit);
    },
    chooseBackend: async () => {
      await tf.setBackend('cpu');
      return { name: 'cpu', skipped: [], forced: false, flags: {} };
    },
    ...extra,
  });
  await handler.handle({ type: 'init', id: 1, urls: { modelBase: 'http://test/model/' }, backend: null });
  let id = 10;
  const mt = (action: MetaTrainAction, more: Partial<MetaTrainRequest> = {}) =>
    handler.handle({ type: 'metatrain', id: ++id, action, config, ...more });
  return { events, handler, mt };
}

const statuses = (events: WorkerEvent[]) =>
  events.filter((e): e is MetaTrainStatusEvent => e.type === 'metatrainStatus');
const last = (events: WorkerEvent[]) => statuses(events).at(-1) as MetaTrainStatusEvent;

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** No NaN or infinity anywhere in a status (typed arrays included). */
function allFiniteIn(e: MetaTrainStatusEvent): boolean {
  const nums = [
    e.lossFirst ?? 0,
    e.lossLast ?? 0,
    e.shippedValRecall ?? 0,
    e.stepsPerSecond,
    ...(e.init ?? []),
    ...e.losses.map((p) => p.loss),
    ...e.val.map((p) => p.recall),
  ];
  return nums.every(Number.isFinite);
}

describe('meta-training in the worker', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('opens with progress at step 0, validated, with the shipped reference, u0 on the map and its list', async () => {
    const { events, mt } = await setup();
    await mt('open', { dataUrl });
    expect(events.some((e) => e.type === 'metatrainLoad' && e.loaded === pack.length)).toBe(true);
    const s = last(events);
    expect(s.state).toBe('idle');
    expect(s.step).toBe(0);
    expect(s.lossFirst).toBeNull();
    expect(s.val).toHaveLength(1);
    expect(s.val[0]!.step).toBe(0);
    expect(s.shippedValRecall).toBeGreaterThanOrEqual(0);
    expect(s.init?.every(Number.isFinite)).toBe(true);
    expect(s.k0?.length).toBeGreaterThan(0);
  });

  it('Step advances exactly one; Reset returns to step 0', async () => {
    const { events, mt } = await setup();
    await mt('open', { dataUrl });
    await mt('step');
    let s = last(events);
    expect(s.state).toBe('paused');
    expect(s.step).toBe(1);
    expect(s.lossFirst).toBe(s.lossLast);
    expect(s.losses).toEqual([{ step: 1, loss: s.lossLast }]);
    await mt('step');
    expect(last(events).step).toBe(2);
    await mt('reset');
    s = last(events);
    expect(s.step).toBe(0);
    expect(s.state).toBe('idle');
    expect(s.lossFirst).toBeNull();
  });

  it('serves an adaptation while playing, and Pause posts a checkpoint that reopens at its step', async () => {
    const { events, handler, mt } = await setup();
    await mt('open', { dataUrl });
    await mt('play');
    await until(() => (statuses(events).at(-1)?.step ?? 0) >= 2);
    const adapting = handler.handle({
      type: 'adapt',
      id: 99,
      items: Int32Array.of(1, 2),
      ratings: Float32Array.of(5, 4),
    });
    await adapting;
    const done = events.findIndex((e) => e.type === 'adaptDone' && e.requestId === 99);
    expect(done).toBeGreaterThan(-1);
    await mt('pause');
    const paused = last(events);
    expect(paused.state).toBe('paused');
    expect(paused.stepsPerSecond).toBe(0);
    expect(statuses(events).some((x) => x.state === 'running' && x.stepsPerSecond > 0)).toBe(true);
    // Training went on around the adaptation: statuses before and after it.
    expect(events.slice(done).some((e) => e.type === 'metatrainStatus')).toBe(true);
    const cp = events.filter((e) => e.type === 'metatrainCheckpoint').at(-1);
    if (cp?.type !== 'metatrainCheckpoint') throw new Error('no checkpoint');
    expect(cp.checkpoint.step).toBe(paused.step);
    expect(cp.checkpoint.losses).toHaveLength(paused.step);
    // A fresh worker (the next backend) continues from it.
    const next = await setup();
    await next.mt('open', { dataUrl, checkpoint: cp.checkpoint });
    const reopened = last(next.events);
    expect(reopened.step).toBe(paused.step);
    expect(reopened.losses).toHaveLength(paused.step);
    await next.mt('step');
    expect(last(next.events).step).toBe(paused.step + 1);
  });

  it('a Play sent while the data loads starts once it is open; a Pause sent after it wins', async () => {
    const { events, mt } = await setup();
    void mt('open', { dataUrl });
    void mt('play');
    await until(() => (statuses(events).at(-1)?.step ?? 0) >= 2);
    await mt('pause');
    expect(last(events).state).toBe('paused');
    const other = await setup();
    void other.mt('open', { dataUrl });
    void other.mt('play');
    await other.mt('pause');
    await new Promise((r) => setTimeout(r, 50));
    expect(last(other.events).step).toBe(0);
  });

  it('a diverging meta learning rate restores the last good weights and says so, with no NaN posted', async () => {
    const { events, mt } = await setup();
    await mt('open', { dataUrl });
    await mt('configure', { config: { ...config, outerLr: 1000 } });
    await mt('play');
    await until(() => last(events).state === 'error');
    const s = last(events);
    expect(s.message).toMatch(
      /The meta learning rate 1000 made training diverge at step \d+; the last good initialization \(step 0\) is kept/,
    );
    expect(s.step).toBe(0);
    for (const e of statuses(events)) expect(allFiniteIn(e)).toBe(true);
    // Lowered, it trains on from there.
    await mt('configure', { config });
    await mt('step');
    expect(last(events).step).toBe(1);
    expect(Number.isFinite(last(events).lossLast)).toBe(true);
  });

  it('adapts and compares from the trained initialization (and says when nothing is trained)', async () => {
    const { events, handler, mt } = await setup();
    const ratings = { items: Int32Array.of(1, 2, 3), ratings: Float32Array.of(5, 4, 1) };
    await handler.handle({ type: 'adapt', id: 50, init: 'trained', ...ratings });
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      requestId: 50,
      message: /Nothing is being trained/,
    });
    await mt('open', { dataUrl });
    await mt('step');
    await handler.handle({ type: 'adapt', id: 51, init: 'trained', ...ratings });
    const done = events.find((e) => e.type === 'adaptDone' && e.requestId === 51);
    expect(done?.type === 'adaptDone' && done.recommendations.length).toBeGreaterThan(0);
    await handler.handle({
      type: 'compare',
      id: 52,
      ...ratings,
      methods: ['maml'],
      steps: 2,
      lr: null,
      adaptBias: false,
      skipped: new Int32Array(0),
      trained: true,
    });
    const cmp = events.find((e) => e.type === 'compareDone' && e.requestId === 52);
    if (cmp?.type !== 'compareDone') throw new Error('no compareDone');
    expect(cmp.traces.map((t) => t.method)).toEqual(['maml']);
    expect(cmp.trained?.label).toBe('Trained here (step 1)');
    expect(cmp.trained?.losses.length).toBe(3);
  });

  it('a lost GPU during training stops it; the device-lost error is what the page sees', async () => {
    let onLost: ((m: string) => void) | null = null;
    let gone: string | null = null;
    const { events, handler, mt } = await setup({
      watchBackend: (cb) => {
        onLost = cb;
        return {
          lost: () => gone,
          lose: () => {
            gone = 'the cpu backend failed (simulated)';
            onLost?.(gone);
          },
        };
      },
    });
    await mt('open', { dataUrl });
    await handler.handle({ type: 'inject', id: 60, fault: 'lose-gpu' });
    await mt('play');
    await until(() => events.some((e) => e.type === 'error' && e.kind === 'device-lost'));
    const before = statuses(events).length;
    await new Promise((r) => setTimeout(r, 100));
    expect(statuses(events).length).toBe(before);
    expect(statuses(events).every((s) => s.step === 0)).toBe(true);
  });

  it('refuses controls out of range in words, and a damaged pack', async () => {
    const { events, mt } = await setup();
    await mt('open', { dataUrl });
    await mt('configure', { config: { ...config, innerSteps: 9 } });
    expect(last(events)).toMatchObject({ state: 'error', message: /Inner steps/ });
    served['metatrain/bad.bin'] = pack.subarray(0, 100);
    const other = await setup();
    await other.mt('open', { dataUrl: 'http://test/metatrain/bad.bin' });
    expect(last(other.events)).toMatchObject({ state: 'error', message: /damaged or incomplete/ });
  });

  it('keeps the number of tensors flat across steps, and frees them on close', async () => {
    const { mt, events } = await setup();
    const before = tf.memory().numTensors;
    await mt('open', { dataUrl });
    for (let i = 0; i < 3; i++) await mt('step');
    const warm = tf.memory().numTensors;
    for (let i = 0; i < 12; i++) await mt('step');
    expect(last(events).step).toBe(15);
    expect(tf.memory().numTensors).toBe(warm);
    await mt('close');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("the status's first and last loss", () => {
  it('average the first and the last ten meta-steps (one step: its loss; none: null)', () => {
    expect(lossEnds([])).toEqual({ first: null, last: null });
    expect(lossEnds([{ loss: 7 }])).toEqual({ first: 7, last: 7 });
    const losses = Array.from({ length: 50 }, (_, i) => ({ loss: 100 - i }));
    // First ten: 100..91 (mean 95.5); last ten: 60..51 (mean 55.5).
    expect(lossEnds(losses)).toEqual({ first: 95.5, last: 55.5 });
  });
});
