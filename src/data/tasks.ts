/**
 * Meta-learning tasks: one task = one user, with a few ratings to adapt on (support) and other
 * ratings to score the adapted model on (query). Batches have fixed shapes and masks so the model
 * runs all tasks of a batch in one batched computation, and a fixed shape means one compiled graph.
 */
import { createRng } from './rng';
import type { RatedItems, TaskBatch, UserHistory } from './types';

export interface TaskSamplerOptions {
  seed: number;
  /** Smallest support set; default 1. */
  minSupport?: number;
  /** Largest support set, also the padded support length S; default 20. */
  maxSupport?: number;
  /** Largest query set, also the padded query length Q; default 20. */
  maxQuery?: number;
}

export interface TaskSampler {
  /** The next `numTasks` tasks of the seeded stream, padded to [numTasks, maxSupport] / [numTasks, maxQuery]. */
  sample(numTasks: number): TaskBatch;
}

function emptyBatch(numTasks: number, supportSize: number, querySize: number): TaskBatch {
  return {
    numTasks,
    supportSize,
    querySize,
    supportItems: new Int32Array(numTasks * supportSize),
    supportRatings: new Float32Array(numTasks * supportSize),
    supportMask: new Float32Array(numTasks * supportSize),
    queryItems: new Int32Array(numTasks * querySize),
    queryRatings: new Float32Array(numTasks * querySize),
    queryMask: new Float32Array(numTasks * querySize),
  };
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} = ${value} is invalid; expected an integer >= ${min}`);
  }
}

/**
 * A seeded stream of tasks. Each task: a user drawn uniformly from those with at least
 * minSupport + 1 ratings (so there is always a support of minSupport and a query of at least one;
 * with the default minSupport = 1 that excludes exactly the users with fewer than 2 ratings); their
 * ratings shuffled; a support size uniform in [minSupport, min(maxSupport, n - 1)]; the query is the
 * next up to maxQuery ratings, so support and query never share a rating.
 *
 * Same seed and same sequence of `sample` calls give the same batches.
 *
 * @throws Error when the options are invalid or no user has enough ratings.
 */
export function createTaskSampler(histories: UserHistory[], opts: TaskSamplerOptions): TaskSampler {
  const { seed, minSupport = 1, maxSupport = 20, maxQuery = 20 } = opts;
  checkCount('minSupport', minSupport, 1);
  checkCount('maxSupport', maxSupport, minSupport);
  checkCount('maxQuery', maxQuery, 1);
  const eligible = histories.filter((h) => h.items.length >= minSupport + 1);
  if (eligible.length === 0) {
    throw new Error(
      `createTaskSampler: none of ${histories.length} users has at least ${minSupport + 1} ratings; expected at least one`,
    );
  }
  const rng = createRng(seed);
  // Reused across tasks: a permutation prefix is all a task needs.
  let order = new Int32Array(0);

  const sample = (numTasks: number): TaskBatch => {
    checkCount('numTasks', numTasks, 0);
    const batch = emptyBatch(numTasks, maxSupport, maxQuery);
    for (let t = 0; t < numTasks; t++) {
      const user = eligible[rng.int(eligible.length)] as UserHistory;
      const n = user.items.length;
      const supportCount = minSupport + rng.int(Math.min(maxSupport, n - 1) - minSupport + 1);
      const queryCount = Math.min(maxQuery, n - supportCount);
      const needed = supportCount + queryCount;
      if (order.length < n) order = new Int32Array(n);
      for (let k = 0; k < n; k++) order[k] = k;
      // Partial Fisher-Yates: only the first `needed` positions of the shuffle are ever read.
      for (let k = 0; k < needed; k++) {
        const j = k + rng.int(n - k);
        const tmp = order[k] as number;
        order[k] = order[j] as number;
        order[j] = tmp;
      }
      for (let k = 0; k < supportCount; k++) {
        const src = order[k] as number;
        const dst = t * maxSupport + k;
        batch.supportItems[dst] = user.items[src] as number;
        batch.supportRatings[dst] = user.ratings[src] as number;
        batch.supportMask[dst] = 1;
      }
      for (let k = 0; k < queryCount; k++) {
        const src = order[supportCount + k] as number;
        const dst = t * maxQuery + k;
        batch.queryItems[dst] = user.items[src] as number;
        batch.queryRatings[dst] = user.ratings[src] as number;
        batch.queryMask[dst] = 1;
      }
    }
    return batch;
  };
  return { sample };
}

/**
 * Packs given support / query sets (e.g. a test user's fixed split) into a padded TaskBatch of
 * shape [tasks.length, supportSize] / [tasks.length, querySize], mask 1 on real slots.
 *
 * @throws Error when a set is longer than its padded size (nothing is silently dropped) or its
 *   items and ratings differ in length.
 */
export function sampleTaskBatchFromSets(
  tasks: { support: RatedItems; query: RatedItems }[],
  supportSize: number,
  querySize: number,
): TaskBatch {
  checkCount('supportSize', supportSize, 0);
  checkCount('querySize', querySize, 0);
  const batch = emptyBatch(tasks.length, supportSize, querySize);
  const pack = (
    set: RatedItems,
    size: number,
    offset: number,
    items: Int32Array,
    ratings: Float32Array,
    mask: Float32Array,
    what: string,
  ): void => {
    if (set.items.length !== set.ratings.length) {
      throw new Error(
        `${what}: ${set.items.length} items but ${set.ratings.length} ratings; expected equal lengths`,
      );
    }
    if (set.items.length > size) {
      throw new Error(`${what}: ${set.items.length} ratings do not fit the padded size ${size}`);
    }
    items.set(set.items, offset);
    ratings.set(set.ratings, offset);
    mask.fill(1, offset, offset + set.items.length);
  };
  tasks.forEach((task, t) => {
    pack(
      task.support,
      supportSize,
      t * supportSize,
      batch.supportItems,
      batch.supportRatings,
      batch.supportMask,
      `task ${t} support`,
    );
    pack(
      task.query,
      querySize,
      t * querySize,
      batch.queryItems,
      batch.queryRatings,
      batch.queryMask,
      `task ${t} query`,
    );
  });
  return batch;
}
