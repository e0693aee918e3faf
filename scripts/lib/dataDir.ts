/**
 * Node side of data loading: finds and reads a MovieLens folder, fingerprints it, and formats parse
 * issues for the console. Parsing itself is src/data/movielens.ts (pure, shared with the browser).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MovieLensFormatError, parseMovieLens } from '../../src/data/movielens';
import { tallyMovieLens, unusableReason } from '../../src/data/quality';
import type { MovieLensData, ParseIssue } from '../../src/data/types';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** ml-latest-small beside the repository (../shared/data/ml-latest-small), whatever the working directory. */
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '../shared/data/ml-latest-small');

/** Files in checksum order: required first, then the optional ones. */
const REQUIRED = ['ratings.csv', 'movies.csv'] as const;
const OPTIONAL = ['links.csv', 'tags.csv'] as const;

export interface LoadedMovieLens {
  data: MovieLensData;
  /**
   * sha256 hex over, for each file read in the order ratings, movies, links, tags: its name, a NUL
   * byte, its bytes, a NUL byte. Recorded with a trained model so results name the exact data.
   */
  checksum: string;
  /** Names of the files read, in checksum order, e.g. ['ratings.csv', 'movies.csv', 'links.csv']. */
  files: string[];
}

/**
 * Reads and parses a MovieLens folder: ratings.csv and movies.csv are required, links.csv and
 * tags.csv are read when present. Malformed rows end up in `data.issues` (print them with
 * formatIssues); a folder whose files are unusable by the rule in src/data/quality.ts throws.
 *
 * @throws Error naming the path when a required file is absent or a file cannot be read, when a
 *   header is wrong (`path:1: unexpected header ...`), or when a file is unusable (no usable row,
 *   or more than 5% bad rows), with the first bad rows as `path:line: ...`.
 */
export function loadMovieLensDir(dir: string): LoadedMovieLens {
  const hash = createHash('sha256');
  const texts = new Map<string, string>();
  for (const name of [...REQUIRED, ...OPTIONAL]) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      if ((REQUIRED as readonly string[]).includes(name)) {
        throw new Error(
          `${resolve(path)} not found: expected a MovieLens folder with ratings.csv and movies.csv ` +
            '(e.g. ml-latest-small); pass --data DIR to point at one',
        );
      }
      continue;
    }
    let bytes: Buffer;
    try {
      if (!statSync(path).isFile()) throw new Error('not a regular file');
      bytes = readFileSync(path);
    } catch (e) {
      throw new Error(`${resolve(path)} could not be read: ${(e as Error).message}`, { cause: e });
    }
    hash.update(name).update('\0').update(bytes).update('\0');
    texts.set(name, bytes.toString('utf8'));
  }
  let data: MovieLensData;
  try {
    data = parseMovieLens({
      ratings: texts.get('ratings.csv') as string,
      movies: texts.get('movies.csv') as string,
      links: texts.get('links.csv'),
      tags: texts.get('tags.csv'),
    });
  } catch (e) {
    // The parser names the file ("ratings.csv:1: ..."); say which folder it is in.
    if (e instanceof MovieLensFormatError) throw new Error(`${join(resolve(dir), e.message)}`, { cause: e });
    throw e;
  }
  const files = [...texts.keys()];
  const unusable = tallyMovieLens(data, files)
    .map(unusableReason)
    .filter((r): r is string => r !== null);
  if (unusable.length > 0)
    throw new Error(
      `${resolve(dir)}: cannot use this data. ${unusable.join('; ')}.\n${formatIssues(data.issues, 10, resolve(dir))}`,
    );
  return { data, checksum: hash.digest('hex'), files };
}

/**
 * A console summary of parse issues: the total and count per file, then the first `max` issues as
 * `file:line: message` (`dir/file:line` when `dir` is given, so an editor can jump to the row),
 * then how many were left out. "no parse issues" when there are none.
 */
export function formatIssues(issues: ParseIssue[], max = 10, dir?: string): string {
  if (issues.length === 0) return 'no parse issues';
  const perFile = new Map<string, number>();
  for (const issue of issues) perFile.set(issue.file, (perFile.get(issue.file) ?? 0) + 1);
  const counts = [...perFile].map(([file, n]) => `${file}: ${n}`).join(', ');
  const lines = [`${issues.length} parse issue${issues.length === 1 ? '' : 's'} (${counts}), rows skipped`];
  for (const issue of issues.slice(0, max))
    lines.push(`  ${dir === undefined ? issue.file : join(dir, issue.file)}:${issue.line}: ${issue.message}`);
  if (issues.length > max) lines.push(`  ... and ${issues.length - max} more`);
  return lines.join('\n');
}
