/**
 * The list model's gradients are right. The inner step's hand-written gradient against tfjs autodiff
 * of the support loss, and the outer gradients of every differentiated method (encoder, MAML,
 * Meta-SGD: through the inner steps) against central finite differences of an independent float64
 * implementation of the same loss. tfjs gets second-order gradients through softmax wrong
 * (tensorflow/tfjs#3252); the hand-written inner gradient needs only first-order ones, and these
 * tests are what says so.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { evidence, listInnerLoop, listScores, listStep, prepareListInner, supportLosses } from './listCore';
import { listBatchTensors, outerLoss } from './listOuterStep';
import { catalogConstants, disposeListTensors, shrinkOf, type ListTensors } from './listModel';
import type { ListBatch } from './listEpisodes';
import type { ModelParams } from './params';

const N = 7;
const D = 3;
const F = 2;
const T = 2;
const L = 10;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Problem {
  /** Every differentiable input, float64: [embedding N*D, idBias N, contentWeights F*D, contentBias F, userInit D, innerLr D, levelWeights L, shrinkRaw 1, encoder D*D]. */
  x: Float64Array;
  features: Float64Array;
  rowMask: Float64Array;
  batch: ListBatch;
}

const SIZES = [N * D, N, F * D, F, D, D, L, 1, D * D];
const offsets = SIZES.reduce<number[]>((acc, _, i) => [...acc, (acc[i] ?? 0) + (SIZES[i] ?? 0)], [0]);

function problem(seed: number): Problem {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: offsets[SIZES.length] as number }, () => rng.normal() * 0.5);
  // Positive rates and a positive shrink, so the steps are real descent steps.
  for (let i = 0; i < D; i++) x[(offsets[5] as number) + i] = 0.5 + 0.3 * rng.next();
  x[offsets[7] as number] = 0.7;
  const features = Float64Array.from({ length: N * F }, () => (rng.next() < 0.5 ? 1 : 0));
  const rowMask = Float64Array.from({ length: N }, (_, i) => (i % 3 === 2 ? 0 : 1));
  const levelMasks = new Float32Array(L * T * N);
  // Task 0 rated items 0 (5 stars) and 3 (1 star); task 1 rated item 5 (3.5 stars).
  levelMasks[(9 * T + 0) * N + 0] = 1;
  levelMasks[(1 * T + 0) * N + 3] = 1;
  levelMasks[(6 * T + 1) * N + 5] = 1;
  const targets = new Float32Array(T * N);
  targets[0 * N + 1] = 0.5;
  targets[0 * N + 4] = 0.5;
  targets[1 * N + 2] = 1;
  return {
    x,
    features,
    rowMask,
    batch: { numTasks: T, numItems: N, levelMasks, counts: Float32Array.of(2, 1), targets },
  };
}

const part = (x: Float64Array, i: number) => x.subarray(offsets[i] as number, offsets[i + 1] as number);

/** The outer loss in plain float64: the reference the autodiff is checked against. */
function referenceLoss(p: Problem, x: Float64Array, encoder: boolean, steps: number): number {
  const [emb, idb, cw, cb, u0, lr, lw, sr, w] = SIZES.map((_, i) => part(x, i));
  const v = (i: number, t: number) => {
    let s = (p.rowMask[i] ?? 0) * (emb![i * D + t] ?? 0);
    for (let f = 0; f < F; f++) s += (p.features[i * F + f] ?? 0) * (cw![f * D + t] ?? 0);
    return s;
  };
  const b = (i: number) => {
    let s = (p.rowMask[i] ?? 0) * (idb![i] ?? 0);
    for (let f = 0; f < F; f++) s += (p.features[i * F + f] ?? 0) * (cb![f] ?? 0);
    return s;
  };
  const kappa = Math.log1p(Math.exp(sr![0] ?? 0));
  const softmax = (u: number[]) => {
    const z = Array.from({ length: N }, (_, i) => b(i) + u.reduce((s, ut, t) => s + ut * v(i, t), 0));
    const m = Math.max(...z);
    const e = z.map((zi) => Math.exp(zi - m));
    const sum = e.reduce((a, c) => a + c, 0);
    return { p: e.map((ei) => ei / sum), logp: z.map((zi) => zi - m - Math.log(sum)) };
  };
  let total = 0;
  for (let task = 0; task < T; task++) {
    const a = new Array<number>(N).fill(0);
    for (let l = 0; l < L; l++)
      for (let i = 0; i < N; i++) a[i]! += (lw![l] ?? 0) * (p.batch.levelMasks[(l * T + task) * N + i] ?? 0);
    const k = p.batch.counts[task] ?? 0;
    for (let i = 0; i < N; i++) a[i]! /= k + kappa;
    const av = Array.from({ length: D }, (_, t) => a.reduce((s, ai, i) => s + ai * v(i, t), 0));
    const mass = a.reduce((s, ai) => s + ai, 0);
    let u = Array.from(u0!);
    if (encoder) u = u.map((ut, t) => ut + av.reduce((s, avr, r) => s + avr * (w![r * D + t] ?? 0), 0));
    for (let s = 0; s < steps; s++) {
      const { p: prob } = softmax(u);
      const pv = Array.from({ length: D }, (_, t) => prob.reduce((acc, pi, i) => acc + pi * v(i, t), 0));
      u = u.map((ut, t) => ut - (lr![t] ?? 0) * (mass * (pv[t] ?? 0) - (av[t] ?? 0)));
    }
    const { logp } = softmax(u);
    for (let i = 0; i < N; i++) total -= (p.batch.targets[task * N + i] ?? 0) * (logp[i] ?? 0);
  }
  return total / T;
}

