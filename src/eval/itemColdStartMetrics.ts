/**
 * The measures of the item cold-start evaluation (issue 17): where a new movie lands in each
 * held-out rater's catalog-wide list, and whether it lands higher for the raters who liked it. Pure
 * TypeScript on typed arrays.
 */

/**
 * A rater's list as the rank of a score needs it: the scores of the movies the rater could be
 * shown (not rated, not another new movie), sorted descending.
 */
export type CandidateScores = Float32Array;

/**
 * Sorted copy (descending) of the scores at the candidate positions: every catalog index except
 * those in `exclude`.
 */
export function candidateScores(scores: ArrayLike<number>, exclude: ReadonlySet<number>): CandidateScores {
  const out: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!exclude.has(i)) out.push(scores[i] as number);
  return Float32Array.from(out).sort().reverse();
}

/**
 * 1-based position a movie scoring `score` takes in a rater's list: 1 + the candidates scoring
 * strictly higher (a tie goes in front, as a new arrival would be shown). A NaN score ranks last.
 * Binary search: O(log n).
 */
export function rankInList(sortedDesc: CandidateScores, score: number): number {
  if (Number.isNaN(score)) return sortedDesc.length + 1;
  let lo = 0;
  let hi = sortedDesc.length;
  // Invariant: sortedDesc[< lo] > score, sortedDesc[>= hi] <= score.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sortedDesc[mid] as number) > score) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/**
 * AUC of the likers against the others: the probability that the new movie ranks higher (a
 * smaller rank) for a random liker than for a random other rater, ties counting half. NaN when
 * either group is empty. O(n^2) over the raters of one movie (tens to a few hundred).
 */
export function likerAuc(ranks: ArrayLike<number>, liked: ArrayLike<boolean>): number {
  let pairs = 0;
  let wins = 0;
  for (let a = 0; a < ranks.length; a++) {
    if (!liked[a]) continue;
    for (let b = 0; b < ranks.length; b++) {
      if (liked[b]) continue;
      pairs++;
      const ra = ranks[a] as number;
      const rb = ranks[b] as number;
      wins += ra < rb ? 1 : ra === rb ? 0.5 : 0;
    }
  }
  return pairs === 0 ? NaN : wins / pairs;
}

/** Share of the likers for whom the new movie is within the top `n` of their list; NaN without likers. */
export function likerTopShare(ranks: ArrayLike<number>, liked: ArrayLike<boolean>, n: number): number {
  let likers = 0;
  let shown = 0;
  for (let a = 0; a < ranks.length; a++) {
    if (!liked[a]) continue;
    likers++;
    if ((ranks[a] as number) <= n) shown++;
  }
  return likers === 0 ? NaN : shown / likers;
}

/**
 * Share of the other raters (rated it below the liked rating) for whom the new movie is within the
 * top `n` of their list; NaN without such raters. The likers' share alone rewards showing a movie to
 * everyone: this is its cost, and the lower the better at the same likers' share.
 */
export function otherTopShare(ranks: ArrayLike<number>, liked: ArrayLike<boolean>, n: number): number {
  let others = 0;
  let shown = 0;
  for (let a = 0; a < ranks.length; a++) {
    if (liked[a]) continue;
    others++;
    if ((ranks[a] as number) <= n) shown++;
  }
  return others === 0 ? NaN : shown / others;
}
