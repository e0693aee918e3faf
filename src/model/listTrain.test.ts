/**
 * The list model trained end to end on generated MovieLens-format data with planted taste groups:
 * what it learns must beat the popularity list on held-out users, training is reproducible, and the
 * Recommender the browser runs gives exactly the scores of the batched evaluation path, without
 * leaking tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildHistories, parseMovieLens } from '../data/movielens';
import { splitUsers } from '../data/split';
import { generateSyntheticMovieLens } from '../data/synthetic';
import { contentFeatures, NUM_CONTENT_FEATURES } from './features';
import { catalogConstants, disposeListTensors, listTensorsOf, scoreUsers } from './listModel';
import { trainListMethod, type ListMethod, type ListTrainConfig } from './listTrain';
import { listValidationSet, recallOfScores } from './listValidation';
import { Recommender } from './recommender';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const synthetic = generateSyntheticMovieLens({ seed: 5, numUsers: 120 });
const data = parseMovieLens({ ratings: synthetic.ratings, movies: synthetic.movies });
const split = splitUsers([...new Set(data.ratings.map((r) => r.userId))], 42, { train: 0.6, val: 0.2 });
const train = buildHistories(data, split.train);
const val = buildHistories(data, split.val);
const test = buildHistories(data, split.test);
const numItems = data.movies.length;
const features = contentFeatures(data.movies);
const trainCounts = new Float32Array(numItems);
for (const h of train) for (const i of h.items) trainCounts[i]! += 1;
const listData = { numItems, features, numFeatures: NUM_CONTENT_FEATURES, train, trainCounts };

const config = (method: ListMethod): ListTrainConfig => ({
  method,
  dim: 8,
  innerSteps: method === 'encoder' ? 1 : 2,
  innerLr: 1,
  shrink: 3,
  metaBatch: 16,
  outerSteps: 80,
  outerLr: 0.01,
  reptileRate: 0.1,
  minIdCount: 2,
  maxSupport: 10,
  zeroShare: 0.05,
  l2: 0,
  seed: 7,
  evalEvery: 20,
});
const valSet = listValidationSet(val, { seeds: [1], ks: [3, 10], minRatings: 20 });
const testSet = listValidationSet(test, { seeds: [1, 2], ks: [10], minRatings: 20 });

/** Mean Recall@20 of catalog scores [episodes * numItems] on the test episodes. */
function meanRecall(scores: (e: number) => Float32Array): number {
  let sum = 0;
  testSet.supports.forEach((s, e) => {
    sum += recallOfScores(scores(e), 0, numItems, s.items, testSet.relevant[e] as Int32Array);
  });
  return sum / testSet.supports.length;
}

describe('list model training', () => {
  it('learns lists that beat the popularity list for held-out users at K = 10 (MAML and the set encoder)', async () => {
    expect(testSet.supports.length).toBeGreaterThan(20);
    const popularity = meanRecall(() => trainCounts);
    for (const method of ['maml', 'encoder'] as const) {
      const r = await trainListMethod(listData, config(method), valSet);
      const t = listTensorsOf(r.params);
      const c = catalogConstants(r.params, features);
      const scores = await scoreUsers(t, c, r.rule, testSet.supports);
      disposeListTensors(t);
      disposeListTensors(c);
      const learned = meanRecall((e) => scores.subarray(e * numItems, (e + 1) * numItems));
      expect(learned, method).toBeGreaterThan(popularity + 0.05);
      expect(r.bestStep, method).toBeGreaterThan(0);
    }
  }, 60_000);

  it('gives the same weights for the same seed', async () => {
    const a = await trainListMethod(listData, { ...config('fomaml'), outerSteps: 10 }, valSet);
    const b = await trainListMethod(listData, { ...config('fomaml'), outerSteps: 10 }, valSet);
    expect(Array.from(a.params.itemEmbedding)).toEqual(Array.from(b.params.itemEmbedding));
    expect(Array.from(a.params.userInit)).toEqual(Array.from(b.params.userInit));
  }, 30_000);

  it('trains Reptile and Meta-SGD without a leak, Meta-SGD moving its rates', async () => {
    const before = tf.memory().numTensors;
    const reptile = await trainListMethod(listData, { ...config('reptile'), outerSteps: 10 }, valSet);
    const metasgd = await trainListMethod(
      listData,
      { ...config('metasgd'), outerSteps: 10, evalEvery: 10 },
      valSet,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(reptile.params.userInit.every(Number.isFinite)).toBe(true);
    const rates = Array.from(metasgd.params.innerLr.subarray(0, 8));
    if (metasgd.bestStep > 0) expect(rates.some((x) => Math.abs(x - 1) > 1e-4)).toBe(true);
  }, 30_000);

  it('the Recommender (the browser path) scores exactly as the batched evaluation path, leak-free over 100 adaptations', async () => {
    const r = await trainListMethod(listData, { ...config('encoder'), outerSteps: 20 }, valSet);
    const t = listTensorsOf(r.params);
    const c = catalogConstants(r.params, features);
    const supports = testSet.supports.slice(0, 3);
    const batch = await scoreUsers(t, c, r.rule, supports);
    disposeListTensors(t);
    disposeListTensors(c);
    const head = { mu: 3.5, itemBias: new Float32Array(numItems).fill(0.2), lambdaUser: 5 };
    const rec = new Recommender(r.params, features, r.rule, head);
    for (const [e, s] of supports.entries()) {
      const { phi } = await rec.adapt(s);
      const scores = await rec.scoreCatalog(phi);
      const want = batch.subarray(e * numItems, (e + 1) * numItems);
      for (let i = 0; i < numItems; i += 7) expect(scores[i]).toBeCloseTo(want[i] ?? NaN, 4);
      const stars = rec.predictItems(phi, [0, 1, 2]);
      for (const x of stars) expect(x >= 0.5 && x <= 5).toBe(true);
    }
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      const s = supports[i % supports.length] as (typeof supports)[number];
      const out = await rec.adaptAndScore(s, () => {});
      expect(out?.adaptation.losses.length).toBe(r.rule.innerSteps + 1);
    }
    expect(tf.memory().numTensors).toBe(before);
    rec.dispose();
  }, 30_000);
});
