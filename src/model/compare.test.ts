import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { biasBaseline, compareGradient, compareList, prefixTops } from './compare';
import { informativeOrder, informativeScores } from './elicitation';
import { initParams, type ModelParams } from './params';
import { Recommender, topN } from './recommender';

const dim = 5;
const numItems = 40;
const numFeatures = 4;

function params(seed: number, lr: number): ModelParams {
  const p = initParams({
    dim,
    numFeatures,
    itemIdRow: Int32Array.from({ length: numItems }, (_, i) => i),
    numIdRows: numItems,
    seed,
    mu: 3.5,
    innerLr: lr,
    initScale: 0.4,
  });
  // Per-entry rates differ (as Meta-SGD's do) so the batched path must keep them apart.
  for (let e = 0; e <= dim; e++) p.innerLr[e] = lr * (1 + 0.1 * e);
  return p;
}

const features = Float32Array.from({ length: numItems * numFeatures }, (_, i) => ((i * 37) % 11) / 11);
const support = { items: Int32Array.of(3, 17, 25, 8), ratings: Float32Array.of(5, 1, 4, 2.5) };
let recs: { name: string; rec: Recommender }[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  recs = [
    { name: 'a', rec: new Recommender(params(1, 0.5), features, { kind: 'gradient', innerSteps: 5 }) },
    { name: 'b', rec: new Recommender(params(2, 0.3), features, { kind: 'gradient', innerSteps: 5 }) },
    { name: 'c', rec: new Recommender(params(3, 0.8), features, { kind: 'gradient', innerSteps: 5 }) },
  ];
});

describe('compareGradient', () => {
  it('matches each method adapted on its own (trained rates, and a scalar rate)', async () => {
    for (const lr of [undefined, 0.7]) {
      const before = tf.memory().numTensors;
      const traces = await compareGradient(recs, support, {
        steps: 6,
        adaptBias: true,
        ...(lr ? { lr } : {}),
      });
      expect(tf.memory().numTensors).toBe(before);
      for (const [t, { rec }] of recs.entries()) {
        const one = await rec.adapt(support, { steps: 6, trajectory: true, ...(lr ? { lr } : {}) });
        const trace = traces[t]!;
        expect(trace.losses.length).toBe(7);
        for (let s = 0; s < 7; s++) expect(trace.losses[s]).toBeCloseTo(one.losses[s]!, 5);
        for (let e = 0; e < one.trajectory!.length; e++)
          expect(trace.states[e]).toBeCloseTo(one.trajectory![e]!, 5);
        const scores = await rec.scoreCatalog(one.phi);
        expect(Array.from(trace.tops.subarray(6 * 10))).toEqual(topN(scores, 10, support.items));
        expect(trace.diverged).toBe(false);
      }
    }
  });

  it('freezes the user bias when only the vector adapts', async () => {
    const [trace] = await compareGradient(recs.slice(0, 1), support, { steps: 4, adaptBias: false });
    const width = dim + 1;
    for (let s = 0; s <= 4; s++) expect(trace!.states[s * width + dim]).toBe(trace!.states[dim]);
    expect(trace!.states[width * 4]).not.toBe(trace!.states[0]);
  });

  it('flags a divergent learning rate and keeps every number finite', async () => {
    const traces = await compareGradient(recs, support, { steps: 30, lr: 5e4, adaptBias: true });
    expect(traces.every((t) => t.diverged)).toBe(true);
    for (const t of traces) {
      expect(t.losses.every(Number.isFinite)).toBe(true);
      expect(t.states.every(Number.isFinite)).toBe(true);
      expect(t.tops.every((i) => i >= 0 && i < numItems)).toBe(true);
    }
  });
});

