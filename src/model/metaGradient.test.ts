/**
 * The meta-gradients are right: tfjs autodiff through the inner loop (second-order MAML, Meta-SGD)
 * against central finite differences of an independent float64 implementation of the same loss.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import type { GatheredBatch } from './batch';
import { innerStep } from './core';
import { outerGradients } from './metaLoss';
import type { ModelParams } from './params';

const DIM = 3;
const F = 4;
const T = 2;
const S = 3;
const Q = 2;
const N = S + Q;
const STEPS = 3;

function tinyProblem(seed: number): { p: ModelParams; g: GatheredBatch } {
  const rng = createRng(seed);
  const rand = (n: number, s: number) => Float32Array.from({ length: n }, () => rng.normal() * s);
  const p: ModelParams = {
    dim: DIM,
    numFeatures: F,
    itemIdRow: Int32Array.from({ length: 10 }, (_, i) => i),
    itemEmbedding: rand(10 * DIM, 0.5),
    itemIdBias: rand(10, 0.3),
    contentWeights: rand(F * DIM, 0.5),
    contentBias: rand(F, 0.3),
    globalBias: Float32Array.of(3.2),
    userInit: rand(DIM + 1, 0.5),
    innerLr: Float32Array.from({ length: DIM + 1 }, () => 0.3 + 0.2 * rng.next()),
  };
  const supportMask = new Float32Array(T * N);
  const queryMask = new Float32Array(T * N);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < S; j++) supportMask[t * N + j] = t === 1 && j === 2 ? 0 : 1; // one padded slot
    for (let j = S; j < N; j++) queryMask[t * N + j] = 1;
  }
  const g: GatheredBatch = {
    numTasks: T,
    numPos: N,
    supportSize: S,
    items: Int32Array.from({ length: T * N }, (_, i) => i % 10),
    ratings: Float32Array.from({ length: T * N }, () => 0.5 + rng.int(10) * 0.5),
    supportMask,
    queryMask,
    idRows: Int32Array.from({ length: T * N }, (_, i) => i % 10),
    embRows: rand(T * N * DIM, 0.6),
    biasRows: rand(T * N, 0.4),
    content: Float32Array.from({ length: T * N * F }, () => (rng.next() < 0.5 ? 1 : 0)),
  };
  return { p, g };
}

/** All differentiable inputs as one float64 vector, with the offsets of each group. */
interface Flat {
  x: Float64Array;
  groups: Record<string, [number, number]>;
}

function flatten(p: ModelParams, g: GatheredBatch): Flat {
  const parts: [string, ArrayLike<number>][] = [
    ['embRows', g.embRows],
    ['biasRows', g.biasRows],
    ['contentWeights', p.contentWeights],
    ['contentBias', p.contentBias],
    ['globalBias', p.globalBias],
    ['userInit', p.userInit],
    ['innerLr', p.innerLr],
  ];
  const total = parts.reduce((n, [, a]) => n + a.length, 0);
  const x = new Float64Array(total);
  const groups: Record<string, [number, number]> = {};
  let off = 0;
  for (const [name, a] of parts) {
    groups[name] = [off, a.length];
    for (let i = 0; i < a.length; i++) x[off + i] = a[i] ?? 0;
    off += a.length;
  }
  return { x, groups };
}

const sp = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));
const sg = (x: number) => 1 / (1 + Math.exp(-x));
const squash = (z: number) => 0.5 + sp(z - 0.5) - sp(z - 5);
const squashD = (z: number) => sg(z - 0.5) - sg(z - 5);

/** The MAML outer loss in float64, written independently of core.ts. */
function referenceLoss(flat: Flat, g: GatheredBatch, normFloor = 1): number {
  const at = (name: string, i: number) => flat.x[(flat.groups[name] as [number, number])[0] + i] ?? 0;
  let total = 0;
  for (let t = 0; t < T; t++) {
    const v: number[][] = [];
    const b: number[] = [];
    for (let n = 0; n < N; n++) {
      const k = t * N + n;
      const row: number[] = [];
      for (let c = 0; c < DIM; c++) {
        let s = at('embRows', k * DIM + c);
        for (let j = 0; j < F; j++) s += (g.content[k * F + j] ?? 0) * at('contentWeights', j * DIM + c);
        row.push(s);
      }
      row.push(1);
      v.push(row);
      let bias = at('biasRows', k) + at('globalBias', 0);
      for (let j = 0; j < F; j++) bias += (g.content[k * F + j] ?? 0) * at('contentBias', j);
      b.push(bias);
    }
    const phi = Array.from({ length: DIM + 1 }, (_, i) => at('userInit', i));
    const z = (n: number) => (v[n] as number[]).reduce((s, vi, i) => s + vi * (phi[i] ?? 0), 0) + (b[n] ?? 0);
    const count = (mask: Float32Array) =>
      Math.max(
        1,
        Array.from({ length: N }, (_, n) => mask[t * N + n] ?? 0).reduce((a, c) => a + c, 0),
      );
    const cs = Math.max(count(g.supportMask), normFloor);
    for (let s = 0; s < STEPS; s++) {
      const grad = new Array(DIM + 1).fill(0);
      for (let n = 0; n < N; n++) {
        const m = g.supportMask[t * N + n] ?? 0;
        if (!m) continue;
        const zn = z(n);
        const gz = (2 * (squash(zn) - (g.ratings[t * N + n] ?? 0)) * squashD(zn)) / cs;
        for (let i = 0; i <= DIM; i++) grad[i] += gz * ((v[n] as number[])[i] ?? 0);
      }
      for (let i = 0; i <= DIM; i++) phi[i] = (phi[i] ?? 0) - at('innerLr', i) * grad[i];
    }
    const cq = count(g.queryMask);
    let loss = 0;
    for (let n = 0; n < N; n++) {
      const m = g.queryMask[t * N + n] ?? 0;
      if (m) loss += (squash(z(n)) - (g.ratings[t * N + n] ?? 0)) ** 2;
    }
    total += loss / cq;
  }
  return total / T;
}

