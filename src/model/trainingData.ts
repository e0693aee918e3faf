/**
 * From parsed MovieLens and a user split to what the trainers need. Only meta-train users feed
 * anything that is learned or normalized (item counts, the mean rating); meta-val users are kept
 * apart for model selection, meta-test users are returned only for evaluation.
 */
import { buildHistories } from '../data/movielens';
import type { MovieLensData, UserHistory, UserSplit } from '../data/types';
import { contentFeatures, NUM_CONTENT_FEATURES } from './features';
import type { TrainingData } from './metaTrain';

export interface PreparedData extends TrainingData {
  test: UserHistory[];
  /** Mean meta-train rating per item (NaN when unrated by meta-train users). */
  trainItemMean: Float32Array;
  /** Entropy in bits of each item's meta-train rating distribution over the 10 half-star values. */
  trainItemEntropy: Float32Array;
}

/** Shannon entropy (bits) of per-item histograms [numItems, 10]. */
function entropies(hist: Float64Array, numItems: number): Float32Array {
  const out = new Float32Array(numItems);
  for (let i = 0; i < numItems; i++) {
    let n = 0;
    for (let b = 0; b < 10; b++) n += hist[i * 10 + b] ?? 0;
    let h = 0;
    for (let b = 0; b < 10 && n > 0; b++) {
      const p = (hist[i * 10 + b] ?? 0) / n;
      if (p > 0) h -= p * Math.log2(p);
    }
    out[i] = h;
  }
  return out;
}

export function prepareTrainingData(data: MovieLensData, split: UserSplit): PreparedData {
  const numItems = data.movies.length;
  const train = buildHistories(data, split.train);
  const val = buildHistories(data, split.val);
  const test = buildHistories(data, split.test);
  const trainCounts = new Float32Array(numItems);
  const sums = new Float64Array(numItems);
  const hist = new Float64Array(numItems * 10);
  let total = 0;
  let n = 0;
  for (const h of train) {
    h.items.forEach((item, k) => {
      const r = h.ratings[k] ?? 0;
      trainCounts[item]! += 1;
      sums[item]! += r;
      hist[item * 10 + Math.min(9, Math.max(0, Math.round(r * 2) - 1))]! += 1;
      total += r;
      n++;
    });
  }
  if (n === 0)
    throw new Error('The meta-train users have no ratings: the data set is too small to train on.');
  const trainItemMean = Float32Array.from(sums, (s, i) =>
    (trainCounts[i] ?? 0) > 0 ? s / (trainCounts[i] ?? 1) : NaN,
  );
  return {
    numItems,
    features: contentFeatures(data.movies),
    numFeatures: NUM_CONTENT_FEATURES,
    train,
    val,
    test,
    trainCounts,
    trainMean: total / n,
    trainItemMean,
    trainItemEntropy: entropies(hist, numItems),
  };
}
