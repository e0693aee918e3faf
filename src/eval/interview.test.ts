import * as tf from '@tensorflow/tfjs';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { parseMovieLens } from '../data/movielens';
import { splitUsers } from '../data/split';
import { generateSyntheticMovieLens } from '../data/synthetic';
import type { UserHistory } from '../data/types';
import { InterviewContext, DEFAULT_POLICY } from '../model/interview/ask';
import { learnTree } from '../model/interview/tree';
import { ListBatchAdapter } from '../model/listBatch';
import { prepareTrainingData, type PreparedData } from '../model/trainingData';
import { listQuality } from './interview';
import { summarizeSplit } from './interviewReport';
import { meanRecallAt, runStrategy, scorePolicies, withPolicy } from './interviewRun';

/**
 * A list model with the synthetic data's planted tastes: movie i's vector is its group's one-hot,
 * so ratings of a group's movies pull the state toward that group (high ratings for, low against).
 */
let data: PreparedData;
let adapter: ListBatchAdapter;
let ctx: InterviewContext;
let heldOut: UserHistory[];

beforeAll(async () => {
  await tf.setBackend('cpu');
  const syn = generateSyntheticMovieLens({ seed: 3, numUsers: 150, numMovies: 400, numGroups: 3 });
  const parsed = parseMovieLens({ ratings: syn.ratings, movies: syn.movies });
  const split = splitUsers(
    parsed.ratings.map((r) => r.userId),
    1,
    { train: 0.6, val: 0.2 },
  );
  data = prepareTrainingData(parsed, split);
  const groups = 3;
  const n = data.numItems;
  const vectors = new Float32Array(n * groups);
  parsed.movies.forEach((m, i) => {
    const g = syn.truth.movieGroup.get(m.movieId) ?? 0;
    vectors[i * groups + g] = 3;
  });
  adapter = new ListBatchAdapter(
    {
      dim: groups,
      vectors,
      stride: groups,
      biases: Float32Array.from(data.trainCounts, (c) => Math.log1p(c) * 0.3),
      u0: new Float32Array(groups),
      lr: 1,
      levelWeights: Float32Array.from({ length: 10 }, (_, l) => -1 + (2.5 * l) / 9),
      shrink: 1,
      encoder: null,
    },
    3,
  );
  ctx = new InterviewContext(
    {
      numItems: n,
      ratingCounts: data.trainCounts,
      entropy: data.trainItemEntropy,
      genres: parsed.movies.map((m) => m.genres.join('|')),
      excluded: new Set(),
    },
    {
      dim: groups,
      vectors,
      stride: groups,
      biases: new Float32Array(n),
      lr: new Float32Array(groups).fill(1),
    },
    DEFAULT_POLICY,
  );
  heldOut = [...data.val, ...data.test];
});

afterAll(() => adapter.dispose());

describe('listQuality', () => {
  it('scores the list against never-offered ratings >= 4, the rated movies left out', () => {
    const scores = Float32Array.from({ length: 30 }, (_, i) => 30 - i);
    const history = { userId: 1, items: Int32Array.of(0, 1, 2, 25), ratings: Float32Array.of(5, 4, 2, 5) };
    const support = { items: Int32Array.of(0), ratings: Float32Array.of(5) };
    // 0 was offered (and rated): not relevant; 1 is in the top 20, 25 is not.
    const q = listQuality(scores, null, support, history, new Set([0]));
    expect(q.recall).toBeCloseTo(0.5);
    // The floor keeps 1 out of the list.
    const mask = new Uint8Array(30).fill(1);
    mask[1] = 0;
    expect(listQuality(scores, mask, support, history, new Set([0])).recall).toBe(0);
  });
});