function finiteDifferences(flat: Flat, g: GatheredBatch, normFloor = 1, h = 1e-5): Float64Array {
  const out = new Float64Array(flat.x.length);
  for (let i = 0; i < flat.x.length; i++) {
    const x0 = flat.x[i] ?? 0;
    flat.x[i] = x0 + h;
    const up = referenceLoss(flat, g, normFloor);
    flat.x[i] = x0 - h;
    const down = referenceLoss(flat, g, normFloor);
    flat.x[i] = x0;
    out[i] = (up - down) / (2 * h);
  }
  return out;
}

function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
    norm += (b[i] ?? 0) ** 2;
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
}

describe('meta-gradients', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('second-order MAML and Meta-SGD gradients match central finite differences (relative error < 1e-3)', async () => {
    for (const [seed, normFloor] of [
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 5],
    ] as const) {
      const { p, g } = tinyProblem(seed);
      const flat = flatten(p, g);
      const fd = finiteDifferences(flat, g, normFloor);
      const grads = await outerGradients('metasgd', p, g, STEPS, normFloor);
      expect(Math.abs(grads.loss - referenceLoss(flat, g, normFloor))).toBeLessThan(1e-4);
      const check = (name: keyof typeof flat.groups, got: ArrayLike<number>) => {
        const [off, len] = flat.groups[name] as [number, number];
        const err = relativeError(got, fd.subarray(off, off + len));
        expect(err, `${String(name)} (seed ${seed})`).toBeLessThan(1e-3);
      };
      check('embRows', grads.embRows);
      check('biasRows', grads.biasRows);
      check('contentWeights', grads.contentWeights);
      check('contentBias', grads.contentBias);
      check('globalBias', grads.globalBias);
      check('userInit', grads.userInit);
      check('innerLr', grads.innerLr as Float32Array);
      const maml = await outerGradients('maml', p, g, STEPS, normFloor);
      expect(relativeError(maml.userInit, grads.userInit)).toBeLessThan(1e-6);
      expect(maml.innerLr).toBeNull();
    }
  });

  it('first-order MAML equals MAML without inner steps and differs from it with them', async () => {
    const { p, g } = tinyProblem(4);
    const same = [await outerGradients('maml', p, g, 0), await outerGradients('fomaml', p, g, 0)];
    expect(relativeError(same[1]!.contentWeights, same[0]!.contentWeights)).toBeLessThan(1e-6);
    expect(relativeError(same[1]!.userInit, same[0]!.userInit)).toBeLessThan(1e-6);
    const second = await outerGradients('maml', p, g, STEPS);
    const first = await outerGradients('fomaml', p, g, STEPS);
    expect(Math.abs(first.loss - second.loss)).toBeLessThan(1e-5);
    expect(relativeError(first.userInit, second.userInit)).toBeGreaterThan(1e-3);
  });

  it('the hand-written inner gradient equals the autodiff gradient of the support loss', () => {
    const { g } = tinyProblem(5);
    const vectors = tf.concat([tf.tensor3d(g.embRows, [T, N, DIM]), tf.ones([T, N, 1])], 2) as tf.Tensor3D;
    const side = { vectors, biases: tf.tensor2d(g.biasRows, [T, N]) };
    const ratings = tf.tensor2d(g.ratings, [T, N]);
    const mask = tf.tensor2d(g.supportMask, [T, N]);
    const phi = tf.tensor2d([0.1, -0.2, 0.3, 0.05, -0.1, 0.2, 0.0, 0.4], [T, DIM + 1]);
    const lr = tf.scalar(1);
    const manual = tf.sub(phi, innerStep(side, ratings, mask, phi, lr).phi);
    const auto = tf.grad((x: tf.Tensor) => {
      const z = tf.squeeze(tf.matMul(vectors, tf.expandDims(x, 2)), [2]).add(side.biases);
      const pred = tf
        .softplus(tf.sub(z, 0.5))
        .sub(tf.softplus(tf.sub(z, 5)))
        .add(0.5);
      const per = tf.sum(tf.square(tf.sub(pred, ratings)).mul(mask), 1).div(tf.maximum(tf.sum(mask, 1), 1));
      return tf.sum(per);
    })(phi);
    expect(relativeError(manual.dataSync(), auto.dataSync())).toBeLessThan(1e-5);
    tf.dispose([vectors, side.biases, ratings, mask, phi, lr, manual, auto]);
  });
});