function tensorsOf(x: Float64Array): ListTensors {
  const f = (i: number) => Float32Array.from(part(x, i));
  return {
    embedding: tf.tensor2d(f(0), [N, D]),
    idBias: tf.tensor1d(f(1)),
    contentWeights: tf.tensor2d(f(2), [F, D]),
    contentBias: tf.tensor1d(f(3)),
    userInit: tf.tensor1d(f(4)),
    innerLr: tf.tensor1d(f(5)),
    levelWeights: tf.tensor1d(f(6)),
    shrinkRaw: tf.scalar(f(7)[0] ?? 0),
    encoder: tf.tensor2d(f(8), [D, D]),
  };
}

const KEYS: (keyof ListTensors)[] = [
  'embedding',
  'idBias',
  'contentWeights',
  'contentBias',
  'userInit',
  'innerLr',
  'levelWeights',
  'shrinkRaw',
  'encoder',
];

/** The problem's parameters, catalog constants and batch as tensors (the caller disposes them). */
function tensorsOfProblem(p: Problem) {
  const params = {
    itemIdRow: Int32Array.from(p.rowMask, (m, i) => (m > 0 ? i : -1)),
    numFeatures: F,
  } as ModelParams;
  return {
    t: tensorsOf(p.x),
    c: catalogConstants(params, Float32Array.from(p.features)),
    bt: listBatchTensors(p.batch),
  };
}

/** tfjs's gradient of the outer loss in every input, flattened in the order of `x`. */
async function autodiff(p: Problem, encoder: boolean, steps: number): Promise<Float64Array> {
  const { t, c, bt } = tensorsOfProblem(p);
  try {
    // Inputs the rule does not use (the encoder without one, the rates without steps) are not
    // differentiated; their gradient is 0, which the finite differences must confirm.
    const used = KEYS.filter((k) => (k !== 'encoder' || encoder) && (k !== 'innerLr' || steps > 0));
    const grads = tf.grads((...xs: tf.Tensor[]) => {
      const tt = { ...t, ...Object.fromEntries(used.map((k, i) => [k, xs[i]])) } as ListTensors;
      return outerLoss(tt, c, bt, { encoder, innerSteps: steps });
    })(used.map((k) => t[k]));
    const flat = new Float64Array(p.x.length);
    for (let i = 0; i < grads.length; i++)
      flat.set(
        await (grads[i] as tf.Tensor).data(),
        offsets[KEYS.indexOf(used[i] as keyof ListTensors)] as number,
      );
    tf.dispose(grads);
    return flat;
  } finally {
    disposeListTensors(t);
    disposeListTensors(c);
    tf.dispose(Object.values(bt));
  }
}

function finiteDifferences(p: Problem, encoder: boolean, steps: number): Float64Array {
  const h = 1e-6;
  const out = new Float64Array(p.x.length);
  for (let i = 0; i < p.x.length; i++) {
    const up = p.x.slice();
    const down = p.x.slice();
    up[i]! += h;
    down[i]! -= h;
    out[i] = (referenceLoss(p, up, encoder, steps) - referenceLoss(p, down, encoder, steps)) / (2 * h);
  }
  return out;
}

