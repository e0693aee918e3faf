import { describe, expect, it } from 'vitest';
import { pairedSummary, RECALL_PAIRED } from './pairedSummary';

const iv = (mean: number, half: number) => ({ mean, lo: mean - half, hi: mean + half, n: 100 });
const row = (against: string, k: number, mean: number, half: number) => ({
  method: 'maml',
  against,
  k,
  rmse: iv(mean, half),
  ndcg10: iv(0, 0.01),
});
const label = (n: string) => ({ maml: 'MAML', 'mf-foldin': 'MF fold-in', bias: 'Bias' })[n] ?? n;

describe('pairedSummary', () => {
  it('says per baseline whether the differences are noise, in K order', () => {
    const lines = pairedSummary(
      [
        row('mf-foldin', 20, 0.0064, 0.009),
        row('mf-foldin', 5, 0.0024, 0.008),
        row('mf-foldin', 10, 0.0025, 0.009),
        row('mf-foldin', 0, 0.5, 0.01),
        row('bias', 5, -0.02, 0.01),
        row('bias', 10, -0.03, 0.01),
        row('bias', 20, -0.001, 0.01),
      ],
      label,
    );
    expect(lines).toEqual([
      'MAML − MF fold-in, RMSE paired user by user at k = 5, 10, 20: +0.002, +0.003, +0.006; every 95% interval contains 0: within noise.',
      'MAML − Bias, RMSE paired user by user at k = 5, 10, 20: −0.020, −0.030, −0.001; clearly lower error at k = 5, 10, within noise elsewhere.',
    ]);
  });

  it('names a clear direction when every interval excludes 0', () => {
    const [line] = pairedSummary([row('bias', 5, -0.02, 0.01), row('bias', 10, -0.03, 0.01)], label);
    expect(line).toMatch(/: −0\.020, −0\.030; clearly lower error at every k\.$/);
    const [worse] = pairedSummary([row('bias', 5, 0.004, 0.003), row('bias', 10, 0.001, 0.003)], label);
    expect(worse).toMatch(/: \+0\.004, \+0\.001; clearly higher error at k = 5, within noise elsewhere\.$/);
  });

  it('keeps only the methods asked for', () => {
    const rows = [
      row('bias', 5, 0.01, 0.001),
      { ...row('bias', 5, 0.01, 0.001), method: 'pretrain' },
      { ...row('bias', 5, 0.01, 0.001), method: 'reptile' },
    ];
    expect(pairedSummary(rows, label, [5], ['pretrain', 'maml'])).toEqual([
      'pretrain − Bias, RMSE paired user by user at k = 5: +0.010; clearly higher error at every k.',
      'MAML − Bias, RMSE paired user by user at k = 5: +0.010; clearly higher error at every k.',
    ]);
  });

  it('ignores what is not a usable pair (old reports have none)', () => {
    expect(pairedSummary(undefined, label)).toEqual([]);
    expect(pairedSummary('x', label)).toEqual([]);
    expect(
      pairedSummary([{ method: 'maml', against: 'bias', k: 5, rmse: { mean: 'NaN' } }, null, 3], label),
    ).toEqual([]);
    expect(pairedSummary([{ ...row('bias', 5, 0.1, 0.01), rmse: null }], label)).toEqual([]);
  });

  it('reads a top-N report: Recall@20, higher is better, only against the baselines asked for', () => {
    const top = (against: string, k: number, mean: number, half: number) => ({
      method: 'encoder',
      against,
      k,
      recall: iv(mean, half),
      ndcg: iv(0, 0.01),
    });
    const rows = [
      top('popularity', 1, 0.01, 0.02),
      top('popularity', 5, 0.04, 0.01),
      top('maml', 5, 0.04, 0.01),
      top('ease-pop', 1, -0.03, 0.01),
      top('ease-pop', 5, -0.02, 0.01),
    ];
    const names = (n: string) =>
      ({ encoder: 'Set encoder', popularity: 'Popularity', 'ease-pop': 'EASE + popularity' })[n] ?? n;
    expect(
      pairedSummary(rows, names, [1, 5], undefined, {
        metric: RECALL_PAIRED,
        against: ['ease-pop', 'popularity'],
      }),
    ).toEqual([
      'Set encoder − EASE + popularity, Recall@20 paired user by user at k = 1, 5: −0.030, −0.020; clearly worse at every k.',
      'Set encoder − Popularity, Recall@20 paired user by user at k = 1, 5: +0.010, +0.040; clearly better at k = 5, within noise elsewhere.',
    ]);
    // Both directions: each with its own k.
    expect(
      pairedSummary(
        [top('ease', 1, 0.03, 0.01), top('ease', 5, -0.03, 0.01), top('ease', 10, 0, 0.01)],
        names,
        [1, 5, 10],
        undefined,
        {
          metric: RECALL_PAIRED,
        },
      ),
    ).toEqual([
      'Set encoder − ease, Recall@20 paired user by user at k = 1, 5, 10: +0.030, −0.030, ±0.000; clearly better at k = 1; clearly worse at k = 5, within noise elsewhere.',
    ]);
    // A rating report's rows have no recall: nothing to say about it.
    expect(
      pairedSummary([row('bias', 5, 0.01, 0.001)], label, [5], undefined, { metric: RECALL_PAIRED }),
    ).toEqual([]);
  });
});
