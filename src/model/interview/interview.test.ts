import { describe, expect, it } from 'vitest';
import type { UserHistory } from '../../data/types';
import { popDisagreementOrder, randomOrder } from '../../methods/onboardingOrders';
import { askedOf, DEFAULT_POLICY, InterviewContext, needsState, nextOffer, type InterviewView } from './ask';
import { policyFeatures, POLICY_FEATURES, scorePolicy } from './policy';
import { crossEntropySearch } from './search';
import { seenProbability, stateMove, stateSummary } from './signals';
import { branchOf, learnTree, loadTree, storeTree, walkTree } from './tree';
import { policyFromStored } from './fromModel';

const n = 60;
const dim = 3;
const counts = Float32Array.from({ length: n }, (_, i) => 100 - i);
const entropy = Float32Array.from({ length: n }, (_, i) => ((i * 7) % 10) / 3);
const genres = Array.from({ length: n }, (_, i) => ['Drama', 'Comedy|Drama', 'Horror'][i % 3] ?? '');
const vectors = Float32Array.from({ length: n * dim }, (_, k) => Math.sin(k * 1.3));
const model = { dim, vectors, stride: dim, biases: new Float32Array(n), lr: Float32Array.of(1, 0.5, 2) };
const catalog = { numItems: n, ratingCounts: counts, entropy, genres, excluded: new Set([2]) };
const ctx = new InterviewContext(catalog, model, DEFAULT_POLICY);
const scores = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
const view = (answers: InterviewView['answers']): InterviewView => ({
  answers,
  state: Float32Array.of(0.1, 0.2, 0.3),
  scores,
  seed: 7,
});

/** Users who like the movies of their group: group g rates item g (0, 1, 2) 5 and the others 1. */
function users(): UserHistory[] {
  return Array.from({ length: 60 }, (_, u) => {
    const g = u % 3;
    const items = [3, 4, 5, ...Array.from({ length: 12 }, (_, j) => 10 + g * 12 + j)];
    return {
      userId: u,
      items: Int32Array.from(items),
      ratings: Float32Array.from(items, (i) => (i < 10 ? (i - 3 === g ? 5 : 1) : 4.5)),
    };
  });
}

describe('nextOffer', () => {
  it('never offers an asked or excluded movie, for every strategy', () => {
    const tree = learnTree(users(), {
      numItems: n,
      depth: 3,
      candidates: 6,
      minUsers: 4,
      seed: 1,
      fallback: 'greedy',
    });
    const c = new InterviewContext(catalog, model, {
      ...DEFAULT_POLICY,
      tree,
      learned: { weights: [1, 0, 0, 1, 1, 0, 0] },
    });
    for (const s of [
      'pop-entropy',
      'popularity',
      'random',
      'informative',
      'entropy',
      'log-entropy',
      'greedy',
      'tree',
      'learned',
    ] as const) {
      const answers: { item: number; rating: number | null }[] = [];
      for (let q = 0; q < 20; q++) {
        const i = nextOffer(c, s, view(answers));
        expect(i).toBeGreaterThanOrEqual(0);
        expect(askedOf(view(answers)).has(i)).toBe(false);
        expect(i).not.toBe(2);
        answers.push({ item: i, rating: q % 2 ? 4 : null });
      }
    }
  });

  it('plays the static orders of the app', () => {
    expect(nextOffer(ctx, 'random', view([]))).toBe(randomOrder(catalog, 7)[0]);
    expect(nextOffer(ctx, 'pop-entropy', view([]))).toBe(
      popDisagreementOrder(catalog, 10, catalog.excluded)[0],
    );
    expect(nextOffer(ctx, 'popularity', view([]))).toBe(0);
    expect(
      nextOffer(
        ctx,
        'popularity',
        view([
          { item: 0, rating: null },
          { item: 1, rating: 3 },
        ]),
      ),
    ).toBe(3);
    expect(needsState(ctx, 'popularity')).toBe(false);
    expect(needsState(ctx, 'greedy')).toBe(true);
  });

  it('greedy maximizes P(seen) x state move over the pool', () => {
    const { logp, vbar } = stateSummary(model, scores);
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < n; i++) {
      if (i === 2) continue;
      const s = seenProbability(logp[i]!, DEFAULT_POLICY.greedyRatings) * stateMove(model, vbar, i);
      if (s > bestScore) [best, bestScore] = [i, s];
    }
    expect(nextOffer(ctx, 'greedy', view([]))).toBe(best);
    const total = Array.from(logp).reduce((s, l) => s + Math.exp(l), 0);
    expect(total).toBeCloseTo(1, 6);
  });
});

