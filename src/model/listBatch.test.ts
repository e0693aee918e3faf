import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ListBatchAdapter } from './listBatch';
import { initParams, type ModelParams } from './params';
import { Recommender } from './recommender';

const dim = 5;
const numItems = 40;
const numFeatures = 4;
const features = Float32Array.from({ length: numItems * numFeatures }, (_, i) => ((i * 37) % 11) / 11);

function listParams(seed: number): ModelParams {
  const p = initParams({
    dim,
    numFeatures,
    itemIdRow: Int32Array.from({ length: numItems }, (_, i) => i),
    numIdRows: numItems,
    seed,
    mu: 3.5,
    innerLr: 1.5,
    initScale: 0.4,
  });
  for (let e = 0; e < dim; e++) p.innerLr[e] = 1.5 * (1 + 0.1 * e);
  p.list = {
    levelWeights: Float32Array.from({ length: 10 }, (_, l) => -1 + (2.5 * l) / 9),
    shrink: Float32Array.of(1.5),
    encoder: Float32Array.from({ length: dim * dim }, (_, i) => (i % (dim + 1) === 0 ? 0.7 : 0)),
  };
  return p;
}

const supports = [
  { items: Int32Array.of(3, 17, 25, 8), ratings: Float32Array.of(5, 1, 4, 2.5) },
  { items: new Int32Array(0), ratings: new Float32Array(0) },
  { items: Int32Array.of(30), ratings: Float32Array.of(0.5) },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ListBatchAdapter', () => {
  for (const encoder of [false, true])
    it(`adapts many users exactly as Recommender.adapt + scoreCatalog does one (encoder: ${encoder})`, async () => {
      const rec = new Recommender(listParams(3), features, { kind: 'list', encoder, innerSteps: 3 });
      const batch = new ListBatchAdapter(rec.attributionModel()!, rec.defaultSteps);
      const before = tf.memory().numTensors;
      const out = await batch.run(supports);
      expect(tf.memory().numTensors).toBe(before);
      for (let t = 0; t < supports.length; t++) {
        const { phi } = await rec.adapt(supports[t]!);
        const scores = await rec.scoreCatalog(phi);
        const mine = out.scores.subarray(t * numItems, (t + 1) * numItems);
        for (let i = 0; i < numItems; i++) expect(mine[i]).toBeCloseTo(scores[i]!, 5);
        for (let e = 0; e < dim; e++) expect(out.states[t * dim + e]).toBeCloseTo(phi[e]!, 5);
      }
      batch.dispose();
      rec.dispose();
    });

  it('returns empty arrays for no users', async () => {
    const rec = new Recommender(listParams(4), features, { kind: 'list', encoder: false, innerSteps: 3 });
    const batch = new ListBatchAdapter(rec.attributionModel()!, 3);
    expect((await batch.run([])).scores).toHaveLength(0);
    batch.dispose();
    rec.dispose();
  });
});
