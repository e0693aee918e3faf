/**
 * The shipped weights (public/model/weights.json and weights.bin, see format.ts): several methods'
 * parameters encoded into one tfjs weights manifest and shard, and decoded back. Pure: no fs, no
 * fetch; callers pass the JSON and the shard bytes.
 */
import { fromFloat16, toFloat16 } from './float16';
import type { ModelParams } from './params';

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
