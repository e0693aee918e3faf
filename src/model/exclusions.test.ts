import { describe, expect, it } from 'vitest';
import { excludedIndices, mergeExclusions, parseExcludeEnv, parseExclusions } from './exclusions';
import { countListable, hideUnlistable, listableMask, listFloorOf } from './listFloor';

describe('exclusions', () => {
  it('reads exclude.json: movieIds once each, the note kept', () => {
    expect(parseExclusions({ movieIds: [4278, 7065, 4278], note: 'why' })).toEqual({
      movieIds: [4278, 7065],
      note: 'why',
    });
    expect(parseExclusions({ movieIds: [] })).toEqual({ movieIds: [] });
  });

  it('says what is wrong with a malformed file', () => {
    expect(() => parseExclusions([1, 2])).toThrow(/JSON object/);
    expect(() => parseExclusions({ ids: [1] })).toThrow(/no "movieIds"/);
    expect(() => parseExclusions({ movieIds: [1, '2'] })).toThrow(/found "2"/);
    expect(() => parseExclusions({ movieIds: [1.5] })).toThrow(/whole numbers/);
    expect(() => parseExclusions({ movieIds: [1], note: 3 })).toThrow(/note/);
  });

  it('merges WARMSTART_EXCLUDE into the file, and refuses an entry that is not a movieId', () => {
    expect(parseExcludeEnv(undefined)).toEqual([]);
    expect(parseExcludeEnv(' 12, 7065 ,')).toEqual([12, 7065]);
    expect(() => parseExcludeEnv('12,Titanic')).toThrow(/"Titanic", not a movieId/);
    expect(mergeExclusions({ movieIds: [4278, 7065], note: 'n' }, [7065, 1])).toEqual({
      movieIds: [4278, 7065, 1],
      note: 'n',
    });
  });

  it('maps movieIds to catalog indices, ignoring ids the catalog lacks', () => {
    expect(Array.from(excludedIndices([10, 20, 30, 40], [40, 10, 99]))).toEqual([0, 3]);
  });
});

describe('list floor filter', () => {
  const counts = [0, 3, 5, 10, 2, 30];

  it('lists a movie only with at least the floor of ratings and not excluded', () => {
    expect(Array.from(listableMask(counts, 0))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(listableMask(counts, 5))).toEqual([0, 0, 1, 1, 0, 1]);
    expect(Array.from(listableMask(counts, 5, [3, 99, -1]))).toEqual([0, 0, 1, 0, 0, 1]);
    expect(countListable(listableMask(counts, 3))).toBe(4);
  });

  it('hides the unlistable at -Infinity, per row of a batch', () => {
    const mask = listableMask(counts, 5);
    const scores = Float32Array.from([...counts, ...counts], (_, i) => i);
    hideUnlistable(scores, mask, counts.length);
    expect(Array.from(scores.subarray(0, 6))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(scores.subarray(6))).toEqual([-Infinity, -Infinity, 8, 9, -Infinity, 11]);
    expect(hideUnlistable(scores, null)).toBe(scores);
  });

  it('a manifest without a floor lists everything', () => {
    expect(listFloorOf({})).toBe(0);
    expect(listFloorOf({ listFloor: { minRatings: 10, reason: '', byFloor: [] } })).toBe(10);
  });
});
