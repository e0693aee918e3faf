/**
 * A small, valid model folder built in memory from the synthetic dataset: for the handler's unit
 * test and for developing the app before `npm run train` has run. Untrained (seeded random
 * parameters), so it shows the plumbing, not good recommendations. Pure: no fs, no fetch.
 */
import { parseMovieLens } from '../data/movielens';
import { generateSyntheticMovieLens } from '../data/synthetic';
import { contentFeatures, NUM_CONTENT_FEATURES } from '../model/features';
import {
  encodeWeights,
  FORMAT_VERSION,
  type Catalog,
  type CatalogRow,
  type ModelManifest,
} from '../model/format';
import { assignIdRows, initParams, itemVectors } from '../model/params';
import { fitProjection, projectItem } from '../model/projection';

export interface ModelFiles {
  manifest: ModelManifest;
  weights: ReturnType<typeof encodeWeights>['manifest'];
  shard: Uint8Array;
  catalog: Catalog;
}

export function buildTestModelFiles(
  opts: { numMovies?: number; numUsers?: number; dim?: number; seed?: number } = {},
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
  const params = initParams({
    dim,
    numFeatures: NUM_CONTENT_FEATURES,
    itemIdRow,
    numIdRows,
    seed: opts.seed ?? 1,
    mu,
    innerLr: 0.5,
    initScale: 0.3,
  });
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
  const { manifest: weights, shard } = encodeWeights([
    { prefix: 'maml', params },
    { prefix: 'prototype', params },
  ]);
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
      {
        name: 'maml',
        label: 'MAML',
        description: 'test',
        weights: 'maml',
        rule: { kind: 'gradient', innerSteps: 5 },
        valLoss: 1,
        bestStep: 0,
        curve: [],
        trainSeconds: 0,
      },
      {
        name: 'prototype',
        label: 'Prototype',
        description: 'test',
        weights: 'prototype',
        rule: { kind: 'prototype', gamma: 1, biasShrink: 1, mean: mu },
        valLoss: 1,
        bestStep: 0,
        curve: [],
        trainSeconds: 0,
      },
    ],
    projection: { ...proj, userScale: 1, userCenter: [0, 0] },
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
