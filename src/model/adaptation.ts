/**
 * What adapting to a newcomer's ratings takes and gives (AdaptOptions, Adaptation), the rules a
 * method adapts with (AdaptRule, as the manifest stores them) and the stars beside a list
 * (RatingHead). Types only: Recommender (recommender.ts) implements them.
 */
import type { ListRule } from './listModel';

export interface AdaptOptions {
  /** Inner steps; default: the trained count. */
  steps?: number;
  /** Scalar inner learning rate replacing the trained per-entry rates. */
  lr?: number;
  /** Also return the state after every step (for the map). */
  trajectory?: boolean;
}

export interface Adaptation {
  /** Adapted state phi = (u, b_u), [dim + 1]. */
  phi: Float32Array;
  /** Support MSE before each step and after the last, [steps + 1]. */
  losses: Float32Array;
  /** States phi_0 ... phi_steps, [(steps + 1) * (dim + 1)], when asked for. */
  trajectory: Float32Array | null;
}

/** How a method turns a support set into a user state. */
export type AdaptRule =
  /** Gradient steps from phi_0; normFloor: see core.innerStep (absent: 1, the plain mean). */
  | { kind: 'gradient'; innerSteps: number; normFloor?: number }
  /**
   * Prototype (no gradient step): u = gamma * sum_j (r_j - mean) v_j / K, the rating-weighted mean
   * of the rated items' vectors with ratings centered on the training mean; b_u = sum_j (r_j - b_j)
   * / (K + biasShrink).
   */
  | { kind: 'prototype'; gamma: number; biasShrink: number; mean: number }
  /** The list model (listCore.ts): an encoder pass and/or inner steps on the support's list loss. */
  | ListRule;

/**
 * Predicted stars beside a list: the bias model mu + b_i + b_u of the meta-train ratings, with b_u
 * = sum_j (r_j - mu - b_j) / (K + lambdaUser) folded in from the support. A list method's order
 * comes from its scores; its cards show these stars.
 */
export interface RatingHead {
  mu: number;
  /** [numItems] item biases b_i. */
  itemBias: Float32Array;
  lambdaUser: number;
}
