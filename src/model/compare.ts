/**
 * Several methods on the same ratings at once, for the app's compare view. The gradient methods
 * share the model form (z = u . v_i + b_i + b_u), so their inner loops run as one batched tensor
 * program whose task dimension is the method: their support rows are stacked [M, K, D + 1], their
 * initial states [M, D + 1] and learning rates [M, D + 1]. Freezing the user bias is a zero in the
 * bias entry of the learning rate. The closed-form methods (prototype, the bias baseline) are a few
 * dozen multiply-adds and run on the CPU. List methods (listCore.ts: a softmax over the whole
 * catalog) run one after the other through their Recommender, one readback each (compareList).
 *
 * Pure tfjs + TypeScript (no DOM): shared by the worker and the unit tests.
 */
import * as tf from '@tensorflow/tfjs';
import type { RatedItems } from '../data/types';
import { innerLoop } from './core';
import { topN, type Recommender } from './recommender';

export interface CompareOptions {
  /** Inner steps for every gradient method (1 to 50). */
  steps: number;
  /** Scalar inner learning rate; undefined: each method's trained per-entry rates. */
  lr?: number;
  /** false: only the user vector adapts (b_u stays at its initial value). */
  adaptBias: boolean;
  /** Length of each top list (default 10). */
  topK?: number;
  /** Catalog indices never listed (below the model's rating-count floor, or excluded by the deployer). */
  unlisted?: ReadonlySet<number>;
}

export interface MethodTrace {
  name: string;
  /**
   * Support loss before each step and after the last, [steps + 1], finite (clamped): the MSE of
   * the ratings for rating methods, the list loss (listCore.supportLosses) for list methods.
   */
  losses: Float32Array;
  /** phi_0 .. phi_steps, [(steps + 1) * (dim + 1)], finite (clamped). */
  states: Float32Array;
  /** Top-K catalog indices (rated excluded) at every step, [(steps + 1) * topK]. */
  tops: Int32Array;
  /** The loop blew up: a non-finite value, a state entry beyond STATE_LIMIT, or a final loss above the first. */
  diverged: boolean;
}

/** Entries of phi beyond this are called divergent and clamped for display. */
export const STATE_LIMIT = 1e3;
/** The largest squared error the rating squash allows: (5 - 0.5)^2. */
const LOSS_LIMIT = 20.25;
/** A list loss is drawn up to this multiple of where it began (it has no natural ceiling). */
const LIST_LOSS_FACTOR = 10;

/**
 * Batched inner loops for gradient methods that share dim and normFloor. The Recommenders are
 * borrowed (not disposed). All tensors made here are disposed before returning.
 */
