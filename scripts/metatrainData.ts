/**
 * npm run metatrain-data [-- --data DIR --model DIR --out DIR]
 * Writes the training panel's pack (public/metatrain/pack.bin) and its attribution
 * (public/metatrain/attribution.json): the meta-train users' ratings of the shipped model's split
 * (public/model/split.json), as indices of its catalog, and PANEL_VAL.users meta-val users for the
 * live Recall@20. Thin: parse flags, call src/, write files. Malformed rows are reported, not fatal.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { buildHistories } from '../src/data/movielens';
import { encodePack } from '../src/data/metatrainPack';
import { PANEL_VAL } from '../src/model/panelTrainer';
import { DEFAULT_DATA_DIR, formatIssues, loadMovieLensDir } from './lib/dataDir';
import { withoutNewItems } from '../src/data/itemSplit';
import { DEFAULT_MODEL_DIR, readModelDir, readSplit, REPO_ROOT } from './lib/modelDir';

const USAGE = `Usage: npm run metatrain-data -- [options]
  --data DIR    MovieLens folder (default ${relative(process.cwd(), DEFAULT_DATA_DIR)})
  --model DIR   the shipped model folder whose split and catalog it follows (default public/model)
  --out DIR     where pack.bin and attribution.json go (default public/metatrain)`;

function main(): void {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      model: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = resolve(values.data ?? DEFAULT_DATA_DIR);
  const modelDir = resolve(values.model ?? DEFAULT_MODEL_DIR);
  const outDir = resolve(values.out ?? join(REPO_ROOT, 'public/metatrain'));
  const { data, checksum } = loadMovieLensDir(dataDir);
  if (data.issues.length > 0) console.error(formatIssues(data.issues, 10, dataDir));
  const model = readModelDir(modelDir);
  const split = readSplit(modelDir);
  const catalogIds = model.catalog.movies.map((m) => m[0]);
  if (catalogIds.length !== data.movies.length || data.movies.some((m, i) => m.movieId !== catalogIds[i]))
    throw new Error(
      `${dataDir} does not list the movies of ${modelDir}/catalog.json in the same order: the pack's indices would point at other movies. Use the data the model was trained on.`,
    );
  // The model never saw the held-out new movies' ratings (split.json's newItems): neither does the pack.
  const seen = withoutNewItems(data, split);
  const train = buildHistories(seen, split.train);
  const val = buildHistories(seen, split.val)
    .filter((h) => h.items.length >= PANEL_VAL.minRatings)
    .slice(0, PANEL_VAL.users);
  const bytes = encodePack({
    header: {
      numItems: data.movies.length,
      trainUsers: train.length,
      valUsers: val.length,
      attribution: model.manifest.attribution,
      checksum,
      splitSeed: split.seed,
    },
    train,
    val,
  });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'pack.bin'), bytes);
  writeFileSync(
    join(outDir, 'attribution.json'),
    `${JSON.stringify({ attribution: model.manifest.attribution, source: 'ml-latest-small', checksum }, null, 2)}\n`,
  );
  const ratings = train.reduce((n, h) => n + h.items.length, 0);
  console.error(
    `metatrain pack: ${train.length} meta-train users (${ratings} ratings), ${val.length} meta-val users; ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} gzipped -> ${relative(process.cwd(), outDir)}/pack.bin`,
  );
}

main();
