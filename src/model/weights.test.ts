import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fromFloat16, toFloat16 } from './float16';
import { decodeWeights, encodeWeights, methodParams } from './weights';
import { assignIdRows, initParams } from './params';

describe('model format', () => {
  it('float16 round trip is within half-precision error', () => {
    const values = Float32Array.from([0, 1, -1, 3.14159, 65504, 1e-5, -2.5e-3, 0.1]);
    const back = fromFloat16(toFloat16(values));
    values.forEach((v, i) =>
      expect(Math.abs((back[i] ?? 0) - v)).toBeLessThanOrEqual(Math.abs(v) * 1e-3 + 1e-7),
    );
  });

  it('encodes the tfjs weights format: tf.io.decodeWeights reads what we write', async () => {
    await tf.setBackend('cpu');
    const { itemIdRow, numIdRows } = assignIdRows([5, 0, 7, 9], 3);
    const params = initParams({
      dim: 4,
      numFeatures: 3,
      itemIdRow,
      numIdRows,
      seed: 1,
      mu: 3.5,
      innerLr: 0.5,
    });
    const { manifest, shard } = encodeWeights([{ prefix: 'maml', params }]);
    const ours = decodeWeights(manifest, [shard.slice().buffer]);
    const theirs = tf.io.decodeWeights(shard.slice().buffer, manifest[0]!.weights);
    for (const [name, { data }] of ours) {
      const t = theirs[name] as tf.Tensor;
      expect(Array.from(await t.data())).toEqual(Array.from(data));
    }
    const back = methodParams(ours, 'maml', 4, 3);
    expect(Array.from(back.itemIdRow)).toEqual([0, -1, 1, 2]);
    expect(back.userInit).toEqual(params.userInit);
    back.itemEmbedding.forEach((v, i) =>
      expect(Math.abs(v - (params.itemEmbedding[i] ?? 0))).toBeLessThan(1e-3),
    );
    tf.dispose(Object.values(theirs));
  });

  it('reports a truncated shard instead of reading garbage', () => {
    const { itemIdRow, numIdRows } = assignIdRows([5, 5], 1);
    const params = initParams({ dim: 2, numFeatures: 2, itemIdRow, numIdRows, seed: 1, mu: 3, innerLr: 1 });
    const { manifest, shard } = encodeWeights([{ prefix: 'm', params }]);
    expect(() => decodeWeights(manifest, [shard.slice(0, shard.length - 8).buffer])).toThrow(/incomplete/);
  });
});
