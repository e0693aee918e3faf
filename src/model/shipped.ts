/**
 * Reading public/model/ into memory: validation with messages a person can act on, then one
 * Recommender per method. Pure (the caller fetches or reads the files), shared by the worker and
 * the Node scripts.
 */
import type { Movie } from '../data/types';
import { contentFeatures, NUM_CONTENT_FEATURES } from '../model/features';
import {
  catalogMovies,
  decodeWeights,
  FORMAT_VERSION,
  METHOD_NAMES,
  methodParams,
  type Catalog,
  type MethodManifest,
  type MethodName,
  type ModelManifest,
  type WeightsManifestGroup,
} from './format';
import type { ModelParams } from './params';
import { Recommender } from './recommender';

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
  /** A Recommender for a method (the caller disposes it). */
  recommender(name: MethodName): Recommender;
  method(name: MethodName): MethodManifest;
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ModelFormatError(message);
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

  check(
    Array.isArray(files.weights),
    'weights.json is not a tfjs weights manifest (a JSON array of groups).',
  );
  let weights;
  try {
    weights = decodeWeights(files.weights as WeightsManifestGroup[], files.shards);
  } catch (e) {
    throw new ModelFormatError(`${(e as Error).message}`);
  }

  const c = files.catalog;
  check(
    isObject(c) && Array.isArray(c.movies),
    'catalog.json is not a catalog (an object with a "movies" array).',
  );
  const catalog = c as unknown as Catalog;
  const movies = catalogMovies(catalog);
  const features = contentFeatures(movies);
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
    recommender: (name) => new Recommender(params.get(name) as ModelParams, features, method(name).rule),
  };
}
