/**
 * The shipped model format (public/model/), read by the browser, `npm run eval` and
 * `npm run predict`. Pure: no fs, no fetch; callers pass the JSON and the shard bytes.
 *
 *   manifest.json  ModelManifest: format version, hyperparameters, data checksum, git commit,
 *                  training curves, evaluation summary, projection, attribution
 *   weights.json   tfjs weights manifest ([{ paths, weights: [{ name, shape, dtype, quantization? }] }])
 *   weights.bin    the shard; large tables float16-quantized (tfjs's own 'float16' quantization)
 *   catalog.json   Catalog: every movie with year, genres, rating count, mean rating, map position
 *   split.json     UserSplit: the user ids of meta-train, meta-val and meta-test
 */
import type { Movie } from '../data/types';
import { MODEL_METHODS, type ModelMethod } from '../methods/registry';
import type { ListCurvePoint } from './listTrain';
import type { CurvePoint } from './metaTrain';
import type { ModelParams } from './params';
import type { AdaptRule } from './recommender';

/** 2: list models (per-method levelWeights, shrink, encoder; shared/ratingBias and manifest.ratingHead). */
export const FORMAT_VERSION = 2;

/** The methods a model can hold (the registry's model methods). */
export const METHOD_NAMES = MODEL_METHODS;
export type MethodName = ModelMethod;

export interface MethodManifest {
  name: MethodName;
  label: string;
  description: string;
  /** Prefix of this method's tensors in weights.json (`${prefix}/${param}`). */
  weights: string;
  rule: AdaptRule;
  /** Meta-validation query MSE of the selected parameters (rating models). */
  valLoss?: number;
  /** Meta-validation Recall@20 (mean over K) of the selected parameters (list models). */
  valRecall?: number;
  /** The same at each K. */
  valRecallByK?: { k: number; recall: number }[];
  bestStep: number;
  /** Training curve: rating models { step, trainLoss, valLoss }, list models { step, trainLoss, valRecall }. */
  curve: CurvePoint[] | ListCurvePoint[];
  /** Training wall time in seconds. */
  trainSeconds: number;
  /** Settings the method chose on meta-val (e.g. the reference's inner rate, the prototype's scale). */
  chosen?: Record<string, number | string>;
}

export interface Projection {
  /** Mean item vector [dim]. */
  mean: number[];
  /** Two principal axes of the item vectors, each [dim]. */
  axes: [number[], number[]];
  /**
   * Users are drawn at userScale * (axes . u - userCenter): centered on where adapted meta-val
   * users land and spread like the items, so a visitor's path stays inside the map.
   */
  userScale: number;
  userCenter: [number, number];
}

export interface ModelManifest {
  formatVersion: number;
  createdAt: string;
  gitCommit: string;
  data: {
    source: string;
    checksum: string;
    ratings: number;
    users: number;
    movies: number;
    malformedRows: number;
  };
  /** Part sizes; `fold` / `folds` when trained on a cross-validation fold (npm run crossval). */
  split: { seed: number; train: number; val: number; test: number; fold?: number; folds?: number };
  dim: number;
  numFeatures: number;
  hyperparameters: Record<string, number | string | boolean>;
  /** The baselines' settings chosen on meta-val (src/eval/methods.ts BaselineSettings), plain JSON. */
  baselines?: Record<string, unknown>;
  defaultMethod: MethodName;
  /** Why the default was chosen (meta-validation only). */
  defaultReason: string;
  methods: MethodManifest[];
  /** Map projection of the default method's item vectors. */
  projection: Projection;
  /**
   * The rating-count floor of every list (src/model/listFloor.ts): a movie is listed only with at
   * least `minRatings` meta-train ratings. Chosen on meta-val by the default method's Recall@20
   * (src/train/listFloor.ts); `byFloor` is the table it was chosen from. Absent (models before
   * it): no floor.
   */
  listFloor?: ListFloorChoice;
  /**
   * The stars shown beside a list (Recommender's RatingHead): mu and the user-bias shrinkage here,
   * the item biases in weights.json as shared/ratingBias. Absent: no stars.
   */
  ratingHead?: { mu: number; lambdaUser: number };
  /** Summary of the meta-test evaluation (eval/report.json), when it has run. */
  evaluation: unknown;
  attribution: string;
}