export async function compareGradient(
  methods: { name: string; rec: Recommender }[],
  support: RatedItems,
  opts: CompareOptions,
): Promise<MethodTrace[]> {
  const m = methods.length;
  if (m === 0) return [];
  const first = methods[0]!.rec;
  const dim = first.dim;
  const width = dim + 1;
  const k = support.items.length;
  const topK = opts.topK ?? 10;
  const steps = k === 0 ? 0 : opts.steps;
  const floor = first.rule.kind === 'gradient' ? (first.rule.normFloor ?? 1) : 1;
  for (const { rec } of methods) {
    if (rec.dim !== dim || rec.rule.kind !== 'gradient' || (rec.rule.normFloor ?? 1) !== floor)
      throw new Error('compareGradient: methods must share dim and normFloor and adapt by gradient.');
  }
  const n = first.numItems;

  // Host-side stacking: each method's support rows, initial state and learning rates.
  const vecs = new Float32Array(m * k * width);
  const bias = new Float32Array(m * k);
  const phi0 = new Float32Array(m * width);
  const lrs = new Float32Array(m * width);
  methods.forEach(({ rec }, t) => {
    for (let j = 0; j < k; j++) {
      const item = support.items[j] ?? 0;
      vecs.set(rec.vectors.subarray(item * width, (item + 1) * width), (t * k + j) * width);
      bias[t * k + j] = rec.biases[item] ?? 0;
    }
    phi0.set(rec.params.userInit, t * width);
    for (let e = 0; e < width; e++) lrs[t * width + e] = opts.lr ?? rec.params.innerLr[e] ?? 0;
    if (!opts.adaptBias) lrs[t * width + dim] = 0;
  });

  const packed = tf.tidy(() => {
    let losses: tf.Tensor;
    let states: tf.Tensor3D;
    if (k === 0) {
      losses = tf.zeros([m, 1]);
      states = tf.reshape(tf.tensor2d(phi0, [m, width]), [m, 1, width]);
    } else {
      const side = { vectors: tf.tensor3d(vecs, [m, k, width]), biases: tf.tensor2d(bias, [m, k]) };
      const ratings = tf.tile(tf.tensor2d(support.ratings, [1, k]), [m, 1]) as tf.Tensor2D;
      const mask = tf.onesLike(ratings) as tf.Tensor2D;
      const out = innerLoop(
        side,
        ratings,
        mask,
        tf.tensor2d(phi0, [m, width]),
        tf.tensor2d(lrs, [m, width]),
        steps,
        true,
        floor,
      );
      losses = out.losses;
      states = out.trajectory as tf.Tensor3D;
    }
    return [tf.reshape(losses, [-1]), tf.reshape(states, [-1])];
  });
  // One readback for the whole comparison.
  const all = tf.tidy(() => tf.concat(packed));
  const data = (await all.data()) as Float32Array;
  tf.dispose([...packed, all]);

  const lossLen = m * (steps + 1);
  const rated = new Set(support.items);
  return methods.map(({ name, rec }, t) => {
    const rawLoss = data.subarray(t * (steps + 1), (t + 1) * (steps + 1));
    const rawStates = data.subarray(
      lossLen + t * (steps + 1) * width,
      lossLen + (t + 1) * (steps + 1) * width,
    );
    let diverged = false;
    const losses = Float32Array.from(rawLoss, (x) => {
      if (!Number.isFinite(x)) diverged = true;
      return Number.isFinite(x) ? Math.min(x, LOSS_LIMIT) : LOSS_LIMIT;
    });
    const states = Float32Array.from(rawStates, (x) => {
      if (!Number.isFinite(x) || Math.abs(x) > STATE_LIMIT) diverged = true;
      return Number.isFinite(x) ? Math.max(-STATE_LIMIT, Math.min(STATE_LIMIT, x)) : 0;
    });
    if (steps > 0 && (losses[steps] ?? 0) > (losses[0] ?? 0) + 1e-4) diverged = true;
    if (steps > 0 && saturated(methods[t]!.rec, support, states.subarray(steps * width), losses[steps] ?? 0))
      diverged = true;
    // Ranked on the CPU from the plain catalog copy: no per-call upload of every method's catalog,
    // and no GPU sort (slow on software adapters); clamped states still give a finite list.
    const tops = new Int32Array((steps + 1) * Math.min(topK, n));
    for (let s = 0; s <= steps; s++)
      tops.set(topOf(rec, states.subarray(s * width, (s + 1) * width), topK, rated), s * Math.min(topK, n));
    return { name, losses, states, tops, diverged };
  });
}

/**
 * List methods on the same ratings: each runs its own adaptation (the encoder pass and/or inner
 * steps, one readback) from its Recommender, so the states are exactly what the app shows. A
 * method with inner steps runs `opts.steps` of them (with `opts.lr` when given); one without
 * (closed-form, e.g. the prototype), or any method on no ratings, runs none: its trace has one
 * state and one loss. A list's user state has no bias to adapt (the rating head's b_u only moves
 * the stars), so there is no `adaptBias` here. The Recommenders are borrowed (not disposed).
 */
