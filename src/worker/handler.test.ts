import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstBadStep } from './adaptation';
import { createHandler, type HandlerDeps } from './handler';
import type { WorkerEvent } from './protocol';
import { buildTestModelFiles } from './testModel';
import { DEFAULT_STRATEGY, INTERVIEW_STRATEGIES } from '../methods/interview';

const files = buildTestModelFiles({ numMovies: 60, numUsers: 30 });
const served: Record<string, string | Uint8Array> = {
  'manifest.json': JSON.stringify(files.manifest),
  'weights.json': JSON.stringify(files.weights),
  'weights.bin': files.shard,
  'catalog.json': JSON.stringify(files.catalog),
};

/** A file that never arrives, and one that is not there. */
const HANG = Symbol('hang');
const MISSING = Symbol('missing');

function setup(
  overrides: Record<string, string | Uint8Array | typeof HANG | typeof MISSING> = {},
  extra: Partial<HandlerDeps> = {},
) {
  const events: WorkerEvent[] = [];
  const handler = createHandler({
    post: (e) => events.push(e),
    fetch: async (url) => {
      const name = url.replace('http://test/model/', '');
      const body = overrides[name] ?? served[name];
      if (body === HANG) return new Promise<Response>(() => {});
      return body === undefined || body === MISSING
        ? new Response('missing', { status: 404 })
        : new Response(body as BodyInit);
    },
    chooseBackend: async () => {
      await tf.setBackend('cpu');
      return { name: 'cpu', skipped: [], forced: false, flags: {} };
    },
    ...extra,
  });
  return { events, handler };
}

const errorOf = (events: WorkerEvent[]) => {
  const err = events.find((e) => e.type === 'error');
  if (err?.type !== 'error') throw new Error(`no error event: ${events.map((e) => e.type).join(', ')}`);
  return err;
};

const init = { type: 'init' as const, id: 1, urls: { modelBase: 'http://test/model/' }, backend: null };