describe('prefixTops', () => {
  it('gives, for each prefix of the ratings, the top list of adapting on that prefix alone', async () => {
    const rec = recs[0]!.rec;
    const tops = await prefixTops(rec, support, 10);
    expect(tops.length).toBe(4 * 10);
    for (let k = 1; k <= 4; k++) {
      const sub = { items: support.items.slice(0, k), ratings: support.ratings.slice(0, k) };
      const { phi } = await rec.adapt(sub);
      const expected = topN(await rec.scoreCatalog(phi), 10, sub.items);
      expect(Array.from(tops.subarray((k - 1) * 10, k * 10))).toEqual(expected);
    }
  });
});

describe('biasBaseline', () => {
  it('folds the user bias in with shrinkage and ranks by item bias', () => {
    const biases = Float32Array.of(3, 4, 2, 4.5, 3.5);
    const out = biasBaseline(biases, { items: Int32Array.of(0, 2), ratings: Float32Array.of(4, 3) }, 10, 3);
    expect(out.bu).toBeCloseTo((4 - 3 + (3 - 2)) / 12, 6);
    expect(Array.from(out.top)).toEqual([3, 1, 4]);
    expect(out.predict(3)).toBeCloseTo(4.5 + out.bu, 6);
    expect(out.predict(3) <= 5).toBe(true);
  });
});

describe('informative elicitation', () => {
  it('prefers items whose hypothetical rating would move the state more', () => {
    const rec = recs[0]!.rec;
    const input = {
      vectors: rec.vectors,
      biases: rec.biases,
      phi: rec.params.userInit,
      lr: rec.params.innerLr,
      counts: new Float32Array(numItems).fill(10),
    };
    const scores = informativeScores(
      input,
      Int32Array.from({ length: numItems }, (_, i) => i),
    );
    const order = informativeOrder(input, [3], 5);
    expect(order.length).toBe(5);
    expect(Array.from(order)).not.toContain(3);
    for (let j = 1; j < 5; j++) expect(scores[order[j - 1]!]!).toBeGreaterThanOrEqual(scores[order[j]!]!);
    // At a state whose vector part is zero the prediction ignores v_i, so a longer v_i only means a
    // bigger gradient: it scores higher.
    const phi = new Float32Array(dim + 1);
    const big = { ...input, phi, vectors: input.vectors.slice() };
    for (let e = 0; e < dim; e++) big.vectors[7 * (dim + 1) + e]! *= 3;
    expect(informativeScores(big, [7])[0]!).toBeGreaterThan(informativeScores({ ...input, phi }, [7])[0]!);
  });
});