describe('simulateInterviews', () => {
  it('answers with real ratings, never offers a movie twice and counts offers to K', async () => {
    const users = heldOut.slice(0, 6);
    const runs = await runStrategy(adapter, ctx, users, 'popularity', {
      qs: [5, 10],
      ks: [1, 3],
      listable: null,
    });
    runs.forEach((r, u) => {
      const h = users[u] as UserHistory;
      const rated = new Map(Array.from(h.items, (item, j) => [item, h.ratings[j]]));
      expect(r.answers).toHaveLength(10);
      expect(new Set(r.answers.map((a) => a.item)).size).toBe(10);
      for (const a of r.answers) expect(a.rating).toBe(rated.get(a.item) ?? null);
      const ratedCount = (q: number) => r.answers.slice(0, q).filter((a) => a.rating !== null).length;
      const first = r.answers.findIndex((a) => a.rating !== null);
      expect(r.offersToK[0]).toBe(first >= 0 ? first + 1 : null);
      expect(r.byQ).toHaveLength(2);
      if (ratedCount(10) < 3) expect(r.byK[1]).toBeNull();
    });
  });

  it('adapts a batch exactly like one user at a time', async () => {
    const users = heldOut.slice(0, 4);
    const together = await runStrategy(adapter, ctx, users, 'greedy', { qs: [6], ks: [], listable: null });
    for (let u = 0; u < users.length; u++) {
      const alone = await runStrategy(adapter, ctx, [users[u] as UserHistory], 'greedy', {
        qs: [6],
        ks: [],
        listable: null,
      });
      expect(alone[0]?.answers).toEqual(together[u]?.answers);
      expect(alone[0]?.byQ[0]?.recall).toBeCloseTo(together[u]?.byQ[0]?.recall ?? NaN, 5);
    }
  });

  it('with planted tastes, informed strategies beat random', async () => {
    const opts = { qs: [5], ks: [], listable: null };
    const random = meanRecallAt(await runStrategy(adapter, ctx, heldOut, 'random', opts), 0);
    const tree = learnTree(data.train, {
      numItems: data.numItems,
      depth: 4,
      candidates: 20,
      minUsers: 6,
      seed: 1,
      fallback: 'greedy',
    });
    const treeCtx = withPolicy(ctx, { ...DEFAULT_POLICY, tree });
    const treeRecall = meanRecallAt(await runStrategy(adapter, treeCtx, heldOut, 'tree', opts), 0);
    const greedy = meanRecallAt(await runStrategy(adapter, ctx, heldOut, 'greedy', opts), 0);
    expect(treeRecall).toBeGreaterThan(random + 0.05);
    expect(greedy).toBeGreaterThan(random + 0.05);
  });

  it('scores several learned policies in one simulation as it would one by one', async () => {
    const users = heldOut.slice(0, 5);
    const w1 = [0, 0, 1, 0, 0, 0, 0];
    const w2 = [0, 0, 0, 1, 1, 0, 0];
    const both = await scorePolicies(adapter, ctx, users, [w1, w2], 5, null);
    const one = await scorePolicies(adapter, ctx, users, [w2], 5, null);
    expect(both[1]).toBeCloseTo(one[0] ?? NaN, 6);
  });
});

describe('summarizeSplit', () => {
  it('pairs every strategy with the reference user by user', async () => {
    const users = heldOut.slice(0, 8);
    const opts = { qs: [5], ks: [1], listable: null };
    const runs = new Map([
      ['pop-entropy' as const, await runStrategy(adapter, ctx, users, 'pop-entropy', opts)],
      ['greedy' as const, await runStrategy(adapter, ctx, users, 'greedy', opts)],
    ]);
    const rep = summarizeSplit('meta-val', runs, [5], [1], 'pop-entropy');
    const [ref, greedy] = rep.strategies;
    expect(ref?.pairedQ).toBeUndefined();
    const diff = (greedy?.byQ[0]?.recall.mean ?? 0) - (ref?.byQ[0]?.recall.mean ?? 0);
    expect(greedy?.pairedQ?.[0]?.recall.mean).toBeCloseTo(diff, 6);
    expect(greedy?.byK[0]?.neverShare).toBeGreaterThanOrEqual(0);
  });
});
