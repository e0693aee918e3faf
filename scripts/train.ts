/**
 * npm run train [-- --data DIR --out DIR --smoke ...]
 * Trains the list model's methods on MovieLens (src/train/recipe.ts), tunes the baselines on
 * meta-val, writes the model folder (atomically) and evaluates on meta-test users (eval/report.*).
 * Thin: parse flags, call src/, write files.
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildImdbMap, IMDB_FILE } from '../src/data/import/imdbMap';
import {
  DEFAULT_NEW_ITEMS,
  newItemCount,
  newItemIds,
  selectNewItems,
  withoutItemRatings,
  type NewItemSplit,
} from '../src/data/itemSplit';
import type { MovieLensData } from '../src/data/types';
import { foldSplit, splitUsers } from '../src/data/split';
import { META_LEARNERS, METHOD_INFO, type MetaLearner } from '../src/methods/registry';
import { ARRIVALS_FILE } from '../src/model/arrivalsFormat';
import { FORMAT_VERSION, type Catalog, type CatalogRow, type ModelManifest } from '../src/model/format';
import { prepareTrainingData, type PreparedData } from '../src/model/trainingData';
import { Recommender } from '../src/model/recommender';
import { encodeWeights } from '../src/model/weights';
import { fitMap } from '../src/train/mapProjection';
import { FULL_RECIPE, runRecipe, SMOKE_RECIPE, type RecipeConfig } from '../src/train/recipe';
import { tuneBaselines } from '../src/train/tuneBaselines';
import { arrivalsJson } from './lib/arrivals';
import { useBackend } from './lib/backend';
import { DEFAULT_DATA_DIR, formatIssues, loadMovieLensDir } from './lib/dataDir';
import { DEFAULT_PROTOCOL, meanRecall, runEvaluation, writeReport } from './lib/evaluation';
import { ITEM_WARMUP_FILE, runItems } from './lib/itemEvaluation';
import { DEFAULT_MODEL_DIR, readModelDir, REPO_ROOT, stageModelDir } from './lib/modelDir';
import { createProgress } from './lib/progress';

const USAGE = `Usage: npm run train -- [options]
  --data DIR          MovieLens folder (default ${relative(process.cwd(), DEFAULT_DATA_DIR)})
  --out DIR           model folder to write (default public/model)
  --eval-out DIR      where the meta-test report goes (default eval/; --no-eval skips it)
  --smoke             tiny configuration for tests (seconds)
  --methods LIST      comma-separated subset of ${META_LEARNERS.join(',')} (pretrain and prototype always train)
  --seed N            split and training seed (default 42)
  --folds N --fold F  split by fold F (0 to N-1) of an N-fold cross-validation over users instead
                      (meta-test = that fold; see npm run crossval)
  --outer-steps N     meta-training steps of the gradient-based methods
  --encoder-steps N   meta-training steps of the set encoder
  --inner-steps N     inner gradient steps
  --inner-lr X        initial inner learning rate
  --dim N             embedding dimension
  --meta-batch N      tasks per meta-batch
  --outer-lr X        meta-learning rate (Adam)
  --zero-share X      share of training episodes with no rating (K = 0)
  --l2 X              L2 penalty on the item id tables
  --warmup-iterations N  meta-training iterations of the new-movie warm-up (issue 17)
  --no-items          hold the new movies out but skip their placers and table (cross-validation folds)
  --backend NAME      tfjs backend in Node: wasm (default, ~8x faster here) or cpu
  --no-eval           skip the meta-test evaluation`;

/** Flags of the rating model's recipe, which `npm run train` no longer trains: refused with a reason. */
const RETIRED: Record<string, string> = {
  'held-out':
    'cross-fitting belonged to the rating model; the list model meta-trains from scratch on all meta-train ratings',
  'freeze-items':
    'the rating model only; the list model always learns its item space with the initialization',
  'from-scratch': 'the list model always trains from scratch',
  'norm-floor': 'the list model shrinks short supports with a learned kappa instead',
  'row-lr-scale': 'the rating model only',
  'weight-decay': 'use --l2 (the list model penalizes its id tables)',
  'inner-lr-lr': 'Meta-SGD learns its rates with the outer learning rate',
};

const ATTRIBUTION =
  'Trained on the MovieLens "latest-small" dataset by GroupLens Research, University of Minnesota: F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: History and Context. ACM Transactions on Interactive Intelligent Systems (TiiS) 5, 4: 19:1-19:19. https://doi.org/10.1145/2827872. Used under its license: research use; no commercial use without permission; redistributions, including transformations such as this model and catalog, under the same terms. No endorsement by the University of Minnesota or GroupLens is stated or implied.';