describe('the learned interviewer', () => {
  it('scores features linearly, each feature in [0, 1]', () => {
    const cands = Int32Array.of(0, 5, 9);
    const f = policyFeatures(ctx, view([{ item: 1, rating: null }]), cands);
    expect(f).toHaveLength(3 * POLICY_FEATURES.length);
    for (const x of f) expect(x >= 0 && x <= 1 + 1e-6).toBe(true);
    const w = POLICY_FEATURES.map((_, k) => (k === 0 ? 1 : 0));
    expect(Array.from(scorePolicy(w, f, 3))).toEqual([
      f[0],
      f[POLICY_FEATURES.length],
      f[2 * POLICY_FEATURES.length],
    ]);
  });

  it('the search is deterministic with a seed and climbs a simple objective', async () => {
    const run = (seed: number) =>
      crossEntropySearch({
        init: [0, 0, 0],
        sigma: 1,
        population: 10,
        elites: 3,
        generations: 8,
        seed,
        evaluate: async (cs) => cs.map((w) => -((w[0]! - 1) ** 2) - (w[1]! + 2) ** 2 - w[2]! ** 2),
      });
    const a = await run(3);
    const b = await run(3);
    expect(a).toEqual(b);
    expect(a.best.score).toBeGreaterThan(-0.5);
    expect((await run(4)).best.weights).not.toEqual(a.best.weights);
  });
});

describe('the interview tree', () => {
  it('is deterministic with a seed and asks what separates the groups', () => {
    const opts = {
      numItems: n,
      depth: 3,
      candidates: 8,
      minUsers: 4,
      seed: 5,
      fallback: 'pop-entropy' as const,
    };
    const a = learnTree(users(), opts);
    expect(learnTree(users(), opts)).toEqual(a);
    expect(a.nodes.length).toBeGreaterThan(1);
    expect([3, 4, 5]).toContain(a.nodes[0]!.item);
  });

  it('walks the answers to its own questions, in any order, and stores by movieId', () => {
    const tree = {
      nodes: [
        { item: 3, children: [1, -1, 2] as [number, number, number], users: 9 },
        { item: 7, children: [-1, -1, -1] as [number, number, number], users: 4 },
        { item: 8, children: [-1, -1, -1] as [number, number, number], users: 3 },
      ],
      fallback: 'greedy' as const,
    };
    expect(walkTree(tree, [])).toBe(3);
    expect(
      walkTree(tree, [
        { item: 9, rating: 2 },
        { item: 3, rating: 4.5 },
      ]),
    ).toBe(7);
    expect(walkTree(tree, [{ item: 3, rating: null }])).toBe(8);
    expect(walkTree(tree, [{ item: 3, rating: 2 }])).toBeNull();
    expect([branchOf(4), branchOf(3.5), branchOf(null)]).toEqual([0, 1, 2]);
    const ids = Int32Array.from({ length: n }, (_, i) => 1000 + i);
    const index = new Map(Array.from(ids, (id, i) => [id, i]));
    expect(loadTree(storeTree(tree, ids), index)).toEqual(tree);
    const { policy, defaultStrategy } = policyFromStored(
      {
        defaultStrategy: 'tree',
        greedyRatings: 50,
        tree: storeTree(tree, ids),
        learned: { features: [...POLICY_FEATURES], weights: [1, 2, 3, 4, 5, 6, 7] },
      },
      index,
    );
    expect(defaultStrategy).toBe('tree');
    expect(policy.tree).toEqual(tree);
    expect(policy.learned?.weights).toHaveLength(POLICY_FEATURES.length);
    expect(policyFromStored({ defaultStrategy: 'nope' }, index).defaultStrategy).toBe('pop-entropy');
  });
});
