/**
 * The item placers' parameters as JSON, for shipping beside the model (public/model) and reading
 * back in the worker or a script: plain number arrays with 9 significant digits (float32 round-trips
 * exactly), checked when read so a damaged or mismatched file fails with a clear message instead of
 * placing movies at NaN. Pure TypeScript.
 */
import type { ContentFit } from './itemContent';
import { WARMUP_GROUPS, type WarmupParams } from './itemWarmupGenerator';
import { RATING_LEVELS } from './listEpisodes';

export const WARMUP_FORMAT_VERSION = 1;

/** A JSON file's content: the warm-up and, when shipped with it, the content regression. */
export interface WarmupJson {
  formatVersion: typeof WARMUP_FORMAT_VERSION;
  dim: number;
  numFeatures: number;
  hidden: number;
  innerSteps: number;
  linear: number[];
  offset: number[];
  w1: number[];
  b1: number[];
  w2: number[];
  innerLr: number[];
  shrink: number[];
  levelTargets: number[];
  content?: { weights: number[]; intercept: number[] };
}

const round = (a: ArrayLike<number>): number[] => Array.from(a, (v) => Number(Math.fround(v).toPrecision(9)));

export function warmupToJson(p: WarmupParams, content?: ContentFit): WarmupJson {
  const out = {
    formatVersion: WARMUP_FORMAT_VERSION,
    dim: p.dim,
    numFeatures: p.numFeatures,
    hidden: p.hidden,
    innerSteps: p.innerSteps,
  } as WarmupJson;
  for (const g of WARMUP_GROUPS) out[g] = round(p[g]);
  if (content) out.content = { weights: round(content.weights), intercept: round(content.intercept) };
  return out;
}

function positiveInt(raw: Record<string, unknown>, key: string): number {
  const v = raw[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new Error(`item warm-up file: "${key}" should be a non-negative integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

function floats(raw: Record<string, unknown>, key: string, length: number): Float32Array {
  const v = raw[key];
  if (!Array.isArray(v) || v.length !== length) {
    const got = Array.isArray(v) ? `${v.length} numbers` : typeof v;
    throw new Error(`item warm-up file: "${key}" should hold ${length} numbers, got ${got}`);
  }
  const out = Float32Array.from(v, (x) => (typeof x === 'number' ? x : NaN));
  const bad = out.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new Error(`item warm-up file: "${key}"[${bad}] is not a finite number`);
  return out;
}

/** Reads a parsed JSON value back; throws an Error naming the first thing wrong. */
export function warmupFromJson(raw: unknown): { params: WarmupParams; content?: ContentFit } {
  if (typeof raw !== 'object' || raw === null) throw new Error('item warm-up file: not a JSON object');
  const r = raw as Record<string, unknown>;
  if (r.formatVersion !== WARMUP_FORMAT_VERSION) {
    throw new Error(
      `item warm-up file: format version ${JSON.stringify(r.formatVersion)}, this app reads ${WARMUP_FORMAT_VERSION}`,
    );
  }
  const dim = positiveInt(r, 'dim');
  const numFeatures = positiveInt(r, 'numFeatures');
  const hidden = positiveInt(r, 'hidden');
  const w = dim + 1;
  const params: WarmupParams = {
    dim,
    numFeatures,
    hidden,
    innerSteps: positiveInt(r, 'innerSteps'),
    linear: floats(r, 'linear', numFeatures * w),
    offset: floats(r, 'offset', w),
    w1: floats(r, 'w1', numFeatures * hidden),
    b1: floats(r, 'b1', hidden),
    w2: floats(r, 'w2', hidden * w),
    innerLr: floats(r, 'innerLr', w),
    shrink: floats(r, 'shrink', 1),
    levelTargets: floats(r, 'levelTargets', RATING_LEVELS),
  };
  if (r.content === undefined) return { params };
  if (typeof r.content !== 'object' || r.content === null)
    throw new Error('item warm-up file: "content" is not an object');
  const c = r.content as Record<string, unknown>;
  const content: ContentFit = {
    dim,
    numFeatures,
    weights: floats(c, 'weights', numFeatures * w),
    intercept: floats(c, 'intercept', w),
  };
  return { params, content };
}
