/**
 * Reading public/model/ into memory: validation with messages a person can act on, then one
 * Recommender per method. Pure (the caller fetches or reads the files), shared by the worker and
 * the Node scripts.
 */
import type { Movie } from '../data/types';
import { contentFeatures, NUM_CONTENT_FEATURES } from '../model/features';
import type { RatingHead } from './adaptation';
import {
  catalogMovies,
  FORMAT_VERSION,
  METHOD_NAMES,
  type Catalog,
  type MethodManifest,
  type MethodName,
  type ModelManifest,
} from './format';
import type { ModelParams } from './params';
import { Recommender } from './recommender';
import { decodeWeights, methodParams, ratingBiasOf, type WeightsManifestGroup } from './weights';

export class ModelFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFormatError';
  }
}

export interface ShippedModel {
  manifest: ModelManifest;
  catalog: Catalog;
  movies: Movie[];
  /** Content features of the catalog [movies.length, F]. */
  features: Float32Array;
  params: Map<MethodName, ModelParams>;
  /** The stars beside a list (null when the model ships none). */
  ratingHead: RatingHead | null;
  /** A Recommender for a method (the caller disposes it). */
  recommender(name: MethodName): Recommender;
  method(name: MethodName): MethodManifest;
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ModelFormatError(message);
}

const shardNames = (groups: WeightsManifestGroup[]): string => groups.flatMap((g) => g.paths).join(', ');

/**
 * Before decoding: weights.json's shapes must fit manifest.json's dimensions and the catalog, and
 * the shard bytes must be exactly what the shapes describe. Says which file is wrong and how.
 */
function checkWeightShapes(
  groups: WeightsManifestGroup[],
  shards: ArrayBuffer[],
  manifest: ModelManifest,
  numMovies: number,
): void {
  const isShape = (x: unknown): x is number[] =>
    Array.isArray(x) && x.every((n) => Number.isInteger(n) && n >= 0);
  check(
    groups.every(
      (g) =>
        isObject(g) &&
        Array.isArray(g.paths) &&
        Array.isArray(g.weights) &&
        g.weights.every((w) => isObject(w) && typeof w.name === 'string' && isShape(w.shape)),
    ),
    'weights.json is not a tfjs weights manifest: every group needs "paths" and "weights" with a name and a shape.',
  );
  const specs = new Map(groups.flatMap((g) => g.weights).map((w) => [w.name, w]));
  const files = shardNames(groups);
  const described = [...specs.values()].reduce(
    (n, w) => n + w.shape.reduce((a, b) => a * b, 1) * (w.quantization ? 2 : 4),
    0,
  );
  const held = shards.reduce((n, b) => n + b.byteLength, 0);
  check(
    held >= described,
    `${files} is incomplete: it holds ${held} bytes but weights.json describes ${described}. A download may have been cut short, or the file was not fully deployed.`,
  );
  check(
    held === described,
    `${files} holds ${held} bytes but weights.json describes ${described}: the two files are from different trainings.`,
  );
  const d = manifest.dim;
  const f = manifest.numFeatures;
  const expect = (name: string, want: number[]) => {
    const got = specs.get(name)?.shape;
    check(got, `weights.json has no "${name}": the model files are incomplete or from another version.`);
    check(
      got.length === want.length && got.every((n, i) => n === want[i]),
      `weights.json gives ${name} the shape [${got.join(', ')}], but manifest.json (dim ${d}, ${f} content features) and catalog.json (${numMovies} movies) need [${want.join(', ')}]: the files are from different trainings or damaged.`,
    );
  };
  const covered = specs.get('shared/itemIdRow')?.shape[0];
  check(
    covered === undefined || covered === numMovies,
    `weights.json covers ${String(covered)} movies but catalog.json has ${numMovies}: the files are from different trainings.`,
  );
  expect('shared/itemIdRow', [numMovies]);
  for (const method of manifest.methods) {
    const p = method.weights;
    const rows = specs.get(`${p}/itemIdBias`)?.shape[0] ?? 0;
    expect(`${p}/itemIdBias`, [rows]);
    expect(`${p}/itemEmbedding`, [rows, d]);
    expect(`${p}/contentWeights`, [f, d]);
    expect(`${p}/contentBias`, [f]);
    expect(`${p}/globalBias`, [1]);
    expect(`${p}/userInit`, [d + 1]);
    expect(`${p}/innerLr`, [d + 1]);
    if (method.rule.kind === 'list') {
      expect(`${p}/levelWeights`, [10]);
      expect(`${p}/shrink`, [1]);
      expect(`${p}/encoder`, [d, d]);
    }
  }
  if (manifest.ratingHead) expect('shared/ratingBias', [numMovies]);
}