export interface ListFloorChoice {
  minRatings: number;
  /** The rule and the numbers that chose it, in words. */
  reason: string;
  /** Meta-val Recall@20 of the default method at each candidate floor (mean over the validation Ks). */
  byFloor: { minRatings: number; recall: number; listable: number }[];
}

/**
 * Compact catalog rows: [movieId, title, year | null, genres joined by '|', count, mean, x, y,
 * entropy], where entropy is the Shannon entropy (bits) of the movie's meta-train rating
 * distribution over the ten half-star values: how much people disagree about it.
 */
export type CatalogRow = [number, string, number | null, string, number, number, number, number, number];

export interface Catalog {
  formatVersion: number;
  /** Statistics are from meta-train users only. */
  columns: string[];
  movies: CatalogRow[];
}

export function catalogMovies(catalog: Catalog): Movie[] {
  return catalog.movies.map(([movieId, title, year, genres]) => ({
    movieId,
    title,
    year,
    genres: genres === '' ? [] : genres.split('|'),
  }));
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  quantization?: { dtype: 'float16' };
}

export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

const PARAM_ARRAYS = [
  'itemEmbedding',
  'itemIdBias',
  'contentWeights',
  'contentBias',
  'globalBias',
  'userInit',
  'innerLr',
] as const;
/** Large tables are shipped as float16: half the bytes, 3 significant digits. */
const QUANTIZED = new Set<string>(['itemEmbedding', 'itemIdBias', 'contentWeights']);

function shapeOf(p: ModelParams, name: (typeof PARAM_ARRAYS)[number]): number[] {
  const rows = p.itemIdBias.length;
  switch (name) {
    case 'itemEmbedding':
      return [rows, p.dim];
    case 'itemIdBias':
      return [rows];
    case 'contentWeights':
      return [p.numFeatures, p.dim];
    case 'contentBias':
      return [p.numFeatures];
    case 'globalBias':
      return [1];
    case 'userInit':
    case 'innerLr':
      return [p.dim + 1];
  }
}

/**
 * Encode the parameters of several methods (all sharing one itemIdRow) into one tfjs weights
 * manifest and shard.
 */
export function encodeWeights(
  methods: { prefix: string; params: ModelParams }[],
  shardName = 'weights.bin',
  ratingBias: Float32Array | null = null,
): { manifest: WeightsManifestGroup[]; shard: Uint8Array } {
  const first = methods[0];
  if (!first) throw new Error('encodeWeights: no methods to encode');
  const specs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  const push = (spec: WeightSpec, data: Float32Array | Int32Array) => {
    specs.push(spec);
    if (spec.quantization) chunks.push(new Uint8Array(toFloat16(data as Float32Array).buffer));
    else chunks.push(new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)));
  };
  push(
    { name: 'shared/itemIdRow', shape: [first.params.itemIdRow.length], dtype: 'int32' },
    first.params.itemIdRow,
  );
  if (ratingBias)
    push(
      {
        name: 'shared/ratingBias',
        shape: [ratingBias.length],
        dtype: 'float32',
        quantization: { dtype: 'float16' },
      },
      ratingBias,
    );
  for (const { prefix, params } of methods) {
    for (const name of PARAM_ARRAYS) {
      const spec: WeightSpec = { name: `${prefix}/${name}`, shape: shapeOf(params, name), dtype: 'float32' };
      if (QUANTIZED.has(name)) spec.quantization = { dtype: 'float16' };
      push(spec, params[name]);
    }
    const list = params.list;
    if (list) {
      const d = params.dim;
      push(
        { name: `${prefix}/levelWeights`, shape: [list.levelWeights.length], dtype: 'float32' },
        list.levelWeights,
      );
      push({ name: `${prefix}/shrink`, shape: [1], dtype: 'float32' }, list.shrink);
      push({ name: `${prefix}/encoder`, shape: [d, d], dtype: 'float32' }, list.encoder);
    }
  }
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const shard = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    shard.set(c, off);
    off += c.byteLength;
  }
  return { manifest: [{ paths: [shardName], weights: specs }], shard };
}

