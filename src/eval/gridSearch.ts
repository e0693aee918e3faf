/**
 * Choosing a setting from a list of candidates by a validation score: the one loop every tuner
 * (EASE's lambda, kNN's neighbour count, PureSVD's rank, a prior's weight) would otherwise write
 * again. Candidates are scored one after another (a score may hold a GPU or a large matrix).
 */

export interface GridRow<C> {
  candidate: C;
  /** Higher is better; NaN never wins. */
  score: number;
}

export interface GridResult<C> {
  /** The candidate with the highest score; the earliest one wins a tie. */
  best: C;
  bestScore: number;
  /** Every candidate with its score, in the order given. */
  table: GridRow<C>[];
}

/**
 * Scores every candidate and returns the best with the whole table. List candidates in order of
 * preference (e.g. the simpler model first): a tie keeps the earlier one.
 *
 * @throws Error when there are no candidates or every score is NaN.
 */
export async function gridSearch<C>(
  candidates: readonly C[],
  score: (candidate: C) => number | Promise<number>,
): Promise<GridResult<C>> {
  if (candidates.length === 0) throw new Error('gridSearch: no candidates');
  const table: GridRow<C>[] = [];
  let best: GridRow<C> | null = null;
  for (const candidate of candidates) {
    const row = { candidate, score: await score(candidate) };
    table.push(row);
    if (!Number.isNaN(row.score) && (best === null || row.score > best.score)) best = row;
  }
  if (best === null) throw new Error('gridSearch: every candidate scored NaN');
  return { best: best.candidate, bestScore: best.score, table };
}
