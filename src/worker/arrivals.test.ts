import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { ARRIVALS_FORMAT_VERSION, type ArrivalsFile } from '../model/arrivalsFormat';
import { stateOf } from '../model/itemContent';
import { generate, initWarmup } from '../model/itemWarmupGenerator';
import { warmupToJson } from '../model/itemWarmupFormat';
import { parseShippedModel } from '../model/shipped';
import { projectItem } from '../model/projection';
import type { ArrivalDone, ArrivalRequest } from './arrivalsProtocol';
import { createHandler } from './handler';
import type { WorkerEvent } from './protocol';
import { buildTestModelFiles } from './testModel';

const DIM = 8;
const files = buildTestModelFiles({ numMovies: 60, numUsers: 30, dim: DIM });
const model = parseShippedModel({
  manifest: files.manifest,
  weights: files.weights,
  shards: [files.shard.buffer.slice(0) as ArrayBuffer],
  catalog: files.catalog,
});
const ids = files.catalog.movies.map((m) => m[0]);

/** Two arrivals with seeded rater states: one likes-heavy, one short. */
function arrivalsFile(): ArrivalsFile {
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const raters = (n: number) => Array.from({ length: n }, () => Array.from({ length: DIM }, rnd));
  return {
    formatVersion: ARRIVALS_FORMAT_VERSION,
    createdAt: 'test',
    dim: DIM,
    source: 'test',
    movies: [
      { index: 5, movieId: ids[5]!, title: 'Five', ratings: [5, 4.5, 1, 4, 5, 2], raters: raters(6) },
      { index: 9, movieId: ids[9]!, title: 'Nine', ratings: [3, 4], raters: raters(2) },
    ],
  };
}

/** An untrained warm-up of the test model's size: the plumbing, not a good placement. */
const warmup = initWarmup(
  DIM,
  model.manifest.numFeatures,
  {
    hidden: 4,
    innerSteps: 3,
    targets: { levels: Float32Array.from({ length: 10 }, (_, l) => (l - 5) / 3), center: 0 },
    innerLr: 0.3,
    shrink: 1,
  },
  createRng(3),
);

const served: Record<string, string | Uint8Array> = {
  'manifest.json': JSON.stringify(files.manifest),
  'weights.json': JSON.stringify(files.weights),
  'weights.bin': files.shard,
  'catalog.json': JSON.stringify(files.catalog),
  'arrivals.json': JSON.stringify(arrivalsFile()),
  'itemWarmup.json': JSON.stringify(warmupToJson(warmup)),
};

function setup(overrides: Record<string, string> = {}) {
  const events: WorkerEvent[] = [];
  const handler = createHandler({
    post: (e) => events.push(e),
    fetch: async (url) => {
      const body =
        overrides[url.replace('http://test/model/', '')] ?? served[url.replace('http://test/model/', '')];
      return body === undefined ? new Response('missing', { status: 404 }) : new Response(body as BodyInit);
    },
    chooseBackend: async () => {
      await tf.setBackend('cpu');
      return { name: 'cpu', skipped: [], forced: false, flags: {} };
    },
  });
  return { events, handler };
}

const init = { type: 'init' as const, id: 1, urls: { modelBase: 'http://test/model/' }, backend: null };
const audience = [
  { id: 'p', name: 'P', items: Int32Array.of(0, 1, 2), ratings: Float32Array.of(5, 4, 1) },
  { id: 'q', name: 'Q', items: Int32Array.of(3, 4), ratings: Float32Array.of(1, 5) },
];
const ask = (id: number, index: number, k: number): ArrivalRequest => ({
  type: 'arrival',
  id,
  url: 'http://test/model/arrivals.json',
  warmupUrl: 'http://test/model/itemWarmup.json',
  index,
  k,
  audience,
});
const answer = (events: WorkerEvent[], id: number): ArrivalDone => {
  const e = events.find((x) => x.type === 'arrivalDone' && x.requestId === id);
  if (e?.type !== 'arrivalDone') throw new Error(`no answer: ${events.map((x) => x.type).join(', ')}`);
  return e;
};

