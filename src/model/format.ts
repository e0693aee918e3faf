/**
 * The shipped model format (public/model/), read by the browser, `npm run eval` and
 * `npm run predict`. Pure: no fs, no fetch; callers pass the JSON and the shard bytes.
 *
 *   manifest.json  ModelManifest: format version, hyperparameters, data checksum, git commit,
 *                  training curves, evaluation summary, projection, attribution
 *   weights.json   tfjs weights manifest ([{ paths, weights: [{ name, shape, dtype, quantization? }] }])
 *   weights.bin    the shard; large tables float16-quantized (tfjs's own 'float16' quantization);
 *                  both written and read by weights.ts
 *   catalog.json   Catalog: every movie with year, genres, rating count, mean rating, map position
 *   split.json     UserSplit: the user ids of meta-train, meta-val and meta-test; since issue 17 also
 *                  newItems {val, test}: the held-out new movies' movieIds (none of their ratings
 *                  reached training; scripts/lib/modelDir.ts reads and checks it)
 *   itemWarmup.json the new-movie warm-up and its content regression (src/model/itemWarmupFormat.ts)
 *   arrivals.json  the "New arrivals" panel's test new movies with their first ratings and raters'
 *                  states (src/model/arrivalsFormat.ts; `npm run arrivals` rebuilds it)
 */
import type { Movie } from '../data/types';
import { MODEL_METHODS, type ModelMethod } from '../methods/registry';
import type { AdaptRule } from './adaptation';
import type { ListCurvePoint } from './listTrain';
import type { CurvePoint } from './metaTrain';

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
