import { describe, expect, it } from 'vitest';
import type { ItemColdStartReport } from '../src/eval/itemColdStart';
import type { ShippedReport } from '../src/eval/shippedReport';
import { itemCaveat, itemSummaryLine, itemWinner, renderItemResults } from './lib/readmeItems';

const ci = (mean: number, half: number, n = 60) => ({ mean, lo: mean - half, hi: mean + half, n });
const items: ItemColdStartReport = {
  ks: [0, 3, 5],
  listSize: 20,
  relevantRating: 4,
  numItems: 60,
  numRatings: 3000,
  methods: [
    {
      name: 'foldin',
      label: 'Content + fold-in',
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
      label: 'Warm-up',
      byK: [0, 3, 5].map((k) => ({
        k,
        auc: ci(k === 0 ? 0.57 : 0.63, 0.02),
        topShare: ci(0.1, 0.02),
        otherTopShare: ci(0.08, 0.02),
        applicable: true,
      })),
    },
  ],
  paired: [
    { method: 'warmup', against: 'foldin', k: 0, auc: ci(-0.03, 0.01), topShare: ci(0, 0.01) },
    { method: 'warmup', against: 'foldin', k: 3, auc: ci(0.03, 0.01), topShare: ci(0, 0.01) },
    { method: 'warmup', against: 'foldin', k: 5, auc: ci(0.01, 0.02), topShare: ci(0, 0.01) },
  ],
};

describe('the README words about new movies', () => {
  it('say where the warm-up wins, loses and ties, and which method is best at each K', () => {
    expect(itemWinner(items)).toBe(
      "The meta-learned warm-up beats content + fold-in (RLFM-style) in likers' AUC at K = 3, loses to it at K = 0, is within noise of it at K = 5 (paired over 60 held-out test movies). Highest mean likers' AUC: K = 0: Content + fold-in (0.600); K = 3: Warm-up (0.630); K = 5: Warm-up (0.630).",
    );
  });

  it('say how close to chance the AUCs are and whom the warm-up shows the movie to', () => {
    const text = itemCaveat(items);
    expect(text).toContain('between 0.570 and 0.630 (0.5 = chance)');
    expect(text).toContain(
      'at K = 5 the warm-up puts the movie in the top 20 of 0.10 of its likers and of 0.08 of its other raters',
    );
  });

  it('are empty for a report without the item table', () => {
    const report = { items: null } as unknown as ShippedReport;
    expect(itemSummaryLine(report)).toBe('');
    expect(renderItemResults(report)).toEqual([]);
    const withItems = {
      items: { part: 'test', report: items, verdict: ['v'], notes: [], chosen: {} },
    } as unknown as ShippedReport;
    expect(renderItemResults(withItems).join('\n')).toContain(
      '| Warm-up | 0.570 ± 0.020 | 0.630 ± 0.020 | 0.630 ± 0.020 |',
    );
  });
});
