/**
 * One chosen file, start to finish: bytes -> text -> CSV -> format -> rows -> matches, or one
 * message that says what is wrong. The import worker calls these (it owns the bytes and the
 * catalog index); the page only ever sees the review or the message. Pure.
 */
import { parseCsv } from '../csv';
import { unusableReason } from '../quality';
import { decodeImport } from './decode';
import { detectFormat, FORMAT_LABELS, readRows, type ParsedRows } from './formats';
import { matchRows, type ImportReview, type MatchContext } from './match';

export type ReadOutcome =
  { ok: true; parsed: ParsedRows } | { ok: false; message: string; details: string[] };

const MAX_LISTED = 10;

/** Bytes -> the file's rated rows, or why the file cannot be imported (with the bad lines). */
export function readImport(bytes: Uint8Array, fileName: string): ReadOutcome {
  const decoded = decodeImport(bytes);
  if (!decoded.ok) return { ok: false, message: decoded.message, details: [] };
  const csv = parseCsv(decoded.text, fileName);
  const detected = detectFormat(csv.header);
  if ('error' in detected) return { ok: false, message: detected.error, details: [] };
  const parsed = readRows(csv, detected.format, detected.cols);
  const lines = parsed.problems.map((p) => `line ${p.line}: ${p.message}`);
  const listed =
    lines.length > MAX_LISTED
      ? [...lines.slice(0, MAX_LISTED), `… and ${lines.length - MAX_LISTED} more`]
      : lines;
  const label = FORMAT_LABELS[detected.format];
  if (parsed.rows.length === 0 && parsed.problems.length === 0)
    return {
      ok: false,
      message:
        parsed.unrated > 0
          ? `This ${label} has ${parsed.unrated} entries but none with a rating: nothing to import.`
          : `This ${label} has a header but no rows: nothing to import.`,
      details: [],
    };
  const unusable = unusableReason({
    file: fileName,
    good: parsed.rows.length,
    bad: parsed.problems.length,
    required: true,
  });
  if (unusable)
    return {
      ok: false,
      message: `This ${label} cannot be imported: ${unusable.replace(`${fileName}: `, '')}. Nothing was changed; the rows:`,
      details: listed,
    };
  return { ok: true, parsed };
}

/** The users of a MovieLens file with their row counts (ascending userId); null for one user. */
export function usersOf(parsed: ParsedRows): { userId: number; rows: number }[] | null {
  if (parsed.format !== 'movielens') return null;
  const counts = new Map<number, number>();
  for (const r of parsed.rows) counts.set(r.userId ?? 0, (counts.get(r.userId ?? 0) ?? 0) + 1);
  if (counts.size < 2) return null;
  return [...counts].sort((a, b) => a[0] - b[0]).map(([userId, rows]) => ({ userId, rows }));
}

/** The review of a read file (for one user of a MovieLens file with several; default: the first). */
export function reviewImport(
  parsed: ParsedRows,
  fileName: string,
  ctx: MatchContext,
  userId: number | null = null,
): ImportReview {
  const users = usersOf(parsed);
  const chosen = users
    ? users.some((u) => u.userId === userId)
      ? userId
      : (users[0]?.userId ?? null)
    : null;
  const rows = chosen === null ? parsed.rows : parsed.rows.filter((r) => (r.userId ?? 0) === chosen);
  return {
    fileName,
    format: parsed.format,
    rows: rows.length,
    ...matchRows(rows, ctx),
    problems: parsed.problems,
    unrated: parsed.unrated,
    users,
    userId: chosen,
  };
}