/** Decode a weights manifest and its shards (in the manifest's path order) to named arrays. */
export function decodeWeights(
  manifest: WeightsManifestGroup[],
  shards: ArrayBuffer[],
): Map<string, { shape: number[]; data: Float32Array | Int32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array | Int32Array }>();
  const specs = manifest.flatMap((g) => g.weights);
  const total = shards.reduce((n, s) => n + s.byteLength, 0);
  const bytes = new Uint8Array(total);
  let off = 0;
  for (const s of shards) {
    bytes.set(new Uint8Array(s), off);
    off += s.byteLength;
  }
  off = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const width = spec.quantization ? 2 : 4;
    const end = off + size * width;
    if (end > bytes.byteLength)
      throw new Error(
        `weights: ${spec.name} needs bytes ${off}-${end} but the shards hold ${bytes.byteLength}; the model files are incomplete or from another version`,
      );
    const slice = bytes.slice(off, end).buffer;
    const data = spec.quantization
      ? fromFloat16(new Uint16Array(slice))
      : spec.dtype === 'int32'
        ? new Int32Array(slice)
        : new Float32Array(slice);
    out.set(spec.name, { shape: spec.shape, data });
    off = end;
  }
  if (off !== bytes.byteLength)
    throw new Error(`weights: the shards hold ${bytes.byteLength} bytes but the manifest describes ${off}`);
  return out;
}

/** The ModelParams of one method from decoded weights. */
export function methodParams(
  weights: ReturnType<typeof decodeWeights>,
  prefix: string,
  dim: number,
  numFeatures: number,
): ModelParams {
  const get = (name: string): Float32Array | Int32Array => {
    const w = weights.get(name);
    if (!w)
      throw new Error(`weights: ${name} is missing; the model files are incomplete or from another version`);
    return w.data;
  };
  const f32 = (name: string) => get(`${prefix}/${name}`) as Float32Array;
  const list = weights.has(`${prefix}/levelWeights`)
    ? { levelWeights: f32('levelWeights'), shrink: f32('shrink'), encoder: f32('encoder') }
    : null;
  return {
    dim,
    numFeatures,
    itemIdRow: get('shared/itemIdRow') as Int32Array,
    itemEmbedding: f32('itemEmbedding'),
    itemIdBias: f32('itemIdBias'),
    contentWeights: f32('contentWeights'),
    contentBias: f32('contentBias'),
    globalBias: f32('globalBias'),
    userInit: f32('userInit'),
    innerLr: f32('innerLr'),
    ...(list ? { list } : {}),
  };
}

/** The shipped rating head's item biases (shared/ratingBias), or null when the model has none. */
export function ratingBiasOf(weights: ReturnType<typeof decodeWeights>): Float32Array | null {
  return (weights.get('shared/ratingBias')?.data as Float32Array | undefined) ?? null;
}

/** Round float32 values to IEEE half precision (round to nearest even). */
export function toFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < values.length; i++) {
    f[0] = values[i] ?? 0;
    const x = u[0] ?? 0;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0);
      continue;
    }
    let e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00;
      continue;
    }
    if (e <= 0) {
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      mant |= 0x800000;
      const shift = 14 - e;
      let half = mant >>> shift;
      const rem = mant & ((1 << shift) - 1);
      const mid = 1 << (shift - 1);
      if (rem > mid || (rem === mid && half & 1)) half++;
      out[i] = sign | half;
      continue;
    }
    let half = (e << 10) | (mant >>> 13);
    const rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
    e = half >>> 10;
    out[i] = sign | (e >= 0x1f ? 0x7c00 : half);
  }
  return out;
}

export function fromFloat16(values: Uint16Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const h = values[i] ?? 0;
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) out[i] = sign * Math.pow(2, -14) * (mant / 1024);
    else if (exp === 0x1f) out[i] = mant ? NaN : sign * Infinity;
    else out[i] = sign * Math.pow(2, exp - 15) * (1 + mant / 1024);
  }
  return out;
}
