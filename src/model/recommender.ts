/**
 * Inference for one trained method: adapt a newcomer's state to their ratings and score the whole
 * catalog. The browser worker, the evaluation and `npm run predict` all call this one class, so the
 * adaptation a visitor sees is exactly the one that was evaluated.
 *
 * Owns its tensors (catalog matrix, initial state, learning rates): call dispose() when done. What it
 * takes and gives is typed in adaptation.ts; the list rule's device work is listAdapt.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { RatedItems } from '../data/types';
import type { AdaptOptions, Adaptation, AdaptRule, RatingHead } from './adaptation';
import { innerLoop, squash, type ItemSide } from './core';
import { listRuleTensors, readOnce, runListRule, type ListRuleTensors } from './listAdapt';
import { listScores } from './listCore';
import { itemVectors, type ModelParams } from './params';
import type { AttributionModel } from './reasons';

export class Recommender {
  readonly dim: number;
  readonly numItems: number;
  /** [numItems, dim + 1] rows [v_i, 1] (plain copy for CPU-side use). */
  readonly vectors: Float32Array;
  /** [numItems] item biases (mu included). */
  readonly biases: Float32Array;
  private readonly catalog: tf.Tensor2D;
  private readonly catalogBias: tf.Tensor1D;
  private readonly phi0: tf.Tensor1D;
  private readonly lr: tf.Tensor1D;
  /** List rule only: the catalog as listCore sees it ([N, d] vectors, [N] biases) and the evidence weights. */
  private readonly list: ListRuleTensors | null = null;

  constructor(
    readonly params: ModelParams,
    features: Float32Array,
    readonly rule: AdaptRule,
    /** Stars for a list method's cards (absent: predictItems gives list scores' stand-in, see there). */
    readonly ratingHead: RatingHead | null = null,
  ) {
    this.dim = params.dim;
    this.numItems = params.itemIdRow.length;
    const all = Int32Array.from({ length: this.numItems }, (_, i) => i);
    const { vectors, biases } = itemVectors(params, features, all);
    this.vectors = vectors;
    this.biases = biases;
    this.catalog = tf.tensor2d(vectors, [this.numItems, this.dim + 1]);
    this.catalogBias = tf.tensor1d(biases);
    this.phi0 = tf.tensor1d(params.userInit);
    this.lr = tf.tensor1d(params.innerLr);
    if (rule.kind === 'list') this.list = listRuleTensors(params, this.catalog, this.catalogBias);
  }

  private get normFloor(): number {
    return this.rule.kind === 'gradient' ? (this.rule.normFloor ?? 1) : 1;
  }

  get defaultSteps(): number {
    return this.rule.kind === 'gradient' || this.rule.kind === 'list' ? this.rule.innerSteps : 0;
  }

  /** Whether adapting runs inner steps (a live loss curve) rather than one closed-form state. */
  get stepwise(): boolean {
    return this.defaultSteps > 0;
  }

  /** Adapt the user state to a support set (K = 0 returns the initial state). */
  async adapt(support: RatedItems, opts: AdaptOptions = {}): Promise<Adaptation> {
    if (this.rule.kind === 'prototype') return this.prototype(support);
    if (this.rule.kind === 'list') {
      const out = await this.runList(support, opts.steps ?? this.rule.innerSteps, opts.lr, false);
      return { phi: out.phi, losses: out.losses, trajectory: opts.trajectory ? out.trajectory : null };
    }
    if (support.items.length === 0) {
      return {
        phi: this.params.userInit.slice(),
        losses: new Float32Array(1),
        trajectory: opts.trajectory ? this.params.userInit.slice() : null,
      };
    }
    const steps = opts.steps ?? this.rule.innerSteps;
    const out = await this.runInner(support, steps, opts.lr, opts.trajectory ?? false, false);
    return { phi: out.phi, losses: out.losses, trajectory: out.trajectory };
  }

  /**
   * The inner loop for a live view: every step runs on the device, then the losses, the states and
   * (with `score`) the catalog's predicted ratings come back in one readback, and `onStep` gets the
   * support loss before each step and the new state, step by step. `cancelled` is checked before
   * the work and between streamed steps; a cancelled run returns null. The states are the same as
   * adapt()'s.
   */
  async adaptStream(
    support: RatedItems,
    onStep: (step: number, lossBefore: number, phi: Float32Array) => void,
    opts: { steps?: number; lr?: number; cancelled?: () => boolean } = {},
  ): Promise<Adaptation | null> {
    return (await this.adaptAndScore(support, onStep, { ...opts, score: false }))?.adaptation ?? null;
  }

  /**
   * adaptStream and, with `score` (default true), scoreCatalog of the adapted state: one readback
   * for both on the gradient rule (the prototype rule reads back only the catalog scores).
   * @returns the adaptation and the predicted ratings of every catalog item ([numItems], empty
   *   without `score`), or null when cancelled.
   */
  async adaptAndScore(
    support: RatedItems,
    onStep: (step: number, lossBefore: number, phi: Float32Array) => void,
    opts: { steps?: number; lr?: number; cancelled?: () => boolean; score?: boolean } = {},
  ): Promise<{ adaptation: Adaptation; scores: Float32Array } | null> {
    const score = opts.score ?? true;
    if (opts.cancelled?.()) return null;
    if (this.rule.kind === 'list') {
      const steps = opts.steps ?? this.rule.innerSteps;
      const out = await this.runList(support, steps, opts.lr, score);
      return this.replay(out, steps, onStep, opts.cancelled);
    }
    if (this.rule.kind === 'prototype' || support.items.length === 0) {
      const adaptation = await this.adapt(support, { ...opts, trajectory: true });
      const scores = score ? await this.scoreCatalog(adaptation.phi) : new Float32Array(0);
      return opts.cancelled?.() ? null : { adaptation, scores };
    }
    const steps = opts.steps ?? this.rule.innerSteps;
    return this.replay(
      await this.runInner(support, steps, opts.lr, true, score),
      steps,
      onStep,
      opts.cancelled,
    );
  }

  /** Hands the read-back steps to onStep one by one (checking `cancelled` between them). */
  private replay(
    out: { losses: Float32Array; trajectory: Float32Array | null; scores: Float32Array },
    steps: number,
    onStep: (step: number, lossBefore: number, phi: Float32Array) => void,
    cancelled?: () => boolean,
  ): { adaptation: Adaptation; scores: Float32Array } | null {
    const width = this.dim + 1;
    const states = out.trajectory as Float32Array;
    for (let s = 0; s < steps; s++) {
      if (cancelled?.()) return null;
      onStep(s, out.losses[s] ?? NaN, states.slice((s + 1) * width, (s + 2) * width));
    }
    if (cancelled?.()) return null;
    return {
      adaptation: { phi: states.slice(steps * width), losses: out.losses, trajectory: states },
      scores: out.scores,
    };
  }

  /** The list rule on any support (K = 0 too), read back once: see runListRule. */
  private async runList(
    support: RatedItems,
    steps: number,
    lr: number | undefined,
    score: boolean,
  ): Promise<{ losses: Float32Array; phi: Float32Array; trajectory: Float32Array; scores: Float32Array }> {
    const list = this.list;
    if (!list || this.rule.kind !== 'list') throw new Error('runList: not a list rule');
    return runListRule(list, this.rule, support, steps, lr, score, this.userBias(support));
  }

  /** The rating head's user bias of a support (0 without a head). */
  private userBias(support: RatedItems): number {
    const head = this.ratingHead;
    if (!head) return 0;
    let sum = 0;
    support.items.forEach((item, j) => {
      sum += (support.ratings[j] ?? 0) - head.mu - (head.itemBias[item] ?? 0);
    });
    return sum / (support.items.length + head.lambdaUser);
  }

  /**
   * The gradient inner loop on a non-empty support, run on the device with one readback: losses
   * [steps + 1], the final state [D], the states [(steps + 1) * D] when asked, and the catalog's
   * predicted ratings [numItems] when asked (empty otherwise).
   */
  private async runInner(
    support: RatedItems,
    steps: number,
    lr: number | undefined,
    keepTrajectory: boolean,
    score: boolean,
  ): Promise<{
    losses: Float32Array;
    phi: Float32Array;
    trajectory: Float32Array | null;
    scores: Float32Array;
  }> {
    const k = support.items.length;
    const width = this.dim + 1;
    const packed = tf.tidy(() => {
      const side = this.supportSide(support.items);
      const ratings = tf.tensor2d(support.ratings, [1, k]);
      const mask = tf.onesLike(ratings) as tf.Tensor2D;
      const rate = lr === undefined ? this.lr : tf.scalar(lr);
      const out = innerLoop(side, ratings, mask, this.phi0, rate, steps, keepTrajectory, this.normFloor);
      const parts = [tf.reshape(out.losses, [-1]), tf.reshape(out.phi, [-1])];
      if (out.trajectory) parts.push(tf.reshape(out.trajectory, [-1]));
      if (score) parts.push(this.catalogScores(tf.reshape(out.phi, [width, 1]) as tf.Tensor2D));
      return tf.concat(parts);
    });
    const data = await readOnce(packed);
    let at = 0;
    const take = (n: number) => data.slice(at, (at += n));
    const losses = take(steps + 1);
    const phi = take(width);
    const trajectory = keepTrajectory ? take((steps + 1) * width) : null;
    return { losses, phi, trajectory, scores: take(data.length - at) };
  }

  /** The support's rows of the catalog as a one-task item side ([1, K, D], [1, K]). Call inside tf.tidy. */
  private supportSide(items: Int32Array): ItemSide {
    const idx = tf.tensor1d(items, 'int32');
    return {
      vectors: tf.expandDims(tf.gather(this.catalog, idx), 0) as tf.Tensor3D,
      biases: tf.expandDims(tf.gather(this.catalogBias, idx), 0) as tf.Tensor2D,
    };
  }

  private prototype(support: RatedItems): Adaptation {
    const rule = this.rule as Extract<AdaptRule, { kind: 'prototype' }>;
    const d = this.dim;
    const width = d + 1;
    const k = support.items.length;
    const phi = new Float32Array(width);
    let biasSum = 0;
    for (let j = 0; j < k; j++) {
      const item = support.items[j] ?? 0;
      const r = support.ratings[j] ?? 0;
      const w = r - rule.mean;
      for (let t = 0; t < d; t++) phi[t]! += (rule.gamma * w * (this.vectors[item * width + t] ?? 0)) / k;
      biasSum += r - (this.biases[item] ?? 0);
    }
    phi[d] = biasSum / (k + rule.biasShrink);
    return { phi, losses: new Float32Array(0), trajectory: phi.slice() };
  }

  /**
   * The list rule's adaptation as plain arrays, for reasons.ts (which rated movie raised which
   * score); `lr` as in adapt(). null for other rules.
   */
  attributionModel(lr?: number): AttributionModel | null {
    const list = this.params.list;
    if (this.rule.kind !== 'list' || !list) return null;
    const d = this.dim;
    return {
      dim: d,
      vectors: this.vectors,
      stride: d + 1,
      biases: this.biases,
      u0: this.params.userInit.subarray(0, d),
      lr: lr ?? this.params.innerLr.subarray(0, d),
      levelWeights: list.levelWeights,
      shrink: list.shrink[0] ?? 1,
      encoder: this.rule.encoder ? list.encoder : null,
    };
  }

  /** Predicted ratings (0.5 to 5) of the given items for a user state. */
  predictItems(phi: Float32Array, items: ArrayLike<number>): Float32Array {
    const width = this.dim + 1;
    if (this.rule.kind === 'list') {
      // The rating head's stars; without one, NaN (a list method without a head predicts no stars).
      const head = this.ratingHead;
      const bu = phi[this.dim] ?? 0;
      return Float32Array.from(items, (item) =>
        head ? Math.min(5, Math.max(0.5, head.mu + (head.itemBias[item] ?? 0) + bu)) : NaN,
      );
    }
    const out = new Float32Array(items.length);
    for (let j = 0; j < items.length; j++) {
      const item = items[j] ?? 0;
      let z = this.biases[item] ?? 0;
      for (let t = 0; t < width; t++) z += (phi[t] ?? 0) * (this.vectors[item * width + t] ?? 0);
      out[j] = squashScalar(z);
    }
    return out;
  }

  /** Predicted ratings of every catalog item for a user state, [numItems]. */
  async scoreCatalog(phi: Float32Array): Promise<Float32Array> {
    const scores = tf.tidy(() => this.catalogScores(tf.tensor2d(phi, [this.dim + 1, 1])));
    const out = (await scores.data()) as Float32Array;
    scores.dispose();
    return out;
  }

  /**
   * Scores of every catalog item for a state [D, 1]: predicted ratings, or list scores for the list
   * rule (its user-bias entry shifts every item alike). [numItems]. Call inside tf.tidy.
   */
  private catalogScores(phi: tf.Tensor2D): tf.Tensor1D {
    if (this.list) {
      const u = tf.reshape(tf.slice(phi, [0, 0], [this.dim, 1]), [1, this.dim]) as tf.Tensor2D;
      return tf.reshape(listScores(this.list.catalog, u), [-1]) as tf.Tensor1D;
    }
    return squash(tf.add(tf.reshape(tf.matMul(this.catalog, phi), [-1]), this.catalogBias)) as tf.Tensor1D;
  }

  dispose(): void {
    tf.dispose([this.catalog, this.catalogBias, this.phi0, this.lr]);
    if (this.list) {
      const { catalog, ...rest } = this.list;
      tf.dispose([catalog.vectors, ...Object.values(rest)]);
    }
  }
}

/** The model's rating squash for one number (same function as core.squash). */
export function squashScalar(z: number): number {
  return 0.5 + softplus(z - 0.5) - softplus(z - 5);
}

function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

/** Indices of the top n scores, excluding some items, best first. */
export function topN(scores: ArrayLike<number>, n: number, exclude: Iterable<number> = []): number[] {
  const skip = new Set(exclude);
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (skip.has(i)) continue;
    const s = scores[i] ?? -Infinity;
    if (best.length === n && s <= (scores[best[n - 1] ?? 0] ?? -Infinity)) continue;
    let pos = best.length;
    while (pos > 0 && (scores[best[pos - 1] ?? 0] ?? -Infinity) < s) pos--;
    best.splice(pos, 0, i);
    if (best.length > n) best.pop();
  }
  return best;
}
