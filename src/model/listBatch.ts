/**
 * The list rule's adaptation for many users at once: T supports become one evidence matrix A
 * [T, N], one encoder pass and/or `steps` inner steps (listCore.listInnerLoop with a task
 * dimension), and one readback of the states and the catalog scores. The interview simulator
 * adapts every simulated visitor of a round this way, and the learned interviewer every episode of
 * a search generation; per user it is the same arithmetic as Recommender.adapt + scoreCatalog
 * (tested to agree), so what the simulator measures is what the app shows.
 *
 * Owns its tensors: call dispose() when done. Pure TensorFlow.js, no DOM.
 */
import * as tf from '@tensorflow/tfjs';
import type { RatedItems } from '../data/types';
import { encode, listInnerLoop, listScores, type ListCatalog } from './listCore';
import { ratingLevel } from './listEpisodes';
import type { AttributionModel } from './reasons';

export interface BatchAdaptation {
  /** Adapted states u, [T * dim] row-major. */
  states: Float32Array;
  /** List scores u . v_i + b_i of every catalog item, [T * N] row-major (no floor applied). */
  scores: Float32Array;
}

export class ListBatchAdapter {
  readonly dim: number;
  readonly numItems: number;
  private readonly catalog: ListCatalog;
  private readonly u0: tf.Tensor1D;
  private readonly lr: tf.Tensor;
  private readonly encoder: tf.Tensor2D | null;
  private readonly levelWeights: Float32Array;
  private readonly shrink: number;

  /**
   * @param spec the method's list parameters (Recommender.attributionModel()).
   * @param steps inner steps (the method's trained count).
   */
  constructor(
    spec: AttributionModel,
    readonly steps: number,
  ) {
    const d = spec.dim;
    const n = spec.biases.length;
    this.dim = d;
    this.numItems = n;
    const v = new Float32Array(n * d);
    for (let i = 0; i < n; i++) v.set(spec.vectors.subarray(i * spec.stride, i * spec.stride + d), i * d);
    this.catalog = { vectors: tf.tensor2d(v, [n, d]), biases: tf.tensor1d(spec.biases) };
    this.u0 = tf.tensor1d(spec.u0);
    this.lr = typeof spec.lr === 'number' ? tf.scalar(spec.lr) : tf.tensor1d(spec.lr);
    this.encoder = spec.encoder ? tf.tensor2d(spec.encoder, [d, d]) : null;
    this.levelWeights = spec.levelWeights;
    this.shrink = spec.shrink;
  }

  /**
   * The evidence matrix A [T, N] of listCore.evidence, built on the CPU: A[t, j] = a(r_tj) /
   * (K_t + kappa) in float32 (the same rounding as the tensor version, without its [L, T, N] masks).
   */
  evidenceRows(supports: readonly RatedItems[]): Float32Array {
    const n = this.numItems;
    const a = new Float32Array(supports.length * n);
    const kappa = Math.fround(this.shrink);
    supports.forEach((s, t) => {
      const denom = Math.fround(s.items.length + kappa);
      s.items.forEach((item, j) => {
        const w = this.levelWeights[ratingLevel(s.ratings[j] ?? 0)] ?? 0;
        a[t * n + item] = Math.fround(w / denom);
      });
    });
    return a;
  }

  /** Adapt every support at once; one readback. An empty list returns empty arrays. */
  async run(supports: readonly RatedItems[]): Promise<BatchAdaptation> {
    const t = supports.length;
    if (t === 0) return { states: new Float32Array(0), scores: new Float32Array(0) };
    const d = this.dim;
    const a = this.evidenceRows(supports);
    const packed = tf.tidy(() => {
      const ev = tf.tensor2d(a, [t, this.numItems]);
      const start = this.encoder
        ? encode(this.catalog, ev, this.u0, this.encoder)
        : tf.tile(tf.reshape(this.u0, [1, d]), [t, 1]);
      const { u } = listInnerLoop(this.catalog, ev, start, this.lr, this.steps);
      return tf.concat([tf.reshape(u, [-1]), tf.reshape(listScores(this.catalog, u), [-1])]);
    });
    try {
      const data = (await packed.data()) as Float32Array;
      return { states: data.slice(0, t * d), scores: data.slice(t * d) };
    } finally {
      packed.dispose();
    }
  }

  dispose(): void {
    tf.dispose([this.catalog.vectors, this.catalog.biases, this.u0, this.lr]);
    this.encoder?.dispose();
  }
}