export async function compareList(
  methods: { name: string; rec: Recommender }[],
  support: RatedItems,
  opts: Omit<CompareOptions, 'adaptBias'>,
): Promise<MethodTrace[]> {
  const topK = opts.topK ?? 10;
  const rated = new Set([...support.items, ...(opts.unlisted ?? [])]);
  const out: MethodTrace[] = [];
  for (const { name, rec } of methods) {
    if (rec.rule.kind !== 'list') throw new Error(`compareList: ${name} is not a list method.`);
    const steps = rec.stepwise && support.items.length > 0 ? opts.steps : 0;
    const run = await rec.adaptAndScore(support, () => {}, {
      steps,
      score: false,
      ...(opts.lr === undefined ? {} : { lr: opts.lr }),
    });
    if (!run) throw new Error('compareList: the adaptation was cancelled.');
    const width = rec.dim + 1;
    const raw = run.adaptation;
    let diverged = false;
    const first = raw.losses[0] ?? NaN;
    const limit = Number.isFinite(first) && first > 0 ? first * LIST_LOSS_FACTOR : LIST_LOSS_FACTOR;
    const losses = Float32Array.from(raw.losses, (x) => {
      if (!Number.isFinite(x)) diverged = true;
      return Number.isFinite(x) ? Math.min(x, limit) : limit;
    });
    const states = Float32Array.from(raw.trajectory ?? raw.phi, (x) => {
      if (!Number.isFinite(x) || Math.abs(x) > STATE_LIMIT) diverged = true;
      return Number.isFinite(x) ? Math.max(-STATE_LIMIT, Math.min(STATE_LIMIT, x)) : 0;
    });
    if (steps > 0 && (losses[steps] ?? 0) > (losses[0] ?? 0) + 1e-4) diverged = true;
    const count = Math.floor(states.length / width);
    const kk = Math.min(topK, rec.numItems);
    const tops = new Int32Array(count * kk);
    for (let s = 0; s < count; s++)
      tops.set(topOf(rec, states.subarray(s * width, (s + 1) * width), topK, rated), s * kk);
    out.push({ name, losses, states, tops, diverged });
  }
  return out;
}

/**
 * An overshooting step throws the state so far that every support prediction sits on a flat end
 * of the rating squash (0.5 or 5 stars): the gradient vanishes and the loop is stuck at a high
 * loss without ever producing NaN. Called divergent too: mean squash slope below 0.02 over the
 * support while the loss is still above 0.05.
 */
function saturated(rec: Recommender, support: RatedItems, phi: Float32Array, loss: number): boolean {
  const k = support.items.length;
  if (k === 0 || loss <= 0.05) return false;
  const width = rec.dim + 1;
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  let slope = 0;
  for (let j = 0; j < k; j++) {
    const item = support.items[j] ?? 0;
    let z = rec.biases[item] ?? 0;
    for (let e = 0; e < width; e++) z += (phi[e] ?? 0) * (rec.vectors[item * width + e] ?? 0);
    slope += sigmoid(z - 0.5) - sigmoid(z - 5);
  }
  return slope / k < 0.02;
}

/**
 * The bias baseline: mu + b_i + b_u, with b_u = sum_j (r_j - mu - b_i(j)) / (lambda + K) folded in
 * from the support. `itemBiases` are mu + b_i per item, [numItems]. Returns the user bias, the
 * support loss, and the top-K (rated excluded) by predicted rating clipped to [0.5, 5].
 */
export function biasBaseline(
  itemBiases: Float32Array,
  support: RatedItems,
  lambda: number,
  topK = 10,
): { bu: number; loss: number; top: Int32Array; predict: (item: number) => number } {
  const k = support.items.length;
  let sum = 0;
  for (let j = 0; j < k; j++) sum += (support.ratings[j] ?? 0) - (itemBiases[support.items[j] ?? 0] ?? 0);
  const bu = sum / (lambda + k);
  const predict = (item: number) => Math.min(5, Math.max(0.5, (itemBiases[item] ?? 0) + bu));
  let loss = 0;
  for (let j = 0; j < k; j++) loss += (predict(support.items[j] ?? 0) - (support.ratings[j] ?? 0)) ** 2;
  loss = k > 0 ? loss / k : 0;
  const rated = new Set(support.items);
  // Ranking by mu + b_i + b_u is ranking by b_i: the same list for everyone (the point of the baseline).
  const order: number[] = [];
  for (let i = 0; i < itemBiases.length; i++) if (!rated.has(i)) order.push(i);
  order.sort((a, b) => (itemBiases[b] ?? 0) - (itemBiases[a] ?? 0));
  return { bu, loss, top: Int32Array.from(order.slice(0, topK)), predict };
}

