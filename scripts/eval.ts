/**
 * npm run eval [-- --model DIR --data DIR --out DIR]
 * Evaluates every method of a trained model on its meta-test users (read from the model's
 * split.json) and writes eval/report.{json,md,svg}. Thin: the work is in src/eval.
 */
import { join, relative, resolve } from 'node:path';
import { writeFilesAtomic } from './lib/atomicWrite';
import { parseArgs } from 'node:util';
import { DEFAULT_NEW_ITEMS, newItemCount, selectNewItems, withoutNewItems } from '../src/data/itemSplit';
import { baselineSettingsOf } from '../src/eval/methods';
import { prepareTrainingData } from '../src/model/trainingData';
import { useBackend } from './lib/backend';
import { DEFAULT_DATA_DIR, formatIssues, loadMovieLensDir } from './lib/dataDir';
import { DEFAULT_PROTOCOL, renderItemSection, runEvaluation, writeReport } from './lib/evaluation';
import { runItems } from './lib/itemEvaluation';
import { DEFAULT_MODEL_DIR, readModelDir, readSplit, REPO_ROOT } from './lib/modelDir';

const USAGE = `Usage: npm run eval -- [--model DIR] [--data DIR] [--out DIR] [--seeds 1,2,3] [--users test|val] [--backend cpu|wasm] [--items-only]
  Evaluates the model in DIR (default public/model) on the meta-test users of its split.json, and
  the held-out new movies of its split.json (the item cold-start table) on their test movies.
  --users val evaluates on the meta-val users and the validation new movies instead (for choosing
  settings; give it its own --out: a report on meta-val never replaces eval/ unless you ask).
  --items-only runs only the item cold-start table and writes OUT/report-items.{md,json} (report.*
  is left alone).
  --train-warmup N meta-trains the new-movie warm-up here for N iterations instead of reading the
  model's itemWarmup.json (for a model trained without one; nothing is written to the model).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      seeds: { type: 'string' },
      users: { type: 'string', default: 'test' },
      backend: { type: 'string', default: 'wasm' },
      'items-only': { type: 'boolean', default: false },
      'train-warmup': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const seeds = values.seeds ? values.seeds.split(',').map(Number) : DEFAULT_PROTOCOL.seeds;
  if (seeds.length === 0 || !seeds.every(Number.isInteger))
    throw new Error(`--seeds expects comma-separated whole numbers, got "${values.seeds}"`);
  const part = values.users;
  if (part !== 'test' && part !== 'val') throw new Error(`--users expects test or val, got "${part}"`);
  if (part === 'val' && !values.out)
    throw new Error('--users val needs an --out folder: eval/ holds the meta-test report.');
  const partName = part === 'val' ? 'meta-val' : 'meta-test';
  const modelDir = resolve(values.model ?? DEFAULT_MODEL_DIR);
  const dataDir = resolve(values.data ?? DEFAULT_DATA_DIR);
  const outDir = resolve(values.out ?? join(REPO_ROOT, 'eval'));
  const model = readModelDir(modelDir);
  const split = readSplit(modelDir);
  const loaded = loadMovieLensDir(dataDir);
  if (loaded.data.issues.length > 0) console.error(formatIssues(loaded.data.issues, 10, dataDir));
  if (loaded.checksum !== model.manifest.data.checksum)
    console.error(
      `warning: ${dataDir} differs from the data the model was trained on (checksum ${loaded.checksum.slice(0, 12)} vs ${model.manifest.data.checksum.slice(0, 12)}).`,
    );
  if (loaded.data.movies.length !== model.movies.length)
    throw new Error(
      `${dataDir} has ${loaded.data.movies.length} movies but the model's catalog has ${model.movies.length}: evaluate with the data the model was trained on.`,
    );
  // Catalog positions are the model's item indices: the same count of other movies would be scored wrongly.
  const differs = model.movies.findIndex((m, i) => m.movieId !== loaded.data.movies[i]?.movieId);
  if (differs >= 0)
    throw new Error(
      `${dataDir}/movies.csv lists other movies than the model's catalog (movieId ${loaded.data.movies[differs]?.movieId} where the model has ${model.movies[differs]?.movieId}): evaluate with the data the model was trained on.`,
    );
  await useBackend(values.backend ?? 'wasm');
  // The model never saw its new movies' ratings: neither do the baselines nor the user-side test sets.
  const prepared = prepareTrainingData(withoutNewItems(loaded.data, split), split);
  const items = await runItems({
    model,
    data: loaded.data,
    trainUserIds: split.train,
    newItems: split.newItems ?? firstLookItems(loaded.data),
    part,
    ...(values['train-warmup'] === undefined
      ? { warmup: { dir: modelDir } }
      : { warmup: 'train' as const, warmupConfig: { iterations: warmupIterations(values['train-warmup']) } }),
    notes: split.newItems
      ? []
      : [
          `FIRST LOOK ONLY: ${relative(REPO_ROOT, modelDir)}/split.json records no new movies, so this model was trained WITH the ratings of the movies held out here (chosen by the rule of npm run train); its own vectors for them are not a cold start. Retrain with npm run train for a held-out result.`,
        ],
  });
  for (const line of items.section.verdict) console.error(line);
  if (values['items-only']) {
    writeFilesAtomic(outDir, {
      'report-items.json': `${JSON.stringify(items.section, null, 1)}\n`,
      'report-items.md': `${renderItemSection(items.section)}\n`,
    });
    console.error(`wrote ${relative(process.cwd(), outDir)}/report-items.{md,json}`);
    return;
  }
  const h = model.manifest.hyperparameters;
  const settings = baselineSettingsOf(model.manifest.baselines);
  const protocol = { ...DEFAULT_PROTOCOL, seeds };
  const report = await runEvaluation(
    model,
    prepared.train,
    part === 'val' ? prepared.val : prepared.test,
    settings,
    protocol,
    {
      label: partName,
      notes: [
        `Model: ${relative(REPO_ROOT, modelDir)} trained ${model.manifest.createdAt} at commit ${model.manifest.gitCommit}${h.smoke ? ' (SMOKE configuration: not the shipped model)' : ''}.`,
        `Data: ${model.manifest.data.source}, sha256 ${model.manifest.data.checksum}; ${partName} users with at least ${protocol.minRatings} ratings, seeds ${seeds.join(', ')}.`,
        `Default method (chosen on meta-val, never on meta-test): ${model.manifest.defaultMethod}. ${model.manifest.defaultReason}`,
        `Baseline settings chosen on meta-val: ${JSON.stringify(settings)}.`,
      ],
    },
  );
  writeReport(outDir, { ...report, items: items.section }, `Cold-start evaluation on ${partName} users`);
  for (const line of report.verdict) console.error(line);
  console.error(`wrote ${relative(process.cwd(), outDir)}/report.{json,md,svg}`);
}

function warmupIterations(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--train-warmup expects a whole number of iterations, got "${text}"`);
  return n;
}

/** The new movies npm run train would hold out of this data (for a model trained before issue 17). */
function firstLookItems(data: Parameters<typeof selectNewItems>[0]) {
  return selectNewItems(data, { ...DEFAULT_NEW_ITEMS, count: newItemCount(data, DEFAULT_NEW_ITEMS) });
}

main().catch((e: unknown) => {
  console.error(`eval: ${(e as Error).message}`);
  process.exit(1);
});
