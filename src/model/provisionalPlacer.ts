/**
 * A stand-in new-item placer for the "New arrivals" panel when the model ships no usable
 * meta-learned warm-up (itemWarmup.json: a model trained before issue 17, or a damaged file); the
 * panel names it as provisional. K = 0: the model's own content vector (c W_c, mu + c . w_b).
 * K > 0: plain gradient steps on the squared error between each rater's score u . v + b and
 * (rating - 3), pulled toward the content vector. Not measured; the warm-up is. Pure TypeScript.
 */
import type { NewItemEvidence, NewItemPath, NewItemPlacer, NewItemState } from './newItem';

/** What the stand-in needs of the model's parameters (ModelParams satisfies it). */
export interface ContentParams {
  dim: number;
  numFeatures: number;
  /** [F, d] */
  contentWeights: Float32Array;
  /** [F] */
  contentBias: Float32Array;
  /** [1] */
  globalBias: Float32Array;
}

/** The content vector of a feature row: what the model says of a movie nobody has rated. */
export function contentState(p: ContentParams, features: Float32Array): NewItemState {
  const d = p.dim;
  const vector = new Float32Array(d);
  let bias = p.globalBias[0] ?? 0;
  for (let j = 0; j < p.numFeatures; j++) {
    const c = features[j] ?? 0;
    if (c === 0) continue;
    bias += c * (p.contentBias[j] ?? 0);
    for (let t = 0; t < d; t++) vector[t]! += c * (p.contentWeights[j * d + t] ?? 0);
  }
  return { vector, bias };
}

/** The stand-in placer (see the header). */
export function provisionalPlacer(p: ContentParams, steps = 5, pull = 0.1): NewItemPlacer {
  return {
    name: 'content + steps (provisional)',
    place(e: NewItemEvidence): NewItemPath {
      const d = p.dim;
      const k = e.ratings.length;
      const start = contentState(p, e.features);
      if (k === 0) return { states: [start], losses: [] };
      let norm = 0;
      for (let i = 0; i < k * d; i++) norm += (e.raterStates[i] ?? 0) ** 2;
      const lr = 1 / (1 + norm / k + pull);
      const states: NewItemState[] = [start];
      const losses: number[] = [];
      let cur = start;
      for (let s = 0; s <= steps; s++) {
        const gv = new Float32Array(d);
        let gb = 0;
        let loss = 0;
        for (let r = 0; r < k; r++) {
          let z = cur.bias;
          for (let t = 0; t < d; t++) z += (e.raterStates[r * d + t] ?? 0) * (cur.vector[t] ?? 0);
          const err = z - ((e.ratings[r] ?? 3) - 3);
          loss += (err * err) / (2 * k);
          gb += err / k;
          for (let t = 0; t < d; t++) gv[t]! += (err * (e.raterStates[r * d + t] ?? 0)) / k;
        }
        losses.push(loss);
        if (s === steps) break;
        const vector = cur.vector.map(
          (v, t) => v - lr * ((gv[t] ?? 0) + pull * (v - (start.vector[t] ?? 0))),
        );
        cur = { vector, bias: cur.bias - lr * gb };
        states.push(cur);
      }
      return { states, losses };
    },
  };
}
