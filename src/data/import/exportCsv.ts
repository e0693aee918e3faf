/**
 * The visitor's ratings as a MovieLens-format CSV (`userId,movieId,rating,title`, in the order they
 * were rated, userId 1), which the import reads back to the same ratings in the same order (no
 * timestamp column: the file order is the order), and the current recommendations as CSV. Pure.
 */

const cell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function ratingsCsv(
  rated: readonly { movieId: number; rating: number }[],
  titleOf: (movieId: number) => string,
): string {
  const lines = ['userId,movieId,rating,title'];
  for (const r of rated) lines.push(`1,${r.movieId},${r.rating},${cell(titleOf(r.movieId))}`);
  return `${lines.join('\n')}\n`;
}

export interface RecommendationRow {
  movieId: number;
  title: string;
  year: number | null;
  score: number;
  predicted: number | null;
}

export function recommendationsCsv(recs: readonly RecommendationRow[]): string {
  const lines = ['rank,movieId,title,year,score,predicted'];
  recs.forEach((r, i) =>
    lines.push(
      `${i + 1},${r.movieId},${cell(r.title)},${r.year ?? ''},${r.score.toFixed(4)},${r.predicted === null ? '' : r.predicted.toFixed(2)}`,
    ),
  );
  return `${lines.join('\n')}\n`;
}
