import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  adaptedStates,
  fusedStep,
  innerLoop,
  innerLoopStates,
  outerGradMatVec,
  prepareInner,
  squash,
  type ItemSide,
} from './core';

/** Reference: d squash / dz = sigmoid(z - 0.5) - sigmoid(z - 5). */
const squashGrad = (z: tf.Tensor): tf.Tensor => tf.sigmoid(tf.sub(z, 0.5)).sub(tf.sigmoid(tf.sub(z, 5)));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The inner step as first written (one formula per line, recomputed every step): the reference. */
function referenceStep(
  side: ItemSide,
  ratings: tf.Tensor2D,
  mask: tf.Tensor2D,
  phi: tf.Tensor2D,
  lr: tf.Tensor,
  normFloor: number,
): { phi: tf.Tensor2D; loss: tf.Tensor1D } {
  const z = tf.squeeze(tf.matMul(side.vectors, tf.expandDims(phi, 2)), [2]).add(side.biases);
  const resid = tf.sub(squash(z), ratings).mul(mask);
  const count = tf.maximum(tf.sum(mask, 1, true), 1);
  const gz = resid
    .mul(squashGrad(z))
    .mul(2)
    .div(normFloor > 1 ? tf.maximum(count, normFloor) : count);
  const grad = tf.squeeze(tf.matMul(tf.expandDims(gz, 1), side.vectors), [1]);
  return {
    phi: tf.sub(phi, tf.mul(grad, lr)) as tf.Tensor2D,
    loss: tf.sum(tf.square(resid), 1).div(tf.squeeze(count, [1])) as tf.Tensor1D,
  };
}

const T = 3;
const N = 7;
const D = 5;

function problem(seed: number) {
  const vectors = tf.concat([tf.randomNormal([T, N, D - 1], 0, 0.5, 'float32', seed), tf.ones([T, N, 1])], 2);
  const biases = tf.randomUniform([T, N], 2.5, 4, 'float32', seed + 1) as tf.Tensor2D;
  const ratings = tf.randomUniform([T, N], 0.5, 5, 'float32', seed + 2) as tf.Tensor2D;
  // Ragged supports: 7, 3 and 1 real positions.
  const mask = tf.tensor2d(
    [
      [1, 1, 1, 1, 1, 1, 1],
      [1, 1, 1, 0, 0, 0, 0],
      [1, 0, 0, 0, 0, 0, 0],
    ],
    [T, N],
  );
  const phi0 = tf.randomNormal([D], 0, 0.3, 'float32', seed + 3);
  const lr = tf.randomUniform([D], 0.1, 0.6, 'float32', seed + 4);
  return { side: { vectors: vectors as tf.Tensor3D, biases } as ItemSide, ratings, mask, phi0, lr };
}

