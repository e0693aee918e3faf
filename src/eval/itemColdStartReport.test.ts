import { describe, expect, it } from 'vitest';
import type { ItemColdStartReport } from './itemColdStart';
import { itemVerdict, renderItemColdStartMarkdown } from './itemColdStartReport';

const ci = (mean: number, half: number, n = 60) => ({ mean, lo: mean - half, hi: mean + half, n });
const report: ItemColdStartReport = {
  ks: [0, 3, 5],
  listSize: 20,
  relevantRating: 4,
  numItems: 60,
  numRatings: 3000,
  methods: [
    {
      name: 'foldin',
      label: 'Content + fold-in (RLFM-style)',
      byK: [0, 3, 5].map((k) => ({
        k,
        auc: ci(0.6, 0.02),
        topShare: ci(0.1, 0.02),
        otherTopShare: ci(0.3, 0.02),
        applicable: true,
      })),
    },
    {
      name: 'warmup',
      label: 'Meta-learned warm-up (MetaEmb-style)',
      byK: [0, 3, 5].map((k) => ({
        k,
        auc: ci(0.62, 0.02),
        topShare: ci(0.12, 0.02),
        otherTopShare: ci(0.3, 0.02),
        applicable: true,
      })),
    },
    {
      name: 'knn',
      label: 'Item-kNN through co-raters',
      byK: [0, 3, 5].map((k) => ({
        k,
        auc: ci(k === 0 ? NaN : 0.55, 0.02, 0),
        topShare: ci(0.05, 0.01),
        otherTopShare: ci(0.04, 0.01),
        applicable: k > 0,
      })),
    },
  ],
  paired: [
    { method: 'warmup', against: 'foldin', k: 0, auc: ci(-0.03, 0.01), topShare: ci(0, 0.01) },
    { method: 'warmup', against: 'foldin', k: 3, auc: ci(0.031, 0.019), topShare: ci(0.02, 0.01) },
    { method: 'warmup', against: 'foldin', k: 5, auc: ci(0.01, 0.02), topShare: ci(0.02, 0.01) },
  ],
};

describe('itemVerdict', () => {
  it('says per K whether the warm-up beats the fold-in, with the paired interval and the count', () => {
    expect(itemVerdict(report, 'warmup', 'foldin')).toEqual([
      "At K = 0 the meta-learned warm-up (MetaEmb-style) does NOT beat (clearly worse than) content + fold-in (RLFM-style) in likers' AUC: -0.030 [-0.040, -0.020], paired over 60 test movies.",
      "At K = 3 the meta-learned warm-up (MetaEmb-style) beats content + fold-in (RLFM-style) in likers' AUC: +0.031 [+0.012, +0.050], paired over 60 test movies.",
      "At K = 5 the meta-learned warm-up (MetaEmb-style) does NOT beat (within noise) content + fold-in (RLFM-style) in likers' AUC: +0.010 [-0.010, +0.030], paired over 60 test movies.",
    ]);
    expect(itemVerdict(report, 'warmup', 'content')).toEqual([]);
  });
});

describe('renderItemColdStartMarkdown', () => {
  it('tables both measures, marks the best per K, says n/a where a method cannot place', () => {
    const md = renderItemColdStartMarkdown(report, { title: 'New movies', verdict: ['v'], notes: ['note'] });
    expect(md).toContain('## New movies');
    expect(md).toContain('- note');
    expect(md).toContain('| Meta-learned warm-up (MetaEmb-style) | **0.620 ± 0.020** |');
    expect(md).toContain('| Item-kNN through co-raters | n/a | 0.550 ± 0.020 |');
    expect(md).toContain(
      '| AUC: Meta-learned warm-up (MetaEmb-style) - Content + fold-in (RLFM-style) | -0.030 [-0.040, -0.020] | +0.031 [+0.012, +0.050] | +0.010 [-0.010, +0.030] (noise) |',
    );
  });
});