/**
 * How the top-K changes as the ratings arrive in order: for every prefix 1..K of the support, adapt
 * (batched, one task per prefix, masked) and list the top-K. Returns [K * topK] indices; the
 * ratings in a prefix are excluded from that prefix's list. The inner loops run batched on the
 * backend; the ranking runs on the CPU (one small readback of the K states). A list method adapts
 * prefix after prefix through its Recommender (K readbacks of one state each); a prototype rule
 * gives none.
 */
export async function prefixTops(
  rec: Recommender,
  support: RatedItems,
  topK = 10,
  unlisted: ReadonlySet<number> = new Set(),
): Promise<Int32Array> {
  const k = support.items.length;
  if (k === 0) return new Int32Array(0);
  if (rec.rule.kind === 'list') return listPrefixTops(rec, support, topK, unlisted);
  if (rec.rule.kind !== 'gradient') return new Int32Array(0);
  const width = rec.dim + 1;
  const vecs = new Float32Array(k * width);
  const bias = new Float32Array(k);
  for (let j = 0; j < k; j++) {
    const item = support.items[j] ?? 0;
    vecs.set(rec.vectors.subarray(item * width, (item + 1) * width), j * width);
    bias[j] = rec.biases[item] ?? 0;
  }
  const mask = new Float32Array(k * k);
  for (let t = 0; t < k; t++) for (let j = 0; j <= t; j++) mask[t * k + j] = 1;
  const lr = rec.params.innerLr;
  const phis = tf.tidy(() => {
    const side = {
      vectors: tf.tile(tf.tensor3d(vecs, [1, k, width]), [k, 1, 1]) as tf.Tensor3D,
      biases: tf.tile(tf.tensor2d(bias, [1, k]), [k, 1]) as tf.Tensor2D,
    };
    const ratings = tf.tile(tf.tensor2d(support.ratings, [1, k]), [k, 1]) as tf.Tensor2D;
    return innerLoop(
      side,
      ratings,
      tf.tensor2d(mask, [k, k]),
      tf.tensor1d(rec.params.userInit),
      tf.tensor1d(lr),
      rec.defaultSteps,
      false,
      rec.rule.kind === 'gradient' ? (rec.rule.normFloor ?? 1) : 1,
    ).phi;
  });
  const data = (await phis.data()) as Float32Array;
  phis.dispose();
  const kk = Math.min(topK, rec.numItems);
  const out = new Int32Array(k * kk);
  for (let t = 0; t < k; t++)
    out.set(
      topOf(rec, data.subarray(t * width, (t + 1) * width), topK, support.items.subarray(0, t + 1)),
      t * kk,
    );
  return out;
}

async function listPrefixTops(
  rec: Recommender,
  support: RatedItems,
  topK: number,
  unlisted: ReadonlySet<number>,
): Promise<Int32Array> {
  const k = support.items.length;
  const kk = Math.min(topK, rec.numItems);
  const out = new Int32Array(k * kk);
  for (let t = 0; t < k; t++) {
    const prefix = { items: support.items.subarray(0, t + 1), ratings: support.ratings.subarray(0, t + 1) };
    const { phi } = await rec.adapt(prefix);
    out.set(topOf(rec, phi, topK, [...prefix.items, ...unlisted]), t * kk);
  }
  return out;
}

/**
 * The top-K items (excluded ones left out) for a user state, by z = phi . [v_i, 1] + b_i. For a
 * list method this is its list score plus the rating head's b_u, the same for every item: the same
 * order.
 */
function topOf(rec: Recommender, phi: Float32Array, topK: number, exclude: Iterable<number>): number[] {
  const width = rec.dim + 1;
  const n = rec.numItems;
  const z = new Float32Array(n);
  const v = rec.vectors;
  for (let i = 0; i < n; i++) {
    let acc = rec.biases[i] ?? 0;
    const o = i * width;
    for (let e = 0; e < width; e++) acc += (phi[e] ?? 0) * (v[o + e] ?? 0);
    z[i] = acc;
  }
  return topN(z, topK, exclude);
}
