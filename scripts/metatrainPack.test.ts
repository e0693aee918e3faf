/**
 * The training panel's pack (public/metatrain, committed, written by `npm run metatrain-data`)
 * decodes with the code the worker runs, follows the shipped model's split and catalog, names its
 * source, and fits the download budget: at most 600 KB gzipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePack } from '../src/data/metatrainPack';
import { PANEL_VAL, packValidationSet } from '../src/model/panelTrainer';
import { DEFAULT_MODEL_DIR, readModelDir, readSplit, REPO_ROOT } from './lib/modelDir';

const dir = join(REPO_ROOT, 'public/metatrain');
const bytes = new Uint8Array(readFileSync(join(dir, 'pack.bin')));

describe('public/metatrain', () => {
  it('is at most 600 KB gzipped', () => {
    expect(gzipSync(bytes, { level: 9 }).byteLength).toBeLessThanOrEqual(600 * 1024);
  });

  it('decodes: the meta-train users of the shipped split on its catalog, and a few meta-val users', () => {
    const pack = decodePack(bytes);
    const model = readModelDir(DEFAULT_MODEL_DIR);
    const split = readSplit(DEFAULT_MODEL_DIR);
    expect(pack.header.numItems).toBe(model.catalog.movies.length);
    expect(pack.header.checksum).toBe(model.manifest.data.checksum);
    expect(pack.train.map((h) => h.userId)).toEqual([...split.train].sort((a, b) => a - b));
    expect(pack.val.length).toBe(PANEL_VAL.users);
    const val = new Set(split.val);
    for (const h of pack.val) expect(val.has(h.userId)).toBe(true);
    expect(packValidationSet(pack.val).supports.length).toBeGreaterThan(100);
    expect(pack.header.attribution).toMatch(/MovieLens/);
    const side = JSON.parse(readFileSync(join(dir, 'attribution.json'), 'utf8')) as { attribution: string };
    expect(side.attribution).toBe(pack.header.attribution);
  });
});
