import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFilesAtomic } from './atomicWrite';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'warmstart-atomic-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeFilesAtomic', () => {
  it('writes every file, creating the folder, with no temporary file left', () => {
    const dir = join(tempDir(), 'a', 'b');
    writeFilesAtomic(dir, { 'x.json': '{}', 'y.svg': new Uint8Array([60, 115]) });
    expect(readdirSync(dir).sort()).toEqual(['x.json', 'y.svg']);
    expect(readFileSync(join(dir, 'y.svg'), 'utf8')).toBe('<s');
    writeFileAtomic(join(dir, 'z.csv'), 'a,b\n');
    expect(readFileSync(join(dir, 'z.csv'), 'utf8')).toBe('a,b\n');
  });

  it('replaces none of the files when writing one of them fails, and cleans up', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'report.json'), 'old');
    const broken = { toString: () => 'never' } as unknown as string; // writeFileSync rejects it
    expect(() => writeFilesAtomic(dir, { 'report.json': 'new', 'report.md': broken })).toThrow();
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('old');
  });
});
