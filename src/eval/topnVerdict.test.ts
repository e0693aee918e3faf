import { describe, expect, it } from 'vitest';
import type { CI } from './metrics';
import type { TopNReport, TopNResultAtK } from './topn';
import { topNVerdict } from './topnVerdict';

const ci = (mean: number, half: number): CI => ({ mean, lo: mean - half, hi: mean + half, n: 50 });
const row = (k: number, recall: number): TopNResultAtK => ({
  k,
  recall: ci(recall, 0.03),
  ndcg: ci(recall, 0.03),
  coverage: 0.1,
  medianPopularityRank: 50,
  tally: { items: [], ranks: [], slots: [] },
});
const method = (name: string, label: string, recalls: [number, number][]) => ({
  name,
  label,
  kind: 'ranking' as const,
  byK: recalls.map(([k, r]) => row(k, r)),
});

const report: TopNReport = {
  listSize: 20,
  relevantRating: 4,
  order: 'random',
  ks: [0, 3, 10],
  seeds: [1],
  numUsers: 50,
  numEpisodes: 150,
  catalogSize: 100,
  methods: [
    method('encoder', 'Set encoder', [
      [0, 0.3],
      [3, 0.36],
      [10, 0.42],
    ]),
    method('pretrain', 'Pretrain + fine-tune', [
      [0, 0.3],
      [3, 0.35],
      [10, 0.4],
    ]),
    method('popularity', 'Most popular', [
      [0, 0.31],
      [3, 0.3],
      [10, 0.3],
    ]),
    method('ease-pop', 'EASE + popularity prior', [
      [0, 0.31],
      [3, 0.37],
      [10, 0.38],
    ]),
  ],
  paired: [
    { method: 'encoder', against: 'ease-pop', k: 3, recall: ci(-0.01, 0.02), ndcg: ci(0, 0.01) },
    { method: 'encoder', against: 'ease-pop', k: 10, recall: ci(0.04, 0.02), ndcg: ci(0, 0.01) },
  ],
};

describe('topNVerdict', () => {
  const lines = topNVerdict(report, 'encoder');

  it('says for each K > 0 whether the default beats every baseline, with the best one and the paired interval', () => {
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^K = 3: Set encoder \(Recall@20 0\.360\) does NOT beat EASE \+ popularity prior \(0\.370\)/,
    );
    expect(lines[0]).toContain('within noise');
    expect(lines[1]).toMatch(/^K = 10: Set encoder has the highest Recall@20, 0\.420, above every baseline/);
    expect(lines[1]).toContain('best: EASE + popularity prior 0.380; paired +0.040 [+0.020, +0.060], clear');
  });

  it('compares with the same model trained the plain way, which is no baseline', () => {
    expect(lines[1]).toContain('trained the plain way (pretrain + fine-tune): 0.400');
    expect(lines[0]).not.toContain('Pretrain + fine-tune (0.350)');
  });

  it('says nothing for a method the report lacks', () => {
    expect(topNVerdict(report, 'maml')).toEqual([]);
  });
});
