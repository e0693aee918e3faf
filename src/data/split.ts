/**
 * The seeded user split. Splitting by user (not by rating) is what makes the evaluation cold-start:
 * a test user's ratings were never seen in meta-training.
 */
import { createRng } from './rng';
import type { UserSplit } from './types';

export interface SplitFractions {
  /** Fraction of users for meta-training. */
  train: number;
  /** Fraction of users for validation (early stopping, hyperparameters). */
  val: number;
}

/**
 * Splits users into train / val / test by a documented rule, so any tool can reproduce it from
 * the seed alone:
 *
 * 1. take the unique ids, sorted ascending (input order and repeats do not matter);
 * 2. shuffle them with `createRng(seed).shuffle`;
 * 3. the first `Math.round(train * n)` go to train, the next `Math.round(val * n)` to val (fewer if
 *    rounding runs past n), the rest to test;
 * 4. each part is returned sorted ascending.
 *
 * @throws Error when a fraction is negative or train + val exceeds 1.
 */
export function splitUsers(
  userIds: number[],
  seed: number,
  fractions: SplitFractions = { train: 0.7, val: 0.1 },
): UserSplit {
  const { train, val } = fractions;
  if (!(train >= 0 && val >= 0 && train + val <= 1)) {
    throw new Error(
      `splitUsers: fractions train=${train}, val=${val} are invalid; expected non-negative numbers with train + val <= 1`,
    );
  }
  const ids = [...new Set(userIds)].sort((a, b) => a - b);
  createRng(seed).shuffle(ids);
  const n = ids.length;
  const numTrain = Math.min(n, Math.round(train * n));
  const numVal = Math.min(n - numTrain, Math.round(val * n));
  const ascending = (a: number, b: number): number => a - b;
  return {
    seed,
    train: ids.slice(0, numTrain).sort(ascending),
    val: ids.slice(numTrain, numTrain + numVal).sort(ascending),
    test: ids.slice(numTrain + numVal).sort(ascending),
  };
}

/**
 * Fold `fold` of a `folds`-fold cross-validation over users, for evaluating the training recipe
 * (not a shipped model) on every user once. The rule, reproducible from the seed alone:
 *
 * 1. the unique ids, sorted ascending, shuffled with `createRng(seed).shuffle` (as splitUsers);
 * 2. test is the fold's contiguous slice of the shuffled ids, positions
 *    `[floor(fold * n / folds), floor((fold + 1) * n / folds))`, so the folds' test parts are
 *    disjoint and cover every user exactly once;
 * 3. of the remaining ids, in shuffled order, the first `Math.round(val * n)` go to val, the rest
 *    to train (so val keeps the size it has in splitUsers);
 * 4. each part is returned sorted ascending.
 *
 * @throws Error when folds is not a whole number of at least 2, fold is not in [0, folds), or val
 *   is not in [0, 1).
 */
export function foldSplit(
  userIds: number[],
  seed: number,
  fold: number,
  folds: number,
  val = 0.1,
): UserSplit {
  if (!(Number.isInteger(folds) && folds >= 2))
    throw new Error(`foldSplit: folds=${folds} is invalid; expected a whole number of at least 2`);
  if (!(Number.isInteger(fold) && fold >= 0 && fold < folds))
    throw new Error(`foldSplit: fold=${fold} is invalid; expected a whole number from 0 to ${folds - 1}`);
  if (!(val >= 0 && val < 1)) throw new Error(`foldSplit: val=${val} is invalid; expected 0 <= val < 1`);
  const ids = [...new Set(userIds)].sort((a, b) => a - b);
  createRng(seed).shuffle(ids);
  const n = ids.length;
  const [from, to] = [Math.floor((fold * n) / folds), Math.floor(((fold + 1) * n) / folds)];
  const rest = [...ids.slice(0, from), ...ids.slice(to)];
  const numVal = Math.min(rest.length, Math.round(val * n));
  const ascending = (a: number, b: number): number => a - b;
  return {
    seed,
    train: rest.slice(numVal).sort(ascending),
    val: rest.slice(0, numVal).sort(ascending),
    test: ids.slice(from, to).sort(ascending),
  };
}
