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
}

export function prepareTrainingData(data: MovieLensData, split: UserSplit): PreparedData {
  const numItems = data.movies.length;
  const train = buildHistories(data, split.train);
  const val = buildHistories(data, split.val);
  const test = buildHistories(data, split.test);
  const trainCounts = new Float32Array(numItems);
  const sums = new Float64Array(numItems);
  let total = 0;
  let n = 0;
  for (const h of train) {
    h.items.forEach((item, k) => {
      const r = h.ratings[k] ?? 0;
      trainCounts[item]! += 1;
      sums[item]! += r;
      total += r;
      n++;
    });
  }
  if (n === 0) throw new Error('The meta-train users have no ratings: the data set is too small to train on.');
  const trainItemMean = Float32Array.from(sums, (s, i) => ((trainCounts[i] ?? 0) > 0 ? s / (trainCounts[i] ?? 1) : NaN));
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
  };
}
