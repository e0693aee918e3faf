import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMovieLens } from '../data/movielens';
import { splitUsers } from '../data/split';
import { generateSyntheticMovieLens } from '../data/synthetic';
import { gatherBatch } from './batch';
import { outerGradients, validationLoss } from './metaLoss';
import { applyOuterStep, metaTrain, validationTasks, type MetaConfig } from './metaTrain';
import { Adam } from './adam';
import { cloneParams, type ModelParams } from './params';
import { Recommender, squashScalar, topN } from './recommender';
import { prepareTrainingData, type PreparedData } from './trainingData';

let data: PreparedData;
let params: ModelParams;
const cfg: MetaConfig = {
  method: 'maml',
  dim: 6,
  innerSteps: 3,
  innerLr: 0.3,
  normFloor: 1,
  metaBatch: 8,
  outerSteps: 30,
  outerLr: 0.01,
  innerLrLr: 0.001,
  weightDecay: 0,
  rowLrScale: 1,
  minIdCount: 3,
  maxSupport: 10,
  maxQuery: 10,
  seed: 5,
  evalEvery: 10,
  valTasks: 16,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  const synth = generateSyntheticMovieLens({
    seed: 11,
    numUsers: 60,
    numMovies: 60,
    minRatings: 25,
    maxRatings: 40,
  });
  const parsed = parseMovieLens(synth);
  data = prepareTrainingData(parsed, splitUsers([...new Set(parsed.ratings.map((r) => r.userId))], 1));
  params = (await metaTrain(data, cfg)).params;
});

