/**
 * Output files that are either complete or absent: each is written to a temporary sibling and
 * renamed into place (a rename within one folder is atomic), so a run that fails or is killed
 * midway never leaves a half-written prediction file or report for someone to trust.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const tempOf = (path: string) => `${path}.tmp-${process.pid}`;

/** Writes `path` (creating its folder) through a temporary file and a rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeFilesAtomic(dirname(path), { [path.slice(dirname(path).length + 1)]: data });
}

/**
 * Writes several files into `dir`: all temporary files first, then the renames, so a failure while
 * writing (a full disk, an unwritable folder) replaces none of them. On failure the temporary
 * files are removed and the error is rethrown.
 */
export function writeFilesAtomic(dir: string, files: Record<string, string | Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  try {
    for (const [name, data] of Object.entries(files)) {
      const temp = tempOf(join(dir, name));
      written.push(temp);
      writeFileSync(temp, data);
    }
    for (const name of Object.keys(files)) renameSync(tempOf(join(dir, name)), join(dir, name));
  } catch (e) {
    for (const temp of written) rmSync(temp, { force: true });
    throw e;
  }
}
