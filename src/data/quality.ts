/**
 * When is a parsed file usable? The one rule `npm run train`, `eval` and `predict` apply after
 * parsing (pure: counts in, a verdict out).
 *
 * A bad row (wrong field count, a non-integer id, a rating that is not 0.5..5 in half stars, a
 * repeated (userId, movieId) pair, a rating of a movie missing from movies.csv) is skipped and
 * reported as `file:line`, and the run goes on: one broken line must not stop training on 100k
 * good ones. A file is unusable, and the command stops before writing anything, when
 * - it has no usable row at all (a required file), or every data row is bad (any file); or
 * - more than MAX_BAD_SHARE of its data rows, and more than ALWAYS_TOLERATED rows, are bad: then
 *   it is most likely the wrong file, a truncated movies.csv or a broken export, and a model or a
 *   report built from the rest would be quietly wrong. (The count floor is for small files: one
 *   typo in a six-row support file for `npm run predict` is a warning, not 17% of the file.)
 */
import type { MovieLensData, ParseIssue } from './types';

/** Largest share of bad data rows a file may have and still be used (5%). */
export const MAX_BAD_SHARE = 0.05;
/** Up to this many bad rows are only warnings, whatever their share (small files). */
export const ALWAYS_TOLERATED = 2;

export interface FileTally {
  /** As in ParseIssue.file, e.g. "ratings.csv". */
  file: string;
  /** Data rows kept. */
  good: number;
  /** Data rows skipped (one ParseIssue each). */
  bad: number;
  /** A required file must have at least one usable row. */
  required: boolean;
}

/** Why the file cannot be used, or null when it can (its bad rows are then only warnings). */
export function unusableReason(t: FileTally): string | null {
  const total = t.good + t.bad;
  if (t.good === 0 && t.bad > 0)
    return `${t.file}: none of its ${t.bad} data row${t.bad === 1 ? ' is' : 's are'} usable`;
  if (t.good === 0 && t.required) return `${t.file}: no data rows (only a header); expected at least one`;
  if (t.bad > ALWAYS_TOLERATED && t.bad / total > MAX_BAD_SHARE) {
    const pct = ((100 * t.bad) / total).toFixed(t.bad / total < 0.1 ? 1 : 0);
    return `${t.file}: ${t.bad} of ${total} data rows (${pct}%) are bad, more than the ${MAX_BAD_SHARE * 100}% a usable file may have (wrong file or broken export?)`;
  }
  return null;
}

/** Kept and skipped rows per file of a parsed MovieLens folder (every skipped row has one issue). */
export function tallyMovieLens(data: MovieLensData, read: readonly string[]): FileTally[] {
  const kept: Record<string, number> = {
    'ratings.csv': data.ratings.length,
    'movies.csv': data.movies.length,
    'links.csv': data.links.length,
    'tags.csv': data.tags.length,
  };
  return read.map((file) => ({
    file,
    good: kept[file] ?? 0,
    bad: countIssues(data.issues, file),
    required: file === 'ratings.csv' || file === 'movies.csv',
  }));
}

export function countIssues(issues: readonly ParseIssue[], file: string): number {
  let n = 0;
  for (const issue of issues) if (issue.file === file) n++;
  return n;
}
