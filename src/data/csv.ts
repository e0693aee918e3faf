/**
 * RFC 4180 CSV reader. Pure (no I/O), so the loader runs in Node and the browser alike.
 *
 * Hand-written rather than `split(',')` because MovieLens titles contain quoted commas and doubled
 * quotes ("Good, the Bad and the Ugly, The (1966)", `"11'09""01 - September 11 (2002)"`), and a
 * field may in principle span lines.
 */
import type { ParseIssue } from './types';

export interface CsvRow {
  /** 1-based physical line where the record starts (a quoted newline makes a record span lines). */
  line: number;
  fields: string[];
}

export interface CsvResult {
  /** Fields of the first non-blank record; empty when the text has none. */
  header: string[];
  /** 1-based line of the header record (after any leading blank lines); absent when there is none. */
  headerLine?: number;
  /** Every record after the header, blank lines left out. */
  rows: CsvRow[];
  issues: ParseIssue[];
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;

/** Counts line breaks (CRLF, LF or a lone CR) in text[from, to). */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}

/** Index just past the line break at or after `from`, or text.length when there is none. */
function nextLineStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === CR) return text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
  }
  return text.length;
}

/**
 * Parses CSV text: quoted fields with commas, doubled quotes and line breaks; CRLF, LF or CR line
 * ends; a leading UTF-8 BOM; blank lines and a trailing newline are ignored. Field counts are not
 * checked here (the caller knows how many it expects).
 *
 * A record whose quote never closes is reported as an issue at the line where it starts and skipped;
 * reading resumes on the next physical line so one stray quote loses one record, not the file.
 * Text after a closing quote (`"ab"c`) is also reported and the record skipped.
 *
 * @param file name used in issues, e.g. "ratings.csv"
 */
export function parseCsv(text: string, file: string): CsvResult {
  const issues: ParseIssue[] = [];
  const records: CsvRow[] = [];
  const len = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  while (i < len) {
    const recordStart = i;
    const recordLine = line;
    const fields: string[] = [];
    let problem: string | null = null;
    let unterminated = false;

    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted field: jump from quote to quote with indexOf, which is much faster than a char loop.
        let parts = '';
        let pos = i + 1;
        for (;;) {
          const close = text.indexOf('"', pos);
          if (close === -1) {
            unterminated = true;
            break;
          }
          parts += text.slice(pos, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            parts += '"';
            pos = close + 2;
          } else {
            pos = close + 1;
            break;
          }
        }
        if (unterminated) break;
        line += countLineBreaks(text, i, pos);
        field = parts;
        i = pos;
        const c = text.charCodeAt(i);
        if (i < len && c !== COMMA && c !== LF && c !== CR) {
          // Keep reading to the end of the field so the record still ends in the right place.
          let end = i;
          while (end < len) {
            const d = text.charCodeAt(end);
            if (d === COMMA || d === LF || d === CR) break;
            end++;
          }
          problem ??= `unexpected text ${JSON.stringify(text.slice(i, end))} after a closing quote; expected a comma or the end of the line`;
          i = end;
        }
      } else {
        let end = i;
        while (end < len) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF || c === CR) break;
          end++;
        }
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);

      const c = text.charCodeAt(i);
      if (i < len && c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      else if (c === LF) i++;
      line++;
      break;
    }

    if (unterminated) {
      issues.push({
        file,
        line: recordLine,
        message: 'unterminated quoted field (a " with no closing "); record skipped',
      });
      i = nextLineStart(text, recordStart);
      line = recordLine + 1;
      continue;
    }
    if (problem !== null) {
      issues.push({ file, line: recordLine, message: `${problem}; record skipped` });
      continue;
    }
    if (fields.length === 1 && fields[0] === '' && text.charCodeAt(recordStart) !== QUOTE) continue;
    records.push({ line: recordLine, fields });
  }

  const [first, ...rows] = records;
  return first
    ? { header: first.fields, headerLine: first.line, rows, issues }
    : { header: [], rows, issues };
}