describe('inner loop', () => {
  it('the fused steps give the same states and losses as the reference formulas', () => {
    for (const normFloor of [1, 4]) {
      tf.tidy(() => {
        const { side, ratings, mask, phi0, lr } = problem(3 + normFloor);
        const steps = 6;
        const fused = innerLoop(side, ratings, mask, phi0, lr, steps, true, normFloor);
        let phi = tf.tile(tf.reshape(phi0, [1, D]), [T, 1]) as tf.Tensor2D;
        const states = [phi];
        const losses: tf.Tensor1D[] = [];
        for (let s = 0; s < steps; s++) {
          const out = referenceStep(side, ratings, mask, phi, lr, normFloor);
          losses.push(out.loss);
          phi = out.phi;
          states.push(phi);
        }
        losses.push(referenceStep(side, ratings, mask, phi, lr, normFloor).loss);
        const close = (a: tf.Tensor, b: tf.Tensor) => {
          expect(a.shape).toEqual(b.shape);
          const x = a.dataSync();
          const y = b.dataSync();
          x.forEach((v, i) =>
            expect(Math.abs(v - (y[i] ?? NaN))).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))),
          );
        };
        close(fused.losses, tf.stack(losses, 1));
        close(fused.trajectory as tf.Tensor, tf.stack(states, 1));
        close(fused.phi, phi);
      });
    }
  });

  it('one step is 13 kernels, and a loop of S steps adds exactly 13 per step', async () => {
    const p = problem(1);
    const prep = prepareInner(p.side, p.ratings, p.mask, p.lr);
    const phi = tf.ones([T, D, 1]) as tf.Tensor3D;
    const step = await tf.profile(() => {
      const out = fusedStep(prep, phi);
      tf.dispose([out.phi, out.loss]);
    });
    expect(step.kernels.length).toBe(13);
    const loop = async (steps: number) =>
      (
        await tf.profile(() => {
          tf.tidy(() => {
            innerLoop(p.side, p.ratings, p.mask, p.phi0, p.lr, steps, true);
          });
        })
      ).kernels.length;
    expect((await loop(20)) - (await loop(5))).toBe(15 * 13);
    tf.dispose([...Object.values(prep), phi, p.side.vectors, p.side.biases, p.ratings, p.mask, p.phi0]);
  });

  it("meta-training's loops without losses give innerLoop's final states bit for bit; 11 kernels a step through autodiff", async () => {
    const p = problem(2);
    for (const normFloor of [1, 4])
      tf.tidy(() => {
        const full = Array.from(
          innerLoop(p.side, p.ratings, p.mask, p.phi0, p.lr, 7, false, normFloor).phi.dataSync(),
        );
        for (const fast of [
          innerLoopStates(p.side, p.ratings, p.mask, p.phi0, p.lr, 7, normFloor),
          adaptedStates(p.side, p.ratings, p.mask, p.phi0, p.lr, 7, normFloor),
          adaptedStates(
            p.side,
            p.ratings,
            p.mask,
            tf.tile(tf.expandDims(p.phi0, 0), [T, 1]),
            p.lr,
            7,
            normFloor,
          ),
        ])
          expect(Array.from(fast.dataSync())).toEqual(full);
      });
    // Kernels only: tf.profile also lists the customGrad scopes that carry the cheaper gradients.
    const kernels = async (steps: number) =>
      (
        await tf.profile(() => {
          tf.tidy(() => {
            innerLoopStates(p.side, p.ratings, p.mask, p.phi0, p.lr, steps);
          });
        })
      ).kernels.filter((k) => tf.getKernel(k.name, tf.getBackend()) !== undefined).length;
    expect((await kernels(20)) - (await kernels(5))).toBe(15 * 11);
    tf.dispose([p.side.vectors, p.side.biases, p.ratings, p.mask, p.phi0, p.lr]);
  });

  it("the products with the cheaper gradient: tfjs's matMul values and gradients, equal entry for entry", () => {
    tf.tidy(() => {
      const a = tf.randomNormal([T, N, D], 0, 1, 'float32', 11) as tf.Tensor3D;
      const x = tf.randomNormal([T, D, 1], 0, 1, 'float32', 12) as tf.Tensor3D;
      const y = tf.randomNormal([T, N, 1], 0, 1, 'float32', 13) as tf.Tensor3D;
      const wn = tf.randomNormal([T, N, 1], 0, 1, 'float32', 14);
      const wd = tf.randomNormal([T, D, 1], 0, 1, 'float32', 15);
      const same = (p: tf.Tensor[], q: tf.Tensor[]) =>
        p.forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(Array.from(q[i]?.dataSync() ?? [])));
      const ax = (f: (a: tf.Tensor3D, x: tf.Tensor3D) => tf.Tensor) =>
        tf.grads((a: tf.Tensor, x: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor3D, x as tf.Tensor3D), wn)))([
          a,
          x,
        ]);
      same(
        ax(outerGradMatVec.ax),
        ax((p, q) => tf.matMul(p, q)),
      );
      const atx = (f: (a: tf.Tensor3D, y: tf.Tensor3D) => tf.Tensor) =>
        tf.grads((a: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor3D, y as tf.Tensor3D), wd)))([
          a,
          y,
        ]);
      same(
        atx(outerGradMatVec.atx),
        atx((p, q) => tf.matMul(p, q, true)),
      );
      same([outerGradMatVec.ax(a, x), outerGradMatVec.atx(a, y)], [tf.matMul(a, x), tf.matMul(a, y, true)]);
    });
  });
});