function gitCommit(): string {
  try {
    const sha = execSync('git rev-parse HEAD', { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execSync('git status --porcelain -- src scripts', {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return 'unknown';
  }
}

const num = (v: string | undefined, name: string, fallback: number): number => {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new Error(`--${name} expects a number, got "${v}"`);
  return x;
};

async function main(): Promise<void> {
  const retired = process.argv
    .slice(2)
    .find((a) => (a.replace(/^--/, '').split('=')[0] as string) in RETIRED);
  if (retired) {
    const name = retired.replace(/^--/, '').split('=')[0] as string;
    throw new Error(`--${name} is no longer a training flag: ${RETIRED[name]}. Drop it (see --help).`);
  }
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      'eval-out': { type: 'string' },
      smoke: { type: 'boolean', default: false },
      methods: { type: 'string' },
      seed: { type: 'string' },
      folds: { type: 'string' },
      fold: { type: 'string' },
      'outer-steps': { type: 'string' },
      'encoder-steps': { type: 'string' },
      'inner-steps': { type: 'string' },
      'inner-lr': { type: 'string' },
      dim: { type: 'string' },
      'meta-batch': { type: 'string' },
      'outer-lr': { type: 'string' },
      'zero-share': { type: 'string' },
      l2: { type: 'string' },
      'warmup-iterations': { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      'no-eval': { type: 'boolean', default: false },
      'no-items': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  const base = values.smoke ? SMOKE_RECIPE : FULL_RECIPE;
  const cfg: RecipeConfig = {
    ...base,
    dim: num(values.dim, 'dim', base.dim),
    outerSteps: num(values['outer-steps'], 'outer-steps', base.outerSteps),
    encoderSteps: num(values['encoder-steps'], 'encoder-steps', base.encoderSteps),
    innerSteps: num(values['inner-steps'], 'inner-steps', base.innerSteps),
    innerLr: num(values['inner-lr'], 'inner-lr', base.innerLr),
    metaBatch: num(values['meta-batch'], 'meta-batch', base.metaBatch),
    outerLr: num(values['outer-lr'], 'outer-lr', base.outerLr),
    zeroShare: num(values['zero-share'], 'zero-share', base.zeroShare),
    l2: num(values.l2, 'l2', base.l2),
  };
  const seed = num(values.seed, 'seed', 42);
  const methods = (
    values.methods ? values.methods.split(',').map((s) => s.trim()) : [...META_LEARNERS]
  ) as MetaLearner[];
  for (const m of methods)
    if (!META_LEARNERS.includes(m))
      throw new Error(`--methods: unknown method "${m}"; expected some of ${META_LEARNERS.join(', ')}`);
  const dataDir = resolve(values.data ?? DEFAULT_DATA_DIR);
  const outDir = resolve(values.out ?? DEFAULT_MODEL_DIR);
  const evalDir = resolve(values['eval-out'] ?? join(REPO_ROOT, 'eval'));

  // Data first: a missing, malformed or too small folder fails in a second, before tfjs loads.
  const loaded = loadMovieLensDir(dataDir);
  const { data } = loaded;
  if (data.issues.length > 0) console.error(formatIssues(data.issues, 10, dataDir));
  const userIds = [...new Set(data.ratings.map((r) => r.userId))];
  if ((values.folds === undefined) !== (values.fold === undefined))
    throw new Error('--folds and --fold go together: --folds 5 --fold 0 trains on fold 0 of 5.');
  const fold =
    values.fold === undefined
      ? null
      : { fold: num(values.fold, 'fold', 0), folds: num(values.folds, 'folds', 5) };
  const split = fold ? foldSplit(userIds, seed, fold.fold, fold.folds) : splitUsers(userIds, seed);
  // The new movies (issue 17): the ones released last, held out of every fit below.
  const newItems = chooseNewItems(data);
  const trainingData = newItems ? withoutItemRatings(data, newItemIds(newItems)) : data;
  const prepared = prepareTrainingData(trainingData, split);
  console.error(
    `data: ${data.ratings.length} ratings, ${userIds.length} users, ${data.movies.length} movies from ${dataDir}; split ${split.train.length}/${split.val.length}/${split.test.length} users (seed ${seed}${fold ? `, fold ${fold.fold} of ${fold.folds}` : ''})`,
  );
  if (newItems)
    console.error(
      `new movies: ${newItems.val.length} validation and ${newItems.test.length} test movies held out, their ${data.ratings.length - trainingData.ratings.length} ratings dropped before any fitting`,
    );
  checkEnoughUsers(prepared, dataDir, !values['no-eval'], cfg.valMinRatings);
  await useBackend(values.backend ?? 'wasm');

  const recipe = await runRecipe(prepared, cfg, methods, seed, (stage, total) =>
    createProgress(stage, total),
  );
  for (const m of recipe.methods)
    console.error(
      `meta-val Recall@20 ${m.name.padEnd(10)} ${m.valRecallByK.map((r) => `K=${r.k} ${r.recall.toFixed(3)}`).join('  ')}`,
    );
  console.error(`default method: ${recipe.defaultMethod}. ${recipe.defaultReason}`);
  console.error(`list floor: ${recipe.listFloor.minRatings} meta-train ratings. ${recipe.listFloor.reason}`);
  const tuning = await tuneBaselines(prepared.train, prepared.val, prepared.numItems, {
    minRatings: cfg.valMinRatings,
    seeds: cfg.valSeeds,
    log: (line) => console.error(`baselines: ${line}`),
  });

  // The map: a PCA of the default method's item vectors.
  const chosen = recipe.methods.find((m) => m.name === recipe.defaultMethod);
  if (!chosen) throw new Error('the recipe chose a default method it did not train');
  const rec = new Recommender(chosen.params, prepared.features, chosen.rule);
  const map = await fitMap(rec, (i) => (prepared.trainCounts[i] ?? 0) > 0, prepared.val);
  rec.dispose();

  const catalog: Catalog = {
    formatVersion: FORMAT_VERSION,
    columns: ['movieId', 'title', 'year', 'genres', 'ratingCount', 'meanRating', 'x', 'y', 'ratingEntropy'],
    movies: data.movies.map((m, i): CatalogRow => {
      const [x, y] = map.itemXY(i);
      const mean = prepared.trainItemMean[i] ?? NaN;
      return [
        m.movieId,
        m.title,
        m.year,
        m.genres.join('|'),
        prepared.trainCounts[i] ?? 0,
        Number.isFinite(mean) ? Math.round(mean * 100) / 100 : 0,
        Math.round(x * 1000) / 1000,
        Math.round(y * 1000) / 1000,
        Math.round((prepared.trainItemEntropy[i] ?? 0) * 1000) / 1000,
      ];
    }),
  };
  const manifest: ModelManifest = {
    formatVersion: FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    gitCommit: gitCommit(),
    data: {
      source: relative(REPO_ROOT, dataDir) || dataDir,
      checksum: loaded.checksum,
      ratings: data.ratings.length,
      users: userIds.length,
      movies: data.movies.length,
      malformedRows: data.issues.length,
    },
    split: { seed, train: split.train.length, val: split.val.length, test: split.test.length, ...fold },
    dim: cfg.dim,
    numFeatures: prepared.numFeatures,
    hyperparameters: {
      ...Object.fromEntries(
        Object.entries(cfg).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v as number)]),
      ),
      smoke: Boolean(values.smoke),
      methods: methods.join(','),
    },
    baselines: tuning.settings as unknown as Record<string, unknown>,
    defaultMethod: recipe.defaultMethod,
    defaultReason: recipe.defaultReason,
    methods: recipe.methods.map((m) => ({
      name: m.name,
      label: METHOD_INFO[m.name].label,
      description: METHOD_INFO[m.name].description,
      weights: m.name,
      rule: m.rule,
      valRecall: m.valRecall,
      valRecallByK: m.valRecallByK,
      bestStep: m.bestStep,
      curve: m.curve,
      trainSeconds: Math.round(m.seconds * 10) / 10,
      ...(Object.keys(m.chosen).length > 0 ? { chosen: m.chosen } : {}),
    })),
    projection: map.projection,
    listFloor: recipe.listFloor,
    ratingHead: { mu: recipe.ratingHead.mu, lambdaUser: recipe.ratingHead.lambdaUser },
    evaluation: null,
    attribution: ATTRIBUTION,
  };
  const { manifest: weightsManifest, shard } = encodeWeights(
    recipe.methods.map((m) => ({ prefix: m.name, params: m.params })),
    'weights.bin',
    recipe.ratingHead.itemBias,
  );

  const stage = stageModelDir(outDir);
  let writeEvalReport: (() => void) | null = null;
  try {
    stage.write('weights.json', JSON.stringify(weightsManifest));
    stage.write('weights.bin', shard);
    stage.write('split.json', `${JSON.stringify(newItems ? { ...split, newItems } : split)}\n`);
    stage.write('catalog.json', JSON.stringify(catalog));
    // The in-browser import's IMDb -> MovieLens mapping (the same function as `npm run links`).
    stage.write(
      IMDB_FILE,
      JSON.stringify(
        buildImdbMap(
          catalog.movies.map((m) => m[0]),
          data.links,
        ),
      ),
    );
    stage.write('manifest.json', JSON.stringify(manifest));
    const model = readModelDir(stage.path);
    const warmupIterations = num(values['warmup-iterations'], 'warmup-iterations', values.smoke ? 40 : 1500);
    const items =
      newItems && !values['no-items']
        ? await runItems({
            model,
            data,
            trainUserIds: split.train,
            newItems,
            part: values['no-eval'] ? 'val' : 'test',
            warmup: 'train',
            warmupConfig: values.smoke
              ? { iterations: warmupIterations, metaBatch: 8, hidden: 8 }
              : { iterations: warmupIterations },
            seed,
          })
        : null;
    if (items) for (const line of items.section.verdict) console.error(line);
    if (items?.warmupJson) stage.write(ITEM_WARMUP_FILE, items.warmupJson);
    stage.write(ARRIVALS_FILE, await arrivalsJson(model, stage.path, data));
    if (!values['no-eval']) {
      const notes = [
        `Model: ${relative(REPO_ROOT, outDir)} trained ${manifest.createdAt} at commit ${manifest.gitCommit}${values.smoke ? ' (SMOKE configuration: not the shipped model)' : ''}.`,
        `Data: ${manifest.data.source}, sha256 ${manifest.data.checksum}; meta-test users with at least ${DEFAULT_PROTOCOL.minRatings} ratings.`,
        `Default method (chosen on meta-val, never on meta-test): ${manifest.defaultMethod}. ${manifest.defaultReason}`,
        `Baseline settings chosen on meta-val: ${JSON.stringify(tuning.settings)}.`,
      ];
      const report = await runEvaluation(
        model,
        prepared.train,
        prepared.test,
        tuning.settings,
        DEFAULT_PROTOCOL,
        {
          label: 'meta-test',
          notes,
        },
      );
      for (const line of report.verdict) console.error(line);
      manifest.evaluation = {
        users: report.topn.numUsers,
        episodes: report.topn.numEpisodes,
        report: 'eval/report.md',
        recall20: Object.fromEntries(
          report.topn.methods.map((m) => [
            m.name,
            Object.fromEntries(m.byK.map((r) => [r.k, r.recall.mean])),
          ]),
        ),
        meanRecall20: meanRecall(report, manifest.defaultMethod, [1, 3, 5, 10, 20]),
      };
      stage.write('manifest.json', JSON.stringify(manifest));
      // Written once the model is in place, so the report never describes a model that was not shipped.
      writeEvalReport = () =>
        writeReport(
          evalDir,
          { ...report, items: items ? items.section : null },
          `Cold-start evaluation on meta-test users${fold ? ` (cross-validation fold ${fold.fold} of ${fold.folds})` : ''}`,
        );
    }
    stage.commit();
  } catch (e) {
    stage.abort();
    throw e;
  }
  writeEvalReport?.();
  const bytes = readFileSync(join(outDir, 'weights.bin')).byteLength;
  console.error(
    `wrote ${relative(process.cwd(), outDir) || outDir} (weights ${(bytes / 1024).toFixed(0)} KiB, default ${manifest.defaultMethod}) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

/** The new movies to hold out (issue 17), or null, said on the terminal, when too few movies qualify. */
function chooseNewItems(data: MovieLensData): NewItemSplit | null {
  try {
    return selectNewItems(data, { ...DEFAULT_NEW_ITEMS, count: newItemCount(data, DEFAULT_NEW_ITEMS) });
  } catch (e) {
    console.error(`new movies: none held out, no item cold-start table. ${(e as Error).message}`);
    return null;
  }
}

/**
 * Stops before any training when the split leaves a part without the users it needs: meta-val
 * selects on users with at least `valMin` ratings, and the meta-test evaluation needs users with
 * DEFAULT_PROTOCOL.minRatings (unless --no-eval).
 */
function checkEnoughUsers(prepared: PreparedData, dataDir: string, evaluate: boolean, valMin: number): void {
  const min = DEFAULT_PROTOCOL.minRatings;
  const enough = (users: PreparedData['val'], m: number) => users.filter((h) => h.items.length >= m).length;
  const [val, test] = [enough(prepared.val, valMin), enough(prepared.test, min)];
  if (val > 0 && (test > 0 || !evaluate)) return;
  throw new Error(
    `${dataDir}: too little data to train on. The user split has ${prepared.train.length} meta-train, ${prepared.val.length} meta-val and ${prepared.test.length} meta-test users with ratings; ${val} meta-val users have the ${valMin} ratings model selection needs and ${test} meta-test users the ${min} the evaluation needs${evaluate ? '' : ' (not needed with --no-eval)'}; at least one of each is required. Use a larger MovieLens folder.`,
  );
}

main().catch((e: unknown) => {
  console.error(`train: ${(e as Error).message}`);
  process.exit(1);
});
