import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, formatIssues, loadMovieLensDir } from './dataDir';
import { writeSyntheticDataset } from './synthetic';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'warmstart-data-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadMovieLensDir', () => {
  it('loads a folder written by writeSyntheticDataset, with a stable checksum', () => {
    const dir = tempDir();
    const truth = writeSyntheticDataset(join(dir, 'nested', 'ml'), { seed: 2, numUsers: 12 });
    const loaded = loadMovieLensDir(join(dir, 'nested', 'ml'));
    expect(loaded.files).toEqual(['ratings.csv', 'movies.csv', 'links.csv', 'tags.csv']);
    expect(loaded.data.issues).toEqual([]);
    expect(new Set(loaded.data.ratings.map((r) => r.userId)).size).toBe(12);
    expect(truth.userGroup.size).toBe(12);
    expect(loaded.checksum).toMatch(/^[0-9a-f]{64}$/);

    const copy = tempDir();
    writeSyntheticDataset(copy, { seed: 2, numUsers: 12 });
    expect(loadMovieLensDir(copy).checksum).toBe(loaded.checksum);
    writeSyntheticDataset(copy, { seed: 3, numUsers: 12 });
    expect(loadMovieLensDir(copy).checksum).not.toBe(loaded.checksum);
  });

  it('treats links.csv and tags.csv as optional', () => {
    const dir = tempDir();
    writeSyntheticDataset(dir, { numUsers: 3 });
    unlinkSync(join(dir, 'tags.csv'));
    const loaded = loadMovieLensDir(dir);
    expect(loaded.files).toEqual(['ratings.csv', 'movies.csv', 'links.csv']);
    expect(loaded.data.tags).toEqual([]);
  });

  it('names the missing file and the --data flag', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'movies.csv'), 'movieId,title,genres\n');
    expect(() => loadMovieLensDir(dir)).toThrow(join(dir, 'ratings.csv'));
    expect(() => loadMovieLensDir(dir)).toThrow(/ratings\.csv and movies\.csv.*--data DIR/);
  });

  it('defaults to ../shared/data/ml-latest-small beside the repository', () => {
    expect(DEFAULT_DATA_DIR.replaceAll('\\', '/')).toMatch(/\/shared\/data\/ml-latest-small$/);
  });
});

describe('formatIssues', () => {
  it('summarizes counts per file and lists the first issues', () => {
    const issues = [
      { file: 'ratings.csv', line: 3, message: 'bad rating' },
      { file: 'movies.csv', line: 9, message: 'duplicate movieId 1' },
      { file: 'ratings.csv', line: 7, message: 'bad id' },
    ];
    expect(formatIssues(issues, 2)).toBe(
      [
        '3 parse issues (ratings.csv: 2, movies.csv: 1), rows skipped',
        '  ratings.csv:3: bad rating',
        '  movies.csv:9: duplicate movieId 1',
        '  ... and 1 more',
      ].join('\n'),
    );
    expect(formatIssues([])).toBe('no parse issues');
  });
});