describe('list model gradients', () => {
  it('the forward loss matches the float64 reference', async () => {
    const p = problem(3);
    const { t, c, bt } = tensorsOfProblem(p);
    const loss = tf.tidy(() => outerLoss(t, c, bt, { encoder: true, innerSteps: 2 }));
    expect((await loss.data())[0]).toBeCloseTo(referenceLoss(p, p.x, true, 2), 4);
    tf.dispose([loss, ...Object.values(bt)]);
    disposeListTensors(t);
    disposeListTensors(c);
  });

  it('the hand-written inner step is gradient descent on the support loss', async () => {
    const rng = createRng(5);
    const vectors = tf.tensor2d(
      Float32Array.from({ length: N * D }, () => rng.normal()),
      [N, D],
    );
    const biases = tf.tensor1d(Float32Array.from({ length: N }, () => rng.normal()));
    const cat = { vectors, biases };
    const a = tf.tensor2d(
      Float32Array.from({ length: T * N }, (_, i) => (i % 4 === 0 ? 0.4 : i % 5 === 0 ? -0.2 : 0)),
      [T, N],
    );
    const u = tf.tensor2d(
      Float32Array.from({ length: T * D }, () => rng.normal()),
      [T, D],
    );
    const lr = tf.scalar(0.5);
    const byHand = listStep(cat, prepareListInner(cat, a), u, lr);
    const g = tf.grad((x: tf.Tensor) => tf.sum(supportLosses(cat, a, x as tf.Tensor2D)))(u);
    const byAutodiff = tf.sub(u, tf.mul(g, lr));
    const [h, d] = await Promise.all([byHand.data(), byAutodiff.data()]);
    for (let i = 0; i < h.length; i++) expect(h[i]).toBeCloseTo(d[i] ?? NaN, 5);
    tf.dispose([vectors, biases, a, u, lr, byHand, g, byAutodiff]);
  });

  for (const [name, encoder, steps] of [
    ['MAML / Meta-SGD (2 inner steps, second order)', false, 2],
    ['the set encoder refined by 2 inner steps', true, 2],
    ['the set encoder alone', true, 0],
  ] as const) {
    it(`the outer gradient of ${name} matches finite differences`, async () => {
      const p = problem(11);
      const auto = await autodiff(p, encoder, steps);
      const fd = finiteDifferences(p, encoder, steps);
      let worst = 0;
      for (let i = 0; i < fd.length; i++) {
        const err = Math.abs((auto[i] ?? 0) - (fd[i] ?? 0)) / Math.max(1e-2, Math.abs(fd[i] ?? 0));
        worst = Math.max(worst, err);
      }
      expect(worst).toBeLessThan(2e-3);
      // Not a vacuous check: the evidence weights and the shrink (and the rates, with steps) get gradient.
      for (const i of steps > 0 ? [5, 6, 7] : [6, 7])
        expect(Math.max(...Array.from(part(auto, i), Math.abs))).toBeGreaterThan(1e-4);
    });
  }

  it('shrink and evidence: one rating moves the state less than the mean of many', async () => {
    const masks = new Float32Array(L * 2 * N);
    masks[(9 * 2 + 0) * N + 0] = 1;
    for (let i = 0; i < 4; i++) masks[(9 * 2 + 1) * N + i] = 1;
    const a = tf.tidy(() =>
      evidence(
        tf.tensor3d(masks, [L, 2, N]),
        tf.ones([L]) as tf.Tensor1D,
        tf.tensor2d([1, 4], [2, 1]),
        shrinkOf(tf.scalar(0.5)),
      ),
    );
    const rows = await a.array();
    const kappa = Math.log1p(Math.exp(0.5));
    expect(rows[0]?.[0]).toBeCloseTo(1 / (1 + kappa), 5);
    expect(rows[1]?.[0]).toBeCloseTo(1 / (4 + kappa), 5);
    a.dispose();
  });

  it('the inner loop leaks no tensor and lowers the support loss', async () => {
    const before = tf.memory().numTensors;
    const rng = createRng(9);
    const out = tf.tidy(() => {
      const cat = {
        vectors: tf.tensor2d(
          Float32Array.from({ length: N * D }, () => rng.normal()),
          [N, D],
        ),
        biases: tf.zeros([N]) as tf.Tensor1D,
      };
      const a = tf.tensor2d([[0.5, 0, 0, 0, 0.5, 0, 0]]);
      const { u, states } = listInnerLoop(cat, a, tf.zeros([D]), tf.scalar(0.5), 5, true);
      const first = supportLosses(cat, a, states[0] as tf.Tensor2D);
      const last = supportLosses(cat, a, u);
      return tf.stack([first, last, tf.reshape(listScores(cat, u).max(), [1])]);
    });
    const [first, last] = await out.data();
    expect(last).toBeLessThan(first ?? -Infinity);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an inner step is 8 kernels (the forward scores, the softmax, the hand-written gradient, the update): the minimum for these ops', async () => {
    const rng = createRng(2);
    const cat = {
      vectors: tf.tensor2d(
        Float32Array.from({ length: N * D }, () => rng.normal()),
        [N, D],
      ),
      biases: tf.tensor1d(Float32Array.from({ length: N }, () => rng.normal())),
    };
    const a = tf.tensor2d([[0.5, 0, 0, 0, 0.5, 0, 0]]);
    const prep = prepareListInner(cat, a);
    const u = tf.ones([1, D]) as tf.Tensor2D;
    const lr = tf.scalar(0.5);
    const step = await tf.profile(() => {
      listStep(cat, prep, u, lr).dispose();
    });
    // matMul, add (scores); softmax; matMul, mul, sub (gradient); mul, sub (update).
    expect(step.kernels.map((k) => k.name)).toEqual([
      'BatchMatMul',
      'Add',
      'Softmax',
      'BatchMatMul',
      'Multiply',
      'Sub',
      'Multiply',
      'Sub',
    ]);
    tf.dispose([cat.vectors, cat.biases, a, prep.pull, prep.mass, u, lr]);
  });
});
