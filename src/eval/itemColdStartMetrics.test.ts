import { describe, expect, it } from 'vitest';
import { candidateScores, likerAuc, likerTopShare, otherTopShare, rankInList } from './itemColdStartMetrics';

describe('candidateScores and rankInList', () => {
  it('ranks a score among the candidates, excluded positions left out, ties in front', () => {
    const list = candidateScores([0.5, 3, 2, 9, 1], new Set([3]));
    expect(Array.from(list)).toEqual([3, 2, 1, 0.5]);
    expect(rankInList(list, 10)).toBe(1);
    expect(rankInList(list, 3)).toBe(1);
    expect(rankInList(list, 2.5)).toBe(2);
    expect(rankInList(list, 1)).toBe(3);
    expect(rankInList(list, 0)).toBe(5);
    expect(rankInList(list, NaN)).toBe(5);
    expect(rankInList(new Float32Array(0), 1)).toBe(1);
  });
});

describe('likerAuc', () => {
  it('is 1 when every liker ranks it higher, 0 when every liker ranks it lower, ties half', () => {
    const liked = [true, true, false, false];
    expect(likerAuc([1, 2, 3, 4], liked)).toBe(1);
    expect(likerAuc([4, 3, 2, 1], liked)).toBe(0);
    expect(likerAuc([5, 5, 5, 5], liked)).toBe(0.5);
    // Likers' ranks [2, 7] against the others' [7, 1]: 2 < 7 wins, 2 > 1 loses, 7 = 7 is half,
    // 7 > 1 loses: 1.5 of 4 pairs.
    expect(likerAuc([2, 7, 7, 1], liked)).toBeCloseTo(0.375);
  });

  it('is NaN without a liker or without another rater', () => {
    expect(likerAuc([1, 2], [true, true])).toBeNaN();
    expect(likerAuc([1, 2], [false, false])).toBeNaN();
    expect(likerAuc([], [])).toBeNaN();
  });
});

describe('likerTopShare', () => {
  it("counts the likers whose top n holds the movie, the others' ranks aside", () => {
    expect(likerTopShare([1, 20, 21, 3], [true, true, true, false], 20)).toBeCloseTo(2 / 3);
    expect(likerTopShare([1, 2], [false, false], 20)).toBeNaN();
  });
});

describe('otherTopShare', () => {
  it('counts the other raters whose top n holds the movie, the likers aside', () => {
    expect(otherTopShare([1, 20, 21, 3], [true, false, false, false], 20)).toBeCloseTo(2 / 3);
    expect(otherTopShare([1, 2], [true, true], 20)).toBeNaN();
  });
});
