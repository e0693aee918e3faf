/**
 * npm run floor [-- --model DIR --data DIR]
 * The lists' rating-count floor of an already trained model, chosen on its meta-val users exactly
 * as `npm run train` chooses it (src/train/listFloor.ts), without retraining: prints the table of
 * meta-val Recall@20 by floor and the choice. Writes nothing (the manifest's listFloor is written
 * by `npm run train`). Thin: parse flags, call src/.
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ListRule } from '../src/model/listModel';
import { withoutNewItems } from '../src/data/itemSplit';
import { prepareTrainingData } from '../src/model/trainingData';
import { FLOOR_CANDIDATES, selectListFloor } from '../src/train/listFloor';
import { FULL_RECIPE, recipeValidation } from '../src/train/recipe';
import { useBackend } from './lib/backend';
import { DEFAULT_DATA_DIR, loadMovieLensDir } from './lib/dataDir';
import { DEFAULT_MODEL_DIR, readModelDir, readSplit } from './lib/modelDir';

const USAGE = `Usage: npm run floor -- [--model DIR] [--data DIR] [--floors 0,3,5,...] [--backend wasm|cpu]
  Meta-val Recall@20 of the model's default method at each rating-count floor, and the floor
  npm run train would record (the largest within 0.002 of the best). Reads the model's split.json.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      floors: { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const floors = values.floors ? values.floors.split(',').map(Number) : FLOOR_CANDIDATES;
  if (!floors.every((f) => Number.isInteger(f) && f >= 0))
    throw new Error(`--floors expects comma-separated whole numbers, got "${values.floors}"`);
  const modelDir = resolve(values.model ?? DEFAULT_MODEL_DIR);
  const model = readModelDir(modelDir);
  const loaded = loadMovieLensDir(resolve(values.data ?? DEFAULT_DATA_DIR));
  if (loaded.checksum !== model.manifest.data.checksum)
    throw new Error('the data differ from the data the model was trained on (checksum): use those.');
  await useBackend(values.backend ?? 'wasm');
  const split = readSplit(modelDir);
  const prepared = prepareTrainingData(withoutNewItems(loaded.data, split), split);
  const h = model.manifest.hyperparameters;
  const list = (v: unknown, fallback: number[]) =>
    typeof v === 'string' ? v.split(',').map(Number) : fallback;
  const val = recipeValidation(prepared.val, {
    ...FULL_RECIPE,
    valMinRatings: Number(h.valMinRatings ?? FULL_RECIPE.valMinRatings),
    valSeeds: list(h.valSeeds, FULL_RECIPE.valSeeds),
    valKs: list(h.valKs, FULL_RECIPE.valKs),
  });
  const name = model.manifest.defaultMethod;
  const method = model.method(name);
  if (method.rule.kind !== 'list') throw new Error(`the default method ${name} is not a list method`);
  const counts = model.catalog.movies.map((m) => m[4]);
  const t0 = Date.now();
  const { choice, rows } = await selectListFloor(
    { name, params: model.params.get(name)!, rule: method.rule as ListRule },
    model.features,
    val,
    counts,
    floors,
  );
  const ks = rows[0]?.recallByK.map((r) => r.k) ?? [];
  console.log(
    `${relative(process.cwd(), modelDir) || modelDir}: ${name}, ${val.supports.length} meta-val episodes, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  console.log(`| floor | listable | mean R@20 | ${ks.map((k) => `K=${k}`).join(' | ')} |`);
  console.log(`| ---: | ---: | ---: | ${ks.map(() => '---:').join(' | ')} |`);
  for (const r of rows)
    console.log(
      `| ${r.minRatings} | ${r.listable} | ${r.recall.toFixed(4)} | ${r.recallByK.map((x) => x.recall.toFixed(4)).join(' | ')} |`,
    );
  console.log(`chosen: ${choice.minRatings}. ${choice.reason}`);
  if (model.manifest.listFloor) console.log(`the manifest records: ${model.manifest.listFloor.minRatings}`);
}

main().catch((e: unknown) => {
  console.error(`floor: ${(e as Error).message}`);
  process.exit(1);
});