describe('list methods', () => {
  const listParams = (seed: number, encoderScale: number): ModelParams => {
    const p = params(seed, 1.5);
    p.globalBias[0] = 0;
    p.userInit[dim] = 0;
    p.innerLr[dim] = 0;
    p.list = {
      levelWeights: Float32Array.from({ length: 10 }, (_, l) => -1 + (2.5 * l) / 9),
      shrink: Float32Array.of(1),
      encoder: Float32Array.from({ length: dim * dim }, (_, i) => (i % (dim + 1) === 0 ? encoderScale : 0)),
    };
    return p;
  };
  let lists: { name: string; rec: Recommender }[];
  beforeAll(() => {
    lists = [
      {
        name: 'steps',
        rec: new Recommender(listParams(4, 1), features, { kind: 'list', encoder: false, innerSteps: 5 }),
      },
      {
        name: 'both',
        rec: new Recommender(listParams(5, 0.7), features, { kind: 'list', encoder: true, innerSteps: 2 }),
      },
      {
        name: 'pass',
        rec: new Recommender(listParams(6, 1.2), features, { kind: 'list', encoder: true, innerSteps: 0 }),
      },
    ];
  });

  it('compareList gives each method its own adaptation: the states, list losses and top lists of adapting alone', async () => {
    for (const lr of [undefined, 0.7]) {
      const before = tf.memory().numTensors;
      const traces = await compareList(lists, support, { steps: 6, ...(lr ? { lr } : {}) });
      expect(tf.memory().numTensors).toBe(before);
      for (const [t, { rec }] of lists.entries()) {
        const steps = rec.stepwise ? 6 : 0;
        const one = await rec.adapt(support, { steps, trajectory: true, ...(lr ? { lr } : {}) });
        const trace = traces[t]!;
        expect(trace.losses.length).toBe(steps + 1);
        for (let s = 0; s <= steps; s++) expect(trace.losses[s]).toBeCloseTo(one.losses[s]!, 5);
        for (let e = 0; e < one.trajectory!.length; e++)
          expect(trace.states[e]).toBeCloseTo(one.trajectory![e]!, 5);
        const scores = await rec.scoreCatalog(one.phi);
        expect(Array.from(trace.tops.subarray(steps * 10))).toEqual(topN(scores, 10, support.items));
        expect(trace.diverged).toBe(false);
        if (steps > 0) expect(trace.losses[steps]!).toBeLessThan(trace.losses[0]!);
      }
    }
  });

  it('compareList flags a divergent learning rate and keeps every number finite', async () => {
    const traces = await compareList(lists.slice(0, 2), support, { steps: 30, lr: 5e4 });
    expect(traces.every((t) => t.diverged)).toBe(true);
    for (const t of traces) {
      expect(t.losses.every(Number.isFinite)).toBe(true);
      expect(t.states.every(Number.isFinite)).toBe(true);
      expect(t.tops.every((i) => i >= 0 && i < numItems)).toBe(true);
    }
  });

  it('compareList refuses a rating method', async () => {
    await expect(compareList(recs.slice(0, 1), support, { steps: 2 })).rejects.toThrow(/not a list method/);
  });

  it('prefixTops of a list method: the top list of adapting on each prefix alone', async () => {
    for (const { rec } of lists) {
      const tops = await prefixTops(rec, support, 10);
      expect(tops.length).toBe(4 * 10);
      for (let k = 1; k <= 4; k++) {
        const sub = { items: support.items.slice(0, k), ratings: support.ratings.slice(0, k) };
        const { phi } = await rec.adapt(sub);
        const expected = topN(await rec.scoreCatalog(phi), 10, sub.items);
        expect(Array.from(tops.subarray((k - 1) * 10, k * 10))).toEqual(expected);
      }
    }
  });

  it('informative elicitation for a list: the movies farthest from what the state expects, weighted by the rates', () => {
    const rec = lists[0]!.rec;
    const input = {
      vectors: rec.vectors,
      biases: rec.biases,
      phi: rec.params.userInit,
      lr: rec.params.innerLr,
      counts: new Float32Array(numItems).fill(10),
      objective: 'list' as const,
    };
    const all = Int32Array.from({ length: numItems }, (_, i) => i);
    const scores = informativeScores(input, all);
    // By hand: vbar = sum_i softmax(z)_i v_i, score = log(1 + 10) |lr (v_i - vbar)|.
    const width = dim + 1;
    const z = Array.from(all, (i) => {
      let acc = rec.biases[i]!;
      for (let e = 0; e < dim; e++) acc += rec.params.userInit[e]! * rec.vectors[i * width + e]!;
      return acc;
    });
    const w = z.map((x) => Math.exp(x - Math.max(...z)));
    const total = w.reduce((a, b) => a + b, 0);
    const vbar = Array.from({ length: dim }, (_, e) =>
      w.reduce((acc, p, i) => acc + (p / total) * rec.vectors[i * width + e]!, 0),
    );
    for (const i of [0, 7, 33]) {
      let move = 0;
      for (let e = 0; e < dim; e++)
        move += (rec.params.innerLr[e]! * (rec.vectors[i * width + e]! - vbar[e]!)) ** 2;
      expect(scores[i]!).toBeCloseTo(Math.log1p(10) * Math.sqrt(move), 4);
    }
    const order = informativeOrder(input, [3], 5);
    expect(Array.from(order)).not.toContain(3);
    for (let j = 1; j < 5; j++) expect(scores[order[j - 1]!]!).toBeGreaterThanOrEqual(scores[order[j]!]!);
  });
});
