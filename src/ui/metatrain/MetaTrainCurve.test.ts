import { describe, expect, it } from 'vitest';
import { thinPoints, yRange } from './MetaTrainCurve';

const pts = (n: number) => Array.from({ length: n }, (_, i) => ({ step: i + 1, value: i }));

describe('the live curve', () => {
  it('keeps at most one point per column, the first and the last among them', () => {
    const thin = thinPoints(pts(1000), 300);
    expect(thin).toHaveLength(300);
    expect(thin[0]).toEqual({ step: 1, value: 0 });
    expect(thin[299]).toEqual({ step: 1000, value: 999 });
    expect(thinPoints(pts(10), 300)).toHaveLength(10);
  });

  it('spans the values and the reference, padded, and gives a flat curve some height', () => {
    const [lo, hi] = yRange([0.3, 0.35, 0.4]);
    expect(lo).toBeLessThan(0.3);
    expect(hi).toBeGreaterThan(0.4);
    const [flo, fhi] = yRange([7, 7]);
    expect(fhi - flo).toBeGreaterThan(0);
    expect(yRange([NaN])).toEqual([0, 1]);
  });
});