/** manifest.json's optional `listFloor` (src/model/listFloor.ts): absent, or a floor the app can apply. */
function checkListFloor(floor: unknown): void {
  if (floor === undefined) return;
  const what =
    'manifest.json has a damaged "listFloor": it must be an object with "minRatings" (a whole number of ratings, 0 or more), "reason" (text) and "byFloor" (rows of minRatings, recall, listable)';
  check(
    isObject(floor),
    `${what}; found ${JSON.stringify(floor)}. Rebuild the model with \`npm run train\`.`,
  );
  const n = floor.minRatings;
  check(
    typeof n === 'number' && Number.isInteger(n) && n >= 0,
    `${what}; its minRatings is ${JSON.stringify(n)}. Rebuild the model with \`npm run train\`.`,
  );
  check(
    typeof floor.reason === 'string' &&
      Array.isArray(floor.byFloor) &&
      floor.byFloor.every(
        (r) =>
          isObject(r) &&
          typeof r.minRatings === 'number' &&
          typeof r.recall === 'number' &&
          typeof r.listable === 'number',
      ),
    `${what}. Rebuild the model with \`npm run train\`.`,
  );
}

/** The files of the model folder, already read: JSON parsed, shards as bytes. */
export function parseShippedModel(files: {
  manifest: unknown;
  weights: unknown;
  shards: ArrayBuffer[];
  catalog: unknown;
}): ShippedModel {
  const m = files.manifest;
  check(
    isObject(m),
    'manifest.json is not a JSON object: the model files are damaged. Rebuild them with `npm run train`.',
  );
  check(
    m.formatVersion === FORMAT_VERSION,
    `manifest.json has format version ${String(m.formatVersion)}, this code reads version ${FORMAT_VERSION}. Rebuild the model with \`npm run train\`.`,
  );
  check(typeof m.dim === 'number' && m.dim > 0, 'manifest.json has no valid "dim".');
  check(
    m.numFeatures === NUM_CONTENT_FEATURES,
    `manifest.json says ${String(m.numFeatures)} content features, this code computes ${NUM_CONTENT_FEATURES}.`,
  );
  check(Array.isArray(m.methods) && m.methods.length > 0, 'manifest.json lists no methods.');
  const manifest = m as unknown as ModelManifest;
  for (const method of manifest.methods)
    check(
      METHOD_NAMES.includes(method.name),
      `manifest.json names an unknown method "${String(method.name)}".`,
    );
  check(
    manifest.methods.some((x) => x.name === manifest.defaultMethod),
    `manifest.json's default method "${String(manifest.defaultMethod)}" is not among its methods.`,
  );

  checkListFloor(m.listFloor);

  check(
    Array.isArray(files.weights),
    'weights.json is not a tfjs weights manifest (a JSON array of groups).',
  );
  const c = files.catalog;
  check(
    isObject(c) && Array.isArray(c.movies),
    'catalog.json is not a catalog (an object with a "movies" array).',
  );
  const catalog = c as unknown as Catalog;
  check(
    catalog.movies.every(
      (row) => Array.isArray(row) && typeof row[0] === 'number' && typeof row[1] === 'string',
    ),
    'catalog.json is damaged: every movie must be a row starting with its id and title.',
  );
  const groups = files.weights as WeightsManifestGroup[];
  checkWeightShapes(groups, files.shards, manifest, catalog.movies.length);
  let weights;
  try {
    weights = decodeWeights(groups, files.shards);
  } catch (e) {
    throw new ModelFormatError(`${(e as Error).message}`);
  }
  const movies = catalogMovies(catalog);
  const features = contentFeatures(movies);
  const ratingBias = ratingBiasOf(weights);
  const ratingHead =
    manifest.ratingHead && ratingBias
      ? { mu: manifest.ratingHead.mu, lambdaUser: manifest.ratingHead.lambdaUser, itemBias: ratingBias }
      : null;
  check(
    !ratingBias || ratingBias.every(Number.isFinite),
    `${shardNames(groups)} is damaged: shared/ratingBias holds values that are not numbers.`,
  );
  const params = new Map<MethodName, ModelParams>();
  for (const method of manifest.methods) {
    let p: ModelParams;
    try {
      p = methodParams(weights, method.weights, manifest.dim, manifest.numFeatures);
    } catch (e) {
      throw new ModelFormatError((e as Error).message);
    }
    check(
      p.itemIdRow.length === movies.length,
      `weights.json covers ${p.itemIdRow.length} movies but catalog.json has ${movies.length}: the files are from different trainings.`,
    );
    const rows = p.itemIdBias.length;
    check(
      p.itemIdRow.every((r) => r >= -1 && r < rows),
      `${shardNames(groups)} is damaged: a movie points at an embedding row outside the ${rows} there are.`,
    );
    for (const [name, values] of Object.entries({ ...p, ...p.list }))
      check(
        typeof values !== 'object' || !('every' in values) || values.every(Number.isFinite),
        `${shardNames(groups)} is damaged: ${method.weights}/${name} holds values that are not numbers.`,
      );
    params.set(method.name, p);
  }
  const method = (name: MethodName): MethodManifest => {
    const found = manifest.methods.find((x) => x.name === name);
    if (!found) throw new ModelFormatError(`The model has no method "${name}".`);
    return found;
  };
  return {
    manifest,
    catalog,
    movies,
    features,
    params,
    method,
    ratingHead,
    recommender: (name) =>
      new Recommender(params.get(name) as ModelParams, features, method(name).rule, ratingHead),
  };
}