describe('worker handler', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('loads the model, warms up and reports ready with the catalog and onboarding candidates', async () => {
    const { events, handler } = setup();
    await handler.handle(init);
    const ready = events.find((e) => e.type === 'ready');
    expect(ready?.type).toBe('ready');
    if (ready?.type !== 'ready') return;
    expect(ready.requestId).toBe(1);
    expect(ready.catalog.titles.length).toBe(files.catalog.movies.length);
    expect(ready.candidates.length).toBeGreaterThan(10);
    expect(new Set(ready.candidates).size).toBe(ready.candidates.length);
    expect(ready.backend.name).toBe('cpu');
    expect(ready.backend.kernelsPerAdapt).toBeGreaterThan(0);
    expect(ready.model.appMethod).toBe('maml');
    expect(events.some((e) => e.type === 'progress' && e.phase === 'download')).toBe(true);
    handler.dispose();
  });

  it('answers an ask with the next movies of every strategy, never one offered, and leaks no tensors', async () => {
    const { events, handler } = setup();
    await handler.handle(init);
    const before = tf.memory().numTensors;
    const items = Int32Array.of(0, 3);
    const skipped = Int32Array.of(7);
    let id = 10;
    for (const strategy of INTERVIEW_STRATEGIES) {
      await handler.handle({
        type: 'ask',
        id: ++id,
        items: items.slice(),
        ratings: Float32Array.of(5, 2),
        skipped: skipped.slice(),
        strategy,
        seed: 3,
        count: 4,
      });
      const e = events.find((x) => x.type === 'offers' && x.requestId === id);
      if (e?.type !== 'offers') throw new Error(`no offers for ${strategy}`);
      expect(e.strategy).toBe(strategy);
      expect(e.items.length).toBe(4);
      expect(new Set(e.items).size).toBe(4);
      for (const i of e.items) expect([0, 3, 7]).not.toContain(i);
    }
    expect(tf.memory().numTensors).toBe(before);
    const ready = events.find((e) => e.type === 'ready');
    expect(ready?.type === 'ready' && ready.model.defaultStrategy).toBe(DEFAULT_STRATEGY);
    handler.dispose();
  });

  it('carries every step, ends below the starting loss, excludes rated movies and leaks no tensors', async () => {
    const { events, handler } = setup();
    await handler.handle(init);
    const before = tf.memory().numTensors;
    const items = Int32Array.of(0, 3, 7, 11, 20);
    await handler.handle({ type: 'adapt', id: 2, items, ratings: Float32Array.of(5, 1, 4.5, 2, 4) });
    expect(tf.memory().numTensors).toBe(before);
    const done = events.find((e) => e.type === 'adaptDone');
    if (done?.type !== 'adaptDone') throw new Error('no adaptDone');
    // The result carries the run's steps: a loss before each and a map position after each.
    expect(done.losses.length - 1).toBe(5);
    expect(done.losses.length).toBe(6);
    expect(done.losses[5]!).toBeLessThan(done.losses[0]!);
    expect(done.trajectory.length).toBe(12);
    expect(done.recommendations.length).toBe(20);
    expect(done.recommendations.some((r) => Array.from(items).includes(r.index))).toBe(false);
    // Reasons: the rated movies that raised each score; a rating below 3.5 is never "liked", and
    // `because` is the liked ones cited.
    const ratingOf = new Map(Array.from(items, (item, j) => [item, [5, 1, 4.5, 2, 4][j]!]));
    for (const r of done.recommendations) {
      expect(r.reasons.length).toBeLessThanOrEqual(2);
      for (const x of r.reasons) {
        expect(ratingOf.has(x.index)).toBe(true);
        if (x.kind === 'liked') expect(ratingOf.get(x.index)!).toBeGreaterThanOrEqual(3.5);
        expect(x.share).toBeGreaterThan(0);
        expect(x.share).toBeLessThanOrEqual(1);
      }
      expect(r.because).toEqual(r.reasons.filter((x) => x.kind === 'liked').map((x) => x.index));
    }
    expect(done.recommendations.some((r) => r.reasons.length > 0)).toBe(true);
    expect(
      new Set(done.recommendations.map((r) => JSON.stringify(r.reasons.map((x) => x.index)))).size,
    ).toBeGreaterThan(1);
    expect(done.predictedRated?.length).toBe(5);
    handler.dispose();
  });

  it("lists by the list scores and shows the rating head's stars beside them", async () => {
    const { events, handler } = setup();
    await handler.handle(init);
    const ready = events.find((e) => e.type === 'ready');
    if (ready?.type !== 'ready') throw new Error('no ready');
    expect(ready.model.methods.map((m) => [m.name, m.kind, m.objective, m.stars, m.innerSteps])).toEqual([
      ['maml', 'gradient', 'list', true, 5],
      ['encoder', 'gradient', 'list', true, 2],
      ['prototype', 'closed-form', 'list', true, 0],
    ]);
    const items = Int32Array.of(0, 3, 7);
    const ratings = Float32Array.of(5, 1, 4);
    await handler.handle({ type: 'adapt', id: 2, items, ratings });
    const done = events.find((e) => e.type === 'adaptDone');
    if (done?.type !== 'adaptDone') throw new Error('no adaptDone');
    const scores = done.recommendations.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Stars: mu + b_i + b_u of the rating head, b_u folded in from the ratings (shrunk by 5).
    const head = files.manifest.ratingHead!;
    const bias = (i: number) => {
      const row = files.catalog.movies[i]!;
      return row[4] > 0 ? ((row[5] - head.mu) * row[4]) / (row[4] + 5) : 0;
    };
    let sum = 0;
    items.forEach((item, j) => (sum += ratings[j]! - head.mu - bias(item)));
    const bu = sum / (items.length + head.lambdaUser);
    for (const r of done.recommendations) {
      expect(r.predicted).not.toBeNull();
      expect(r.predicted!).toBeCloseTo(Math.min(5, Math.max(0.5, head.mu + bias(r.index) + bu)), 1);
    }
    expect(done.predictedRated?.every((v) => v >= 0.5 && v <= 5)).toBe(true);
    handler.dispose();
  });

  it('a closed-form list method adapts in one pass: no steps, one loss', async () => {
    const { events, handler } = setup();
    await handler.handle(init);
    await handler.handle({
      type: 'adapt',
      id: 2,
      items: Int32Array.of(0, 3),
      ratings: Float32Array.of(5, 2),
      method: 'prototype',
    });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'adaptStart', requestId: 2, steps: 0, lossless: true }),
    );
    const done = events.find((e) => e.type === 'adaptDone');
    if (done?.type !== 'adaptDone') throw new Error('no adaptDone');
    // No step: one state, the closed-form one.
    expect(done.trajectory.length / 2 - 1).toBe(0);
    expect(done.losses.length).toBe(1);
    expect(done.trajectory.length).toBe(2);
    expect(done.recommendations.length).toBe(20);
    handler.dispose();
  });

  it('a model without a rating head shows no stars and no bias baseline', async () => {
    const bare = buildTestModelFiles({ numMovies: 60, numUsers: 30, ratingHead: false });
    const { events, handler } = setup({
      'manifest.json': JSON.stringify(bare.manifest),
      'weights.json': JSON.stringify(bare.weights),
      'weights.bin': bare.shard,
    });
    await handler.handle(init);
    const ready = events.find((e) => e.type === 'ready');
    if (ready?.type !== 'ready') throw new Error(`no ready: ${JSON.stringify(errorOf(events))}`);
    expect(ready.model.methods.every((m) => !m.stars)).toBe(true);
    const items = Int32Array.of(0, 3, 7);
    const ratings = Float32Array.of(5, 1, 4);
    await handler.handle({ type: 'adapt', id: 2, items, ratings });
    const done = events.find((e) => e.type === 'adaptDone');
    if (done?.type !== 'adaptDone') throw new Error('no adaptDone');
    expect(done.predictedRated).toBeNull();
    expect(done.recommendations.length).toBe(20);
    expect(done.recommendations.every((r) => r.predicted === null && Number.isFinite(r.score))).toBe(true);
    await handler.handle({
      type: 'compare',
      id: 3,
      items,
      ratings,
      methods: ['maml', 'bias'],
      steps: 3,
      lr: null,
      adaptBias: true,
      skipped: new Int32Array(0),
    });
    const compared = events.find((e) => e.type === 'compareDone');
    if (compared?.type !== 'compareDone') throw new Error('no compareDone');
    expect(compared.traces.map((t) => t.method)).toEqual(['maml']);
    handler.dispose();
  });

  it('adapts with the best method that takes steps when the trained default takes none', async () => {
    const manifest = { ...files.manifest, defaultMethod: 'prototype' as const };
    const { events, handler } = setup({ 'manifest.json': JSON.stringify(manifest) });
    await handler.handle(init);
    const ready = events.find((e) => e.type === 'ready');
    if (ready?.type !== 'ready') throw new Error('no ready');
    expect(ready.model.defaultMethod).toBe('prototype');
    // The encoder has the higher meta-val Recall@20 of the two methods with steps.
    expect(ready.model.appMethod).toBe('encoder');
    expect(ready.model.trainedSteps).toBe(2);
    handler.dispose();
  });

  it('a newer adapt cancels the running one: the older ends cancelled, never done', async () => {
    const { events, handler } = setup();
    await handler.handle(init);
    const first = handler.handle({
      type: 'adapt',
      id: 3,
      items: Int32Array.of(1, 2),
      ratings: Float32Array.of(4, 2),
    });
    const second = handler.handle({
      type: 'adapt',
      id: 4,
      items: Int32Array.of(1, 2, 5),
      ratings: Float32Array.of(4, 2, 5),
    });
    await Promise.all([first, second]);
    expect(events.some((e) => e.type === 'cancelled' && e.requestId === 3)).toBe(true);
    expect(events.some((e) => e.type === 'adaptDone' && e.requestId === 3)).toBe(false);
    expect(events.some((e) => e.type === 'adaptDone' && e.requestId === 4)).toBe(true);
    handler.dispose();
  });

  it("lists only movies above the manifest's rating-count floor", async () => {
    const floor = 12;
    const { events, handler } = setup({
      'manifest.json': JSON.stringify({
        ...files.manifest,
        listFloor: {
          minRatings: floor,
          reason: 'test',
          byFloor: [{ minRatings: floor, recall: 0.1, listable: 30 }],
        },
      }),
    });
    await handler.handle(init);
    const counts = files.catalog.movies.map((m) => m[4]);
    expect(counts.some((c) => c < floor)).toBe(true);
    await handler.handle({
      type: 'adapt',
      id: 2,
      items: Int32Array.of(0, 3),
      ratings: Float32Array.of(5, 2),
    });
    const done = events.find((e) => e.type === 'adaptDone');
    if (done?.type !== 'adaptDone') throw new Error('no adaptDone');
    expect(done.recommendations.length).toBe(20);
    for (const r of done.recommendations) expect(counts[r.index]!).toBeGreaterThanOrEqual(floor);
    handler.dispose();
  });

  it('refuses a damaged list floor with a message naming it', async () => {
    const { events, handler } = setup({
      'manifest.json': JSON.stringify({ ...files.manifest, listFloor: { minRatings: -3 } }),
    });
    await handler.handle(init);
    const err = errorOf(events);
    expect(err.kind).toBe('model');
    expect(err.message).toMatch(/listFloor.*minRatings is -3/);
    handler.dispose();
  });

  it("excludes the deployer's movies from lists and onboarding, and reports them in ready", async () => {
    const counts = files.catalog.movies.map((m) => m[4]);
    // The movie that tops the cold-start list, and one more.
    const probe = setup();
    await probe.handler.handle(init);
    await probe.handler.handle({
      type: 'adapt',
      id: 2,
      items: new Int32Array(0),
      ratings: new Float32Array(0),
    });
    const cold = probe.events.find((e) => e.type === 'adaptDone');
    if (cold?.type !== 'adaptDone') throw new Error('no adaptDone');
    probe.handler.dispose();
    const top = cold.recommendations[0]!.index;
    const popular = counts.indexOf(Math.max(...counts));
    const ids = [top, popular].map((i) => files.catalog.movies[i]![0]);
    const { events, handler } = setup({
      'http://test/exclude.json': JSON.stringify({ movieIds: [...ids, 999999], note: 'test' }),
    });
    await handler.handle({ ...init, urls: { ...init.urls, exclusions: 'http://test/exclude.json' } });
    const ready = events.find((e) => e.type === 'ready');
    if (ready?.type !== 'ready') throw new Error('no ready');
    expect(Array.from(ready.excluded)).toEqual([top, popular].sort((a, b) => a - b));
    expect(Array.from(ready.candidates)).not.toContain(top);
    expect(Array.from(ready.candidates)).not.toContain(popular);
    await handler.handle({ type: 'adapt', id: 2, items: new Int32Array(0), ratings: new Float32Array(0) });
    await handler.handle({
      type: 'adapt',
      id: 3,
      items: Int32Array.of(1, 2),
      ratings: Float32Array.of(5, 4),
    });
    for (const e of events)
      if (e.type === 'adaptDone') {
        expect(e.recommendations.length).toBe(20);
        for (const r of e.recommendations) expect([top, popular]).not.toContain(r.index);
      }
    // The compare view's top lists and "most informative next" leave them out too.
    await handler.handle({
      type: 'compare',
      id: 4,
      items: Int32Array.of(1, 2),
      ratings: Float32Array.of(5, 4),
      methods: ['maml', 'encoder', 'prototype'],
      steps: 3,
      lr: null,
      adaptBias: true,
      skipped: new Int32Array(0),
    });
    const compared = events.find((e) => e.type === 'compareDone');
    if (compared?.type !== 'compareDone') throw new Error('no compareDone');
    for (const t of compared.traces) expect(Array.from(t.tops)).not.toContain(top);
    expect(Array.from(compared.prefixTops)).not.toContain(top);
    expect(Array.from(compared.informative)).not.toContain(top);
    expect(Array.from(compared.informative)).not.toContain(popular);
    handler.dispose();
  });

  for (const [what, body] of [
    ['missing', MISSING],
    ['not JSON', '{"movieIds": [1,'],
    ['malformed', JSON.stringify({ movieIds: ['x'] })],
  ] as const)
    it(`an exclude.json that is ${what} excludes nothing, warns, and the model still loads`, async () => {
      const warnings: string[] = [];
      const { events, handler } = setup(
        { 'http://test/exclude.json': body },
        { warn: (m) => warnings.push(m) },
      );
      await handler.handle({ ...init, urls: { ...init.urls, exclusions: 'http://test/exclude.json' } });
      const ready = events.find((e) => e.type === 'ready');
      if (ready?.type !== 'ready') throw new Error('no ready');
      expect(ready.excluded.length).toBe(0);
      expect(warnings.length).toBe(1);
      expect(warnings[0]).toMatch(/exclude\.json .*no movie is excluded/);
      handler.dispose();
    });

  it("answers neighbours from the app method's item vectors: listable movies only, never the movie itself", async () => {
    const { events, handler } = setup();
    await handler.handle({ type: 'neighbours', id: 9, index: 0, count: 5 });
    expect(errorOf(events).requestId).toBe(9);
    events.length = 0;
    await handler.handle(init);
    const ready = events.find((e) => e.type === 'ready');
    if (ready?.type !== 'ready') throw new Error('no ready');
    const query = ready.candidates[0] ?? 0;
    await handler.handle({ type: 'neighbours', id: 10, index: query, count: 5 });
    const got = events.find((e) => e.type === 'neighbours');
    if (got?.type !== 'neighbours') throw new Error('no neighbours');
    expect(got).toMatchObject({ requestId: 10, index: query });
    expect(got.items.length).toBe(5);
    expect(Array.from(got.items)).not.toContain(query);
    const sims = Array.from(got.similarity);
    expect(sims).toEqual([...sims].sort((a, b) => b - a));
    for (const s of sims) expect(Math.abs(s)).toBeLessThanOrEqual(1 + 1e-6);
    handler.dispose();
  });

  it('reports a broken model file as a plain-language model error', async () => {
    const { events, handler } = setup({ 'manifest.json': '{"formatVersion": 99}' });
    await handler.handle(init);
    const err = events.find((e) => e.type === 'error');
    expect(err).toMatchObject({ type: 'error', requestId: 1, kind: 'model' });
    expect(err?.type === 'error' && err.message).toMatch(/format version 99/);
  });

  it('reports a missing file as a network error naming the file', async () => {
    const { events, handler } = setup();
    await handler.handle({ ...init, urls: { modelBase: 'http://test/nowhere/' } });
    const err = events.find((e) => e.type === 'error');
    expect(err).toMatchObject({ kind: 'network' });
    expect(err?.type === 'error' && err.message).toMatch(/manifest\.json|weights\.json|catalog\.json/);
  });

  it('compares methods on the same ratings: finite traces, rated movies excluded, divergence flagged', async () => {
    const { events, handler } = setup();
    await handler.handle(init);
    const items = Int32Array.of(0, 5, 9);
    const ratings = Float32Array.of(5, 1, 4);
    let before = 0;
    for (const [id, lr] of [
      [2, null],
      [3, null],
      [4, 5e4],
    ] as const) {
      await handler.handle({
        type: 'compare',
        id,
        items: items.slice(),
        ratings: ratings.slice(),
        methods: ['maml', 'encoder', 'prototype', 'bias'],
        steps: 8,
        lr,
        adaptBias: true,
        skipped: Int32Array.of(1),
      });
      // The first comparison creates (and caches) each method's Recommender: count from there.
      if (id === 2) before = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(before);
    const done = events.filter((e) => e.type === 'compareDone');
    expect(done.map((e) => e.requestId)).toEqual([2, 3, 4]);
    const [, calm, wild] = done;
    if (calm?.type !== 'compareDone' || wild?.type !== 'compareDone') return;
    expect(calm.traces.map((t) => [t.method, t.kind, t.objective])).toEqual([
      ['maml', 'gradient', 'list'],
      ['encoder', 'gradient', 'list'],
      ['prototype', 'closed-form', 'list'],
      ['bias', 'closed-form', 'rating'],
    ]);
    for (const t of calm.traces.slice(0, 2)) {
      expect(t.losses.length).toBe(9);
      expect(t.trajectory.length).toBe(18);
      expect(t.tops.length).toBe(90);
      expect(t.diverged).toBe(false);
      expect(t.losses[8]!).toBeLessThan(t.losses[0]!);
    }
    const proto = calm.traces[2]!;
    expect([proto.losses.length, proto.trajectory.length, proto.tops.length]).toEqual([1, 2, 10]);
    for (const t of calm.traces)
      for (const i of t.tops.subarray(t.tops.length - 10)) expect(items).not.toContain(i);
    expect(calm.prefixTops.length).toBe(30);
    expect(calm.informative.length).toBeGreaterThan(0);
    for (const i of calm.informative) expect([0, 1, 5, 9]).not.toContain(i);
    expect(wild.traces[0]!.diverged).toBe(true);
    for (const t of wild.traces) {
      expect(t.losses.every(Number.isFinite)).toBe(true);
      expect(t.trajectory.every(Number.isFinite)).toBe(true);
    }
  });

  describe('model files that are missing, damaged or late', () => {
    const dim = files.manifest.dim;
    const swapped = structuredClone(files.weights);
    const wrongDim = { ...files.manifest, dim: dim + 1 };
    const fewerMovies = { ...files.catalog, movies: files.catalog.movies.slice(0, -5) };
    const n = files.catalog.movies.length;
    it.each([
      ['a missing file', { 'catalog.json': MISSING }, 'network', /catalog\.json \(HTTP 404/],
      [
        'a truncated weight shard',
        { 'weights.bin': files.shard.slice(0, files.shard.length >> 1) },
        'model',
        /weights\.bin is incomplete: it holds \d+ bytes but weights\.json describes \d+/,
      ],
      [
        'a weight shard with extra bytes',
        { 'weights.bin': new Uint8Array(files.shard.length + 8) },
        'model',
        /weights\.bin holds \d+ bytes but weights\.json describes \d+: the two files are from different trainings/,
      ],
      [
        'a manifest whose dimension does not match the weights',
        { 'manifest.json': JSON.stringify(wrongDim) },
        'model',
        new RegExp(
          `weights\\.json gives maml/itemEmbedding the shape \\[\\d+, ${dim}\\], but manifest\\.json \\(dim ${dim + 1}`,
        ),
      ],
      [
        'weights whose shapes are transposed',
        {
          'weights.json': JSON.stringify(
            swapped.map((g) => ({
              ...g,
              weights: g.weights.map((w) =>
                w.name === 'maml/contentWeights' ? { ...w, shape: [...w.shape].reverse() } : w,
              ),
            })),
          ),
        },
        'model',
        /weights\.json gives maml\/contentWeights the shape \[8, \d+\]/,
      ],
      [
        'an unknown format version',
        { 'manifest.json': JSON.stringify({ ...files.manifest, formatVersion: 7 }) },
        'model',
        /manifest\.json has format version 7, this code reads version 2/,
      ],
      [
        'a catalog from another training',
        { 'catalog.json': JSON.stringify(fewerMovies) },
        'model',
        new RegExp(`weights\\.json covers ${n} movies but catalog\\.json has ${n - 5}`),
      ],
      ['a file that is not JSON', { 'weights.json': '<html>' }, 'model', /weights\.json is not valid JSON/],
    ] as const)(
      '%s: a model error naming the file and what is wrong',
      async (_, overrides, kind, message) => {
        const { events, handler } = setup(overrides);
        await handler.handle(init);
        const err = errorOf(events);
        expect(err).toMatchObject({ requestId: 1, kind });
        expect(err.message).toMatch(message);
        expect(events.some((e) => e.type === 'ready')).toBe(false);
      },
    );

    it('gives up on a file that sends nothing within the timeout, naming it', async () => {
      const { events, handler } = setup({ 'weights.bin': HANG });
      const t0 = Date.now();
      await handler.handle({ ...init, loadTimeoutMs: 150 });
      expect(Date.now() - t0).toBeLessThan(5000);
      const err = errorOf(events);
      expect(err).toMatchObject({ requestId: 1, kind: 'network' });
      expect(err.message).toMatch(/weights\.bin stopped arriving: nothing came for 0\.2 s/);
    });

    it('passes the excluded backends and the self-check hook to the backend chooser', async () => {
      const seen: unknown[] = [];
      const { handler } = setup(
        {},
        {
          chooseBackend: async (forced, opts) => {
            seen.push({ forced, ...opts });
            await tf.setBackend('cpu');
            return { name: 'cpu', skipped: [], forced: false, flags: {} };
          },
        },
      );
      await handler.handle({
        ...init,
        backend: 'webgl',
        exclude: ['webgpu', 'webgl'],
        failSelfCheck: ['wasm'],
      });
      expect(seen).toEqual([{ forced: 'webgl', exclude: ['webgpu', 'webgl'], failSelfCheck: ['wasm'] }]);
      handler.dispose();
    });
  });

  describe('numerical faults in an adaptation', () => {
    const items = Int32Array.of(0, 3, 7, 11);
    const ratings = Float32Array.of(5, 1, 4.5, 2);
    const finite = (xs: ArrayLike<number>) => Array.from(xs).every(Number.isFinite);
    const doneOf = (events: WorkerEvent[], id: number) => {
      const done = events.find((e) => e.type === 'adaptDone' && e.requestId === id);
      if (done?.type !== 'adaptDone') throw new Error(`no adaptDone for ${id}`);
      return done;
    };
    // The steps are the result's losses and trajectory: every one of them is finite.
    const allFinite = (done: ReturnType<typeof doneOf>) => {
      expect(finite(done.losses)).toBe(true);
      expect(finite(done.trajectory)).toBe(true);
      expect(finite(done.predictedRated ?? [])).toBe(true);
      expect(done.recommendations.length).toBe(20);
      expect(
        done.recommendations.every((r) => Number.isFinite(r.predicted) && Number.isFinite(r.score)),
      ).toBe(true);
    };

    it.each([
      ['an infinite learning rate', { lr: Infinity }, ratings, 1, 0],
      ['a huge learning rate', { lr: 1e30 }, ratings, 1, 0],
      ['a rating that is not a number', {}, Float32Array.of(5, NaN, 4.5, 2), 0, 0],
    ])(
      '%s: keeps the last good state, says where it went wrong, and every number is finite',
      async (_, opts, r, step, kept) => {
        const { events, handler } = setup();
        await handler.handle(init);
        const before = tf.memory().numTensors;
        await handler.handle({ type: 'adapt', id: 5, items: items.slice(), ratings: r.slice(), ...opts });
        expect(tf.memory().numTensors).toBe(before);
        const done = doneOf(events, 5);
        expect(done.numeric).toMatchObject({ step, kept });
        allFinite(done);
        // The last good state is the starting point: its trajectory is one point, its recommendations
        // are the cold-start ones.
        expect(done.trajectory.length).toBe(2 * (kept + 1));
        await handler.handle({
          type: 'adapt',
          id: 6,
          items: new Int32Array(0),
          ratings: new Float32Array(0),
        });
        const cold = doneOf(events, 6);
        expect(done.recommendations.map((x) => x.index)).toEqual(
          cold.recommendations
            .filter((x) => !items.includes(x.index))
            .map((x) => x.index)
            .slice(0, 20),
        );
        handler.dispose();
      },
    );

    it("the 'nan' fault poisons exactly the next adaptation", async () => {
      const { events, handler } = setup();
      await handler.handle(init);
      await handler.handle({ type: 'inject', id: 2, fault: 'nan' });
      await handler.handle({ type: 'adapt', id: 3, items: items.slice(), ratings: ratings.slice() });
      await handler.handle({ type: 'adapt', id: 4, items: items.slice(), ratings: ratings.slice() });
      expect(doneOf(events, 3).numeric).toMatchObject({
        step: 1,
        kept: 0,
        what: expect.stringMatching(/not-a-number|infinite/),
      });
      allFinite(doneOf(events, 3));
      expect(doneOf(events, 4).numeric).toBeUndefined();
      expect(doneOf(events, 4).losses.length).toBe(6);
      handler.dispose();
    });

    it('finds the first bad step', () => {
      const w = 2;
      const states = Float32Array.of(0, 0, 1, 1, 2e3, 1, NaN, 0);
      expect(firstBadStep(Float32Array.of(1, 1, 1, 1), states, w, new Float32Array(3))).toEqual({
        step: 2,
        what: 'exploding',
      });
      expect(firstBadStep(Float32Array.of(1, Infinity), states.slice(0, 4), w, new Float32Array(3))).toEqual({
        step: 1,
        what: 'infinite',
      });
      expect(firstBadStep(Float32Array.of(1, 1), states.slice(0, 4), w, Float32Array.of(1, NaN))).toEqual({
        step: 2,
        what: 'not-a-number',
      });
      expect(firstBadStep(Float32Array.of(1, 1), states.slice(0, 4), w, Float32Array.of(1, 2))).toBeNull();
    });
  });

  it('a GPU lost during an adaptation: the lost backend is reported and the untrustworthy result dropped', async () => {
    let gone: string | null = null;
    let report: (m: string) => void = () => {};
    const { events, handler } = setup(
      {},
      {
        watchBackend: (onLost) => {
          report = onLost;
          return {
            lost: () => gone,
            lose: () => {
              gone = 'the WebGL context was lost';
              report(gone);
            },
          };
        },
      },
    );
    await handler.handle(init);
    await handler.handle({
      type: 'adapt',
      id: 2,
      items: Int32Array.of(1, 2),
      ratings: Float32Array.of(4, 2),
    });
    expect(events.some((e) => e.type === 'adaptDone' && e.requestId === 2)).toBe(true);
    await handler.handle({ type: 'inject', id: 3, fault: 'lose-gpu' });
    await handler.handle({
      type: 'adapt',
      id: 4,
      items: Int32Array.of(1, 2, 5),
      ratings: Float32Array.of(4, 2, 5),
    });
    expect(events).toContainEqual({
      type: 'error',
      requestId: null,
      kind: 'device-lost',
      message: 'the WebGL context was lost',
    });
    expect(events).toContainEqual({ type: 'cancelled', requestId: 4 });
    expect(events.some((e) => e.type === 'adaptDone' && e.requestId === 4)).toBe(false);
    handler.dispose();
  });
});