describe('Recommender', () => {
  it('adaptation lowers the support loss for every test user', async () => {
    const r = new Recommender(params, data.features, { kind: 'gradient', innerSteps: 5 });
    for (const h of data.test) {
      const support = { items: h.items.slice(0, 8), ratings: h.ratings.slice(0, 8) };
      const { losses } = await r.adapt(support);
      expect(losses.length).toBe(6);
      expect(losses[5]).toBeLessThan(losses[0] as number);
    }
    r.dispose();
  });

  it('streams the same states and losses as the one-readback adaptation, and can be cancelled', async () => {
    const r = new Recommender(params, data.features, { kind: 'gradient', innerSteps: 4 });
    const h = data.test[0]!;
    const support = { items: h.items.slice(0, 6), ratings: h.ratings.slice(0, 6) };
    const whole = await r.adapt(support, { trajectory: true });
    const steps: number[] = [];
    const streamed = await r.adaptStream(support, (step) => steps.push(step));
    expect(steps).toEqual([0, 1, 2, 3]);
    expect(streamed).not.toBeNull();
    streamed!.losses.forEach((l, i) => expect(l).toBeCloseTo(whole.losses[i] as number, 5));
    streamed!.trajectory!.forEach((x, i) => expect(x).toBeCloseTo(whole.trajectory![i] as number, 5));
    let calls = 0;
    expect(await r.adaptStream(support, () => calls++, { cancelled: () => calls >= 2 })).toBeNull();
    r.dispose();
  });

  it('adapts and scores the catalog with exactly one readback, streaming every step', async () => {
    const r = new Recommender(params, data.features, { kind: 'gradient', innerSteps: 5 });
    const h = data.test[2]!;
    const support = { items: h.items.slice(0, 7), ratings: h.ratings.slice(0, 7) };
    const whole = await r.adapt(support, { trajectory: true });
    const proto = tf.Tensor.prototype as unknown as { data: () => unknown; dataSync: () => unknown };
    const [data0, dataSync0] = [proto.data, proto.dataSync];
    let reads = 0;
    proto.data = function (this: tf.Tensor) {
      reads++;
      return data0.call(this);
    };
    proto.dataSync = function (this: tf.Tensor) {
      reads++;
      return dataSync0.call(this);
    };
    const streamed: number[] = [];
    let out: Awaited<ReturnType<Recommender['adaptAndScore']>>;
    try {
      out = await r.adaptAndScore(support, (step) => streamed.push(step), { steps: 20 });
    } finally {
      proto.data = data0;
      proto.dataSync = dataSync0;
    }
    expect(reads).toBe(1);
    expect(streamed).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const five = await r.adaptAndScore(support, () => undefined);
    five!.adaptation.trajectory!.forEach((x, i) => expect(x).toBeCloseTo(whole.trajectory![i] as number, 5));
    const catalog = await r.scoreCatalog(five!.adaptation.phi);
    expect(five!.scores.length).toBe(r.numItems);
    five!.scores.forEach((s, i) => expect(s).toBeCloseTo(catalog[i] as number, 5));
    expect(out!.adaptation.losses.length).toBe(21);
    r.dispose();
  });

  it('scores the catalog consistently with per-item predictions, in the rating range', async () => {
    const r = new Recommender(params, data.features, { kind: 'gradient', innerSteps: 3 });
    const h = data.test[1]!;
    const { phi } = await r.adapt({ items: h.items.slice(0, 5), ratings: h.ratings.slice(0, 5) });
    const all = await r.scoreCatalog(phi);
    const some = r.predictItems(phi, [0, 3, 7]);
    [0, 3, 7].forEach((item, j) => expect(some[j]).toBeCloseTo(all[item] as number, 4));
    for (const s of all) {
      expect(s).toBeGreaterThan(0.5);
      expect(s).toBeLessThan(5);
    }
    const top = topN(all, 5, [h.items[0] as number]);
    expect(top).not.toContain(h.items[0]);
    for (let i = 1; i < top.length; i++) expect(all[top[i - 1]!]!).toBeGreaterThanOrEqual(all[top[i]!]!);
    r.dispose();
  });

  it('leaks no tensor over 100 adaptations, streams, scorings and training steps', async () => {
    const r = new Recommender(params, data.features, { kind: 'gradient', innerSteps: 5 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      const h = data.test[i % data.test.length]!;
      const k = 1 + (i % 12);
      const support = { items: h.items.slice(0, k), ratings: h.ratings.slice(0, k) };
      const { phi } = await r.adapt(support, { trajectory: i % 2 === 0 });
      await r.scoreCatalog(phi);
      if (i % 10 === 0) await r.adaptStream(support, () => undefined, { cancelled: () => i % 20 === 0 });
      if (i % 10 === 5) await r.adaptAndScore(support, () => undefined);
    }
    const batch = validationTasks(data, 8, 1, 10, 10);
    for (const method of ['maml', 'fomaml', 'reptile', 'metasgd'] as const)
      await outerGradients(method, params, gatherBatch(params, data.features, batch), 3);
    await validationLoss(params, data.features, batch, 3);
    expect(tf.memory().numTensors).toBe(before);
    r.dispose();
  });

  it('meta-training lowers the meta-validation loss on data with planted taste groups', async () => {
    const batch = validationTasks(data, 32, 9, 10, 10);
    const fresh = await metaTrain(data, { ...cfg, outerSteps: 0 });
    const start = await validationLoss(fresh.params, data.features, batch, cfg.innerSteps);
    const end = await validationLoss(params, data.features, batch, cfg.innerSteps);
    expect(end).toBeLessThan(start);
  });

  it('freezeItems meta-learns only the user-state start: the item side stays as it started', async () => {
    const g = gatherBatch(params, data.features, validationTasks(data, 8, 3, 10, 10));
    const grads = await outerGradients('maml', params, g, 3);
    const step = (freezeItems: boolean) => {
      const p = cloneParams(params);
      applyOuterStep(new Adam(), p, g, grads, { ...cfg, freezeItems });
      return p;
    };
    const frozen = step(true);
    const free = step(false);
    for (const key of [
      'itemEmbedding',
      'itemIdBias',
      'contentWeights',
      'contentBias',
      'globalBias',
    ] as const) {
      expect(Array.from(frozen[key])).toEqual(Array.from(params[key]));
      expect(Array.from(free[key])).not.toEqual(Array.from(params[key]));
    }
    expect(Array.from(frozen.userInit)).toEqual(Array.from(free.userInit));
    expect(Array.from(frozen.userInit)).not.toEqual(Array.from(params.userInit));
  });

  it('the prototype rule needs no gradient step and leans toward liked movies', async () => {
    const r = new Recommender(params, data.features, {
      kind: 'prototype',
      gamma: 1,
      biasShrink: 1,
      mean: data.trainMean,
    });
    const out = await r.adapt({ items: Int32Array.of(0, 1), ratings: Float32Array.of(5, 5) });
    expect(out.losses.length).toBe(0);
    expect(out.phi[params.dim]).toBeGreaterThan(0);
    r.dispose();
  });

  it('squashScalar maps any score into (0.5, 5) and is monotone', () => {
    let prev = -Infinity;
    for (let z = -10; z <= 15; z += 0.5) {
      const s = squashScalar(z);
      expect(s).toBeGreaterThanOrEqual(0.5);
      expect(s).toBeLessThanOrEqual(5);
      expect(s).toBeGreaterThan(prev);
      prev = s;
    }
  });
});