describe('arrival requests', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("places a movie from its features at K = 0, where the map draws the warm-up's generator state", async () => {
    const { events, handler } = setup();
    await handler.handle(init);
    await handler.handle(ask(2, 0, 0));
    const a = answer(events, 2);
    expect(a.movies.map((m) => [m.title, m.ratings])).toEqual([
      ['Five', 6],
      ['Nine', 2],
    ]);
    expect(a.k).toBe(0);
    expect(a.losses.length).toBe(0);
    expect(a.path.length).toBe(2);
    expect(a.placer).toBe('the meta-learned warm-up');
    const f = model.manifest.numFeatures;
    const s0 = stateOf(generate(warmup, model.features.slice(5 * f, 6 * f)).s0, DIM);
    const [x, y] = projectItem(model.manifest.projection, s0.vector, 0, DIM);
    expect(a.path[0]).toBeCloseTo(x, 4);
    expect(a.path[1]).toBeCloseTo(y, 4);
    expect(a.audience.map((p) => p.id).sort()).toEqual(['p', 'q']);
    for (const p of a.audience) expect(p.inTop).toBe(p.rank <= 20);
    expect(a.audience[0]!.rank).toBeLessThanOrEqual(a.audience[1]!.rank);
    expect(a.visitor.rank).toBeGreaterThanOrEqual(1);
    expect(a.visitor.rank).toBeLessThanOrEqual(60);
    handler.dispose();
  });

  it('its ratings move it: one state per inner step, the loss falling, K clamped to what is shipped', async () => {
    const { events, handler } = setup();
    await handler.handle(init);
    const before = tf.memory().numTensors;
    await handler.handle(ask(2, 0, 0));
    await handler.handle(ask(3, 0, 99));
    const zero = answer(events, 2);
    const six = answer(events, 3);
    expect(six.k).toBe(6);
    expect(Array.from(six.ratings)).toEqual([5, 4.5, 1, 4, 5, 2]);
    expect(six.path.length / 2).toBe(warmup.innerSteps + 1);
    expect(six.losses.length).toBe(warmup.innerSteps + 1);
    expect(six.path.length).toBeGreaterThan(2);
    expect(six.path[0]).toBeCloseTo(zero.path[0]!, 5);
    const end = six.path.length - 2;
    expect(Math.hypot(six.path[end]! - zero.path[0]!, six.path[end + 1]! - zero.path[1]!)).toBeGreaterThan(0);
    await handler.handle(ask(4, 1, 1));
    expect(answer(events, 4)).toMatchObject({ index: 1, k: 1 });
    expect(tf.memory().numTensors).toBe(before);
    handler.dispose();
  });

  it("ranks it in the visitor's list from their latest adaptation", async () => {
    const { events, handler } = setup();
    await handler.handle(init);
    await handler.handle(ask(2, 0, 6));
    const start = answer(events, 2).visitor.rank;
    // A visitor who rated every other movie: the new one can only be first.
    const others = Int32Array.from({ length: 60 }, (_, i) => i).filter((i) => i !== 5);
    await handler.handle({
      type: 'adapt',
      id: 3,
      items: others,
      ratings: new Float32Array(others.length).fill(3),
    });
    await handler.handle(ask(4, 0, 6));
    const after = answer(events, 4).visitor;
    expect(after).toEqual({ rank: 1, inTop: true });
    expect(start).toBeGreaterThanOrEqual(1);
    handler.dispose();
  });

  it('without a usable itemWarmup.json the stand-in places the movie and the answer says so', async () => {
    for (const body of [undefined, '{"formatVersion": 1, "dim": 99}']) {
      const { events, handler } = setup(body === undefined ? {} : { 'itemWarmup.json': body });
      const saved = served['itemWarmup.json'];
      if (body === undefined) delete served['itemWarmup.json'];
      await handler.handle(init);
      await handler.handle(ask(2, 0, 6));
      const a = answer(events, 2);
      expect(a.placer).toMatch(/provisional.*no usable meta-learned warm-up \(itemWarmup.json: /);
      expect(a.path.length).toBeGreaterThan(2);
      expect(a.losses[a.losses.length - 1]!).toBeLessThan(a.losses[0]!);
      served['itemWarmup.json'] = saved!;
      handler.dispose();
    }
  });

  it('a missing or damaged arrivals.json answers with a reason, and the worker goes on adapting', async () => {
    for (const [body, reason] of [
      [undefined, /could not be read \(HTTP 404\)/],
      ['{"formatVersion": 1, "dim": 3, "movies": []}', /dimension 3, this model has 8/],
      ['not json', /could not be read/],
    ] as const) {
      const { events, handler } = setup(body === undefined ? {} : { 'arrivals.json': body });
      if (body === undefined) delete served['arrivals.json'];
      await handler.handle(init);
      await handler.handle(ask(2, 0, 0));
      const e = events.find((x) => x.type === 'arrivalsUnavailable');
      expect(e?.type === 'arrivalsUnavailable' && e.message).toMatch(reason);
      await handler.handle({ type: 'adapt', id: 3, items: Int32Array.of(1), ratings: Float32Array.of(5) });
      expect(events.some((x) => x.type === 'adaptDone')).toBe(true);
      served['arrivals.json'] = JSON.stringify(arrivalsFile());
      handler.dispose();
    }
  });
});
