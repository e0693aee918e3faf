import { describe, expect, it } from 'vitest';
import { niceTicks, stepTicks } from './ticks';

describe('chart ticks', () => {
  it('round ticks from zero that cover the maximum', () => {
    expect(niceTicks(1.5)).toEqual([0, 0.5, 1, 1.5]);
    expect(niceTicks(1.6)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceTicks(0.34)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(12)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(0)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(NaN)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
  it('integer step ticks that end at the last step', () => {
    expect(stepTicks(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(stepTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(stepTicks(11)).toEqual([0, 5, 11]);
    expect(stepTicks(50)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(stepTicks(1)).toEqual([0, 1]);
    expect(stepTicks(7)).toEqual([0, 2, 4, 7]);
  });
});
