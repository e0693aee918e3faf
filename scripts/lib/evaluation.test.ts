import { describe, expect, it } from 'vitest';
import type { EvalReport, MethodResultAtK } from '../../src/eval/evaluate';
import type { CI } from '../../src/eval/metrics';
import { baselinePairs, verdict } from './evaluation';

const ci = (mean: number, half = 0.05): CI => ({ mean, lo: mean - half, hi: mean + half, n: 100 });
const at = (k: number, rmse: number, ndcg10: number): MethodResultAtK => ({
  k,
  rmse: ci(rmse),
  mae: ci(rmse - 0.2),
  ndcg3: ci(0.7),
  ndcg10: ci(ndcg10),
  recall20: ci(0.05),
});
const method = (name: string, rows: [number, number, number][]) => ({
  name,
  label: name.toUpperCase(),
  kind: 'rating' as const,
  byK: rows.map(([k, r, n]) => at(k, r, n)),
});

const report: EvalReport = {
  ks: [5, 10],
  numUsers: 100,
  numEpisodes: 300,
  seeds: [1, 2, 3],
  querySize: 10,
  methods: [
    method('maml', [
      [5, 0.9, 0.9],
      [10, 0.89, 0.89],
    ]),
    method('bias', [
      [5, 0.92, 0.88],
      [10, 0.88, 0.88],
    ]),
    method('mf-foldin', [
      [5, 0.91, 0.89],
      [10, 0.9, 0.88],
    ]),
  ],
  floors: { random: [] },
};

describe('verdict', () => {
  it('says per K whether the default beats both baselines, by the means', () => {
    const [k5, k10] = verdict(report, 'maml', [5, 10]);
    expect(k5).toBe(
      'K = 5: MAML has lower RMSE and higher nDCG@10 than both the bias baseline and MF fold-in ' +
        '(RMSE 0.9000 vs 0.9200 for BIAS; nDCG@10 0.9000 vs 0.8800 for BIAS; RMSE 0.9000 vs 0.9100 for MF-FOLDIN; nDCG@10 0.9000 vs 0.8900 for MF-FOLDIN).',
    );
    expect(k10).toMatch(
      /^K = 10: MAML does NOT beat both baselines\. Not better: RMSE 0\.8900 vs 0\.8800 for BIAS\./,
    );
  });

  it('adds the paired difference and whether its interval excludes 0', () => {
    const paired = {
      ...report,
      paired: [
        { method: 'maml', against: 'bias', k: 5, rmse: ci(-0.02, 0.005), ndcg10: ci(0.02, 0.03) },
        { method: 'maml', against: 'mf-foldin', k: 5, rmse: ci(-0.01, 0.012), ndcg10: ci(0.01, 0.005) },
      ],
    };
    const [k5] = verdict(paired, 'maml', [5]);
    expect(k5).toContain(
      'RMSE 0.9000 vs 0.9200 for BIAS (paired difference -0.0200 [-0.0250, -0.0150]: clear)',
    );
    expect(k5).toContain(
      'nDCG@10 0.9000 vs 0.8800 for BIAS (paired difference +0.0200 [-0.0100, +0.0500]: within noise)',
    );
    expect(k5).toContain(
      'RMSE 0.9000 vs 0.9100 for MF-FOLDIN (paired difference -0.0100 [-0.0220, +0.0020]: within noise)',
    );
  });

  it('asks for the default against both baselines', () => {
    expect(baselinePairs('metasgd')).toEqual([
      { method: 'metasgd', against: 'bias' },
      { method: 'metasgd', against: 'mf-foldin' },
    ]);
  });
});
