/**
 * The model the app ships (public/model, committed) is complete, readable by the same code the
 * browser uses, trained on the real data rather than the smoke configuration, and within the
 * download budget: at most 1.5 MB gzipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MODEL_METHODS } from '../src/methods/registry';
import { DEFAULT_MODEL_DIR, readModelDir } from './lib/modelDir';

describe('public/model', () => {
  it('parses with every method and a meta-test evaluation summary', () => {
    const model = readModelDir(DEFAULT_MODEL_DIR);
    expect(model.manifest.hyperparameters.smoke).toBe(false);
    expect(model.manifest.methods.map((m) => m.name).sort()).toEqual([...MODEL_METHODS].sort());
    for (const m of model.manifest.methods) expect(m.rule.kind, m.name).toBe('list');
    expect(model.ratingHead?.itemBias.length).toBe(model.movies.length);
    expect(model.manifest.evaluation).not.toBeNull();
    expect(model.movies.length).toBe(model.manifest.data.movies);
    expect(model.manifest.attribution).toMatch(/MovieLens/);
  });

  it('is at most 1.5 MB gzipped', () => {
    const files = readdirSync(DEFAULT_MODEL_DIR);
    const gz = files.reduce(
      (n, f) => n + gzipSync(readFileSync(join(DEFAULT_MODEL_DIR, f)), { level: 9 }).byteLength,
      0,
    );
    expect(gz).toBeLessThanOrEqual(1.5 * 1024 * 1024);
  });
});
