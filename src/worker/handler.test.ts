import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from './handler';
import type { WorkerEvent } from './protocol';
import { buildTestModelFiles } from './testModel';

const files = buildTestModelFiles({ numMovies: 60, numUsers: 30 });
const served: Record<string, string | Uint8Array> = {
  'manifest.json': JSON.stringify(files.manifest),
  'weights.json': JSON.stringify(files.weights),
  'weights.bin': files.shard,
  'catalog.json': JSON.stringify(files.catalog),
};

function setup(overrides: Record<string, string> = {}) {
  const events: WorkerEvent[] = [];
  const handler = createHandler({
    post: (e) => events.push(e),
    fetch: async (url) => {
      const name = url.replace('http://test/model/', '');
      const body = overrides[name] ?? served[name];
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

  it('streams every step, ends below the starting loss, excludes rated movies and leaks no tensors', async () => {
    const { events, handler } = setup();
    await handler.handle(init);
    const before = tf.memory().numTensors;
    const items = Int32Array.of(0, 3, 7, 11, 20);
    await handler.handle({ type: 'adapt', id: 2, items, ratings: Float32Array.of(5, 1, 4.5, 2, 4) });
    expect(tf.memory().numTensors).toBe(before);
    const steps = events.filter((e) => e.type === 'adaptStep' && e.requestId === 2);
    expect(steps.length).toBe(5);
    const done = events.find((e) => e.type === 'adaptDone');
    if (done?.type !== 'adaptDone') throw new Error('no adaptDone');
    expect(done.losses.length).toBe(6);
    expect(done.losses[5]!).toBeLessThan(done.losses[0]!);
    expect(done.trajectory.length).toBe(12);
    expect(done.recommendations.length).toBe(20);
    expect(done.recommendations.some((r) => Array.from(items).includes(r.index))).toBe(false);
    expect(done.recommendations[0]!.because.length).toBe(2);
    expect(done.predictedRated.length).toBe(5);
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
        methods: ['maml', 'prototype', 'bias'],
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
    expect(calm.traces.map((t) => t.method)).toEqual(['maml', 'prototype', 'bias']);
    const maml = calm.traces[0]!;
    expect(maml.losses.length).toBe(9);
    expect(maml.trajectory.length).toBe(18);
    expect(maml.tops.length).toBe(90);
    expect(maml.diverged).toBe(false);
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
});
