import { describe, expect, it } from 'vitest';
import type { CI } from './metrics';
import type { TopNReport, TopNResultAtK } from './topn';
import { renderTopNMarkdown } from './topnReport';

const ci = (mean: number, half: number, n = 40): CI => ({ mean, lo: mean - half, hi: mean + half, n });
const row = (k: number, recall: number, ndcg: number, coverage: number, median: number): TopNResultAtK => ({
  k,
  recall: ci(recall, 0.03),
  ndcg: ci(ndcg, 0.04),
  coverage,
  medianPopularityRank: median,
  tally: { items: [], ranks: [], slots: [] },
});

const report: TopNReport = {
  listSize: 20,
  relevantRating: 4,
  order: 'random',
  ks: [0, 5],
  seeds: [1, 2],
  numUsers: 40,
  numEpisodes: 80,
  catalogSize: 9742,
  methods: [
    {
      name: 'ease',
      label: 'EASE | lambda 250',
      kind: 'ranking',
      byK: [row(0, 0.3, 0.35, 0.002, 10.5), row(5, 0.412, 0.4, 0.058, 52)],
    },
    {
      name: 'popularity',
      label: 'Popularity',
      kind: 'ranking',
      byK: [row(0, 0.3, 0.35, 0.002, 10.5), row(5, 0.33, 0.36, 0.003, 11)],
    },
  ],
  paired: [
    { method: 'ease', against: 'popularity', k: 0, recall: ci(0, 0), ndcg: ci(0, 0) },
    { method: 'ease', against: 'popularity', k: 5, recall: ci(0.082, 0.02), ndcg: ci(0.01, 0.02) },
  ],
};

describe('renderTopNMarkdown', () => {
  const md = renderTopNMarkdown(report, { title: 'List baselines' });

  it('renders the protocol and the quality table, best per column in bold', () => {
    expect(md).toMatch(/^# List baselines\n/);
    expect(md).toContain('40 held-out users, 80 episodes');
    expect(md).toContain('(seeds 1, 2)');
    expect(md).toContain('| Method | Recall@20 K=0 | Recall@20 K=5 | nDCG@20 K=0 | nDCG@20 K=5 |');
    expect(md).toContain(
      '| EASE \\| lambda 250 | **0.300 ± 0.030** | **0.412 ± 0.030** | **0.350 ± 0.040** | **0.400 ± 0.040** |',
    );
    expect(md).toContain(
      '| Popularity | **0.300 ± 0.030** | 0.330 ± 0.030 | **0.350 ± 0.040** | 0.360 ± 0.040 |',
    );
  });

  it('renders coverage and the median popularity rank per K', () => {
    expect(md).toContain('| EASE \\| lambda 250 | 0.2% | 5.8% |');
    expect(md).toContain('| Popularity | 10.5 | 11 |');
  });

  it('renders the paired differences, "clear" only where the interval leaves 0 out', () => {
    expect(md).toContain('## EASE | lambda 250 minus each other method (paired by user)');
    expect(md).toContain(
      '| Popularity | Recall@20 | +0.000 [+0.000, +0.000] | +0.082 [+0.062, +0.102] clear |',
    );
    expect(md).toContain('| Popularity | nDCG@20 | +0.000 [+0.000, +0.000] | +0.010 [-0.010, +0.030] |');
  });

  it('leaves the paired section out when there is none, and says when supports follow time', () => {
    const bare = renderTopNMarkdown({ ...report, paired: undefined, order: 'time', seeds: [0] });
    expect(bare).not.toContain('paired by user');
    expect(bare).toContain('the first K ratings by timestamp');
    expect(bare).toMatch(/^# Top-20 lists for new users\n/);
  });
});
