/** Reading and atomically replacing a model folder (public/model by default). */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNewItemSplit, type NewItemSplit } from '../../src/data/itemSplit';
import type { UserSplit } from '../../src/data/types';
import { parseShippedModel, type ShippedModel } from '../../src/model/shipped';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_MODEL_DIR = join(REPO_ROOT, 'public/model');

function readJson(file: string): unknown {
  if (!existsSync(file))
    throw new Error(
      `${file} is missing: a model folder holds manifest.json, weights.json, its shards and catalog.json. Run \`npm run train\` to create one.`,
    );
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(
      `${file} is not valid JSON (${(e as Error).message}). Run \`npm run train\` to rebuild the model.`,
      { cause: e },
    );
  }
}

export function readModelDir(dir: string): ShippedModel {
  const weights = readJson(join(dir, 'weights.json'));
  const paths = Array.isArray(weights) ? weights.flatMap((g: { paths?: string[] }) => g.paths ?? []) : [];
  const shards = paths.map((p) => {
    const file = join(dir, p);
    if (!existsSync(file))
      throw new Error(
        `${file} is missing (listed in weights.json). Run \`npm run train\` to rebuild the model.`,
      );
    const buf = readFileSync(file);
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  });
  return parseShippedModel({
    manifest: readJson(join(dir, 'manifest.json')),
    weights,
    shards,
    catalog: readJson(join(dir, 'catalog.json')),
  });
}

/** split.json: the user split and, since issue 17, the held-out new movies (absent in older models). */
export type ModelSplit = UserSplit & { newItems?: NewItemSplit };

/** The model's user split (split.json), checked for shape: the evaluation and the baselines need it. */
export function readSplit(dir: string): ModelSplit {
  const file = join(dir, 'split.json');
  if (!existsSync(file))
    throw new Error(
      `${file} is missing: the evaluation and the baselines need the model's user split. Retrain with \`npm run train\`.`,
    );
  const split = readJson(file) as Partial<UserSplit> | null;
  const ids = (x: unknown) => Array.isArray(x) && x.every((v) => Number.isInteger(v));
  if (typeof split !== 'object' || split === null || !ids(split.train) || !ids(split.val) || !ids(split.test))
    throw new Error(
      `${file} is not a user split (expected {"seed", "train", "val", "test"} with lists of userIds). Retrain with \`npm run train\`.`,
    );
  const newItems = (split as ModelSplit).newItems;
  if (newItems !== undefined && !isNewItemSplit(newItems))
    throw new Error(
      `${file}: "newItems" is not a list of validation and test movieIds ({"val": [...], "test": [...]}). Retrain with \`npm run train\`.`,
    );
  return split as ModelSplit;
}

/**
 * Write into a fresh sibling folder, then swap it in with renames: an interrupted run leaves the
 * previous model untouched.
 */
export function stageModelDir(dir: string): {
  path: string;
  write(name: string, data: string | Uint8Array): void;
  commit(): void;
  abort(): void;
} {
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  return {
    path: staging,
    write: (name, data) => writeFileSync(join(staging, name), data),
    commit: () => {
      const old = `${dir}.old-${process.pid}`;
      if (existsSync(dir)) renameSync(dir, old);
      renameSync(staging, dir);
      rmSync(old, { recursive: true, force: true });
    },
    abort: () => rmSync(staging, { recursive: true, force: true }),
  };
}
