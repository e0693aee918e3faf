import { describe, expect, it } from 'vitest';
import { changeSummary, listChanges } from './listChanges';

describe('listChanges', () => {
  it('marks new, up, down and same against the previous list', () => {
    const c = listChanges([10, 11, 12, 13], [12, 11, 14, 10]);
    expect(c).toEqual([
      { kind: 'up', by: 2 },
      { kind: 'same', by: 0 },
      { kind: 'new', by: 0 },
      { kind: 'down', by: 3 },
    ]);
    expect(changeSummary(c)).toBe('1 new, 1 moved up, 1 moved down');
  });

  it('without a previous list marks nothing', () => {
    expect(listChanges(null, [1, 2]).every((c) => c.kind === 'same')).toBe(true);
  });

  it('says "unchanged" rather than "0 changed"', () => {
    expect(changeSummary(listChanges([1, 2, 3], [1, 2, 3]))).toBe('unchanged');
  });

  it('summarizes only the first n places', () => {
    expect(changeSummary(listChanges([1, 2, 3], [1, 2, 9]), 2)).toBe('unchanged');
  });
});
