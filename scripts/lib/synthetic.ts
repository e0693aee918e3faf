/** Writes the synthetic MovieLens dataset (src/data/synthetic.ts) to disk for smoke runs and tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateSyntheticMovieLens,
  type SyntheticDataset,
  type SyntheticOptions,
} from '../../src/data/synthetic';

/**
 * Writes ratings.csv, movies.csv, links.csv and tags.csv into `dir` (created if missing), ready for
 * `--data dir`.
 *
 * @returns the planted groups, to check what a model recovered.
 */
export function writeSyntheticDataset(dir: string, opts?: SyntheticOptions): SyntheticDataset['truth'] {
  const dataset = generateSyntheticMovieLens(opts);
  mkdirSync(dir, { recursive: true });
  for (const name of ['ratings', 'movies', 'links', 'tags'] as const) {
    writeFileSync(join(dir, `${name}.csv`), dataset[name]);
  }
  return dataset.truth;
}
