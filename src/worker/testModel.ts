/**
 * A small, valid model folder built in memory from the synthetic dataset: for the handler's unit
 * test and for developing the app before `npm run train` has run. A format-2 list model (as
 * `npm run train` ships): MAML with inner steps, the set encoder with a few, and the prototype
 * (one encoder pass, no steps), plus a rating head for the cards' stars. Untrained (seeded random
 * parameters), so it shows the plumbing, not good recommendations. Pure: no fs, no fetch.
 */
import { parseMovieLens } from '../data/movielens';
import { generateSyntheticMovieLens } from '../data/synthetic';
import { contentFeatures, NUM_CONTENT_FEATURES } from '../model/features';
import { FORMAT_VERSION, type Catalog, type CatalogRow, type ModelManifest } from '../model/format';
import type { ListRule } from '../model/listModel';
import { assignIdRows, initParams, itemVectors, type ModelParams } from '../model/params';
import { fitProjection, projectItem } from '../model/projection';
import { encodeWeights } from '../model/weights';

export interface ModelFiles {
  manifest: ModelManifest;
  weights: ReturnType<typeof encodeWeights>['manifest'];
  shard: Uint8Array;
  catalog: Catalog;
}

/** Evidence weight per rating level 0.5 ... 5: low ratings count against a movie's neighbours. */
const LEVEL_WEIGHTS = Float32Array.from({ length: 10 }, (_, l) => -1 + (2.5 * l) / 9);

export function buildTestModelFiles(
  opts: {
    numMovies?: number;
    numUsers?: number;
    dim?: number;
    seed?: number;
    /** Ship the rating head (the cards' stars); default true. */
    ratingHead?: boolean;
  } = {},
): ModelFiles {
  const dim = opts.dim ?? 8;
  const numMovies = opts.numMovies ?? 120;
  const synthetic = generateSyntheticMovieLens({
    numMovies,
    numUsers: opts.numUsers ?? 60,
    seed: opts.seed ?? 1,
    minRatings: 20,
    maxRatings: Math.min(40, numMovies),
  });
  const data = parseMovieLens(synthetic);
  const index = new Map(data.movies.map((m, i) => [m.movieId, i]));
  const counts = new Float64Array(data.movies.length);
  const sums = new Float64Array(data.movies.length);
  for (const r of data.ratings) {
    const i = index.get(r.movieId);
    if (i === undefined) continue;
    counts[i]! += 1;
    sums[i]! += r.rating;
  }
  const mu = data.ratings.reduce((s, r) => s + r.rating, 0) / Math.max(1, data.ratings.length);
  const { itemIdRow, numIdRows } = assignIdRows(counts, 3);
  const base = initParams({
    dim,
    numFeatures: NUM_CONTENT_FEATURES,
    itemIdRow,
    numIdRows,
    seed: opts.seed ?? 1,
    mu,
    innerLr: 2,
    initScale: 0.3,
  });
  // A list model's state is u: its bias entry and rate are 0, its scores have no global offset.
  base.globalBias[0] = 0;
  base.userInit[dim] = 0;
  base.innerLr[dim] = 0;
  const withList = (encoderScale: number): ModelParams => ({
    ...base,
    list: {
      levelWeights: LEVEL_WEIGHTS.slice(),
      shrink: Float32Array.of(1),
      encoder: Float32Array.from({ length: dim * dim }, (_, i) => (i % (dim + 1) === 0 ? encoderScale : 0)),
    },
  });
  const params = withList(1);
  // The rating head: the bias model mu + b_i + b_u, item biases shrunk toward 0.
  const ratingBias = Float32Array.from(counts, (n, i) => ((sums[i] ?? 0) - n * mu) / (n + 5));
  const features = contentFeatures(data.movies);
  const all = Int32Array.from({ length: data.movies.length }, (_, i) => i);
  const { vectors } = itemVectors(params, features, all);
  const proj = fitProjection(vectors, data.movies.length, dim + 1, dim);
  const rows: CatalogRow[] = data.movies.map((m, i) => {
    const [x, y] = projectItem(proj, vectors, i, dim + 1);
    const n = counts[i] ?? 0;
    // Rating entropy is not needed by the tests' assertions: a spread that varies by movie is enough.
    return [
      m.movieId,
      m.title,
      m.year,
      m.genres.join('|'),
      n,
      n > 0 ? Math.round(((sums[i] ?? 0) / n) * 100) / 100 : 0,
      x,
      y,
      1 + (i % 5) / 4,
    ];
  });
  const head = opts.ratingHead ?? true;
  const { manifest: weights, shard } = encodeWeights(
    [
      { prefix: 'maml', params },
      { prefix: 'encoder', params: withList(0.8) },
      { prefix: 'prototype', params: withList(1.5) },
    ],
    'weights.bin',
    head ? ratingBias : null,
  );
  const method = (name: 'maml' | 'encoder' | 'prototype', label: string, rule: ListRule) => ({
    name,
    label,
    description: 'test',
    weights: name,
    rule,
    valRecall: name === 'encoder' ? 0.2 : 0.1,
    bestStep: 0,
    curve: [],
    trainSeconds: 0,
  });
  const manifest: ModelManifest = {
    formatVersion: FORMAT_VERSION,
    createdAt: new Date(0).toISOString(),
    gitCommit: 'test',
    data: {
      source: 'synthetic',
      checksum: 'test',
      ratings: data.ratings.length,
      users: 60,
      movies: data.movies.length,
      malformedRows: 0,
    },
    split: { seed: 1, train: 40, val: 10, test: 10 },
    dim,
    numFeatures: NUM_CONTENT_FEATURES,
    hyperparameters: {},
    defaultMethod: 'maml',
    defaultReason: 'test model',
    methods: [
      method('maml', 'MAML', { kind: 'list', encoder: false, innerSteps: 5 }),
      method('encoder', 'Set encoder', { kind: 'list', encoder: true, innerSteps: 2 }),
      method('prototype', 'Prototype', { kind: 'list', encoder: true, innerSteps: 0 }),
    ],
    projection: { ...proj, userScale: 1, userCenter: [0, 0] },
    ...(head ? { ratingHead: { mu, lambdaUser: 5 } } : {}),
    evaluation: null,
    attribution: 'Synthetic test data in the MovieLens format (not MovieLens).',
  };
  return {
    manifest,
    weights,
    shard,
    catalog: {
      formatVersion: FORMAT_VERSION,
      columns: ['movieId', 'title', 'year', 'genres', 'ratingCount', 'meanRating', 'x', 'y'],
      movies: rows,
    },
  };
}
