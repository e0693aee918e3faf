import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMovieLens } from '../src/data/movielens';
import { generateSyntheticMovieLens } from '../src/data/synthetic';
import { parseArrivals, WARMUP_FILE } from '../src/model/arrivalsFormat';
import { parseShippedModel } from '../src/model/shipped';
import { buildTestModelFiles } from '../src/worker/testModel';
import { buildArrivals, chooseArrivals } from '../src/train/arrivals';
import { ITEM_WARMUP_FILE } from './lib/itemEvaluation';

// The same synthetic data the test model is built from (same options, same seed).
const data = parseMovieLens(
  generateSyntheticMovieLens({ numMovies: 60, numUsers: 40, seed: 1, minRatings: 20, maxRatings: 40 }),
);
const files = buildTestModelFiles({ numMovies: 60, numUsers: 40 });
const model = parseShippedModel({
  manifest: files.manifest,
  weights: files.weights,
  shards: [files.shard.buffer.slice(0) as ArrayBuffer],
  catalog: files.catalog,
});

describe('arrivals.json writer', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('chooses held-out movies with 20 ratings, released last first', () => {
    const counts = new Map<number, number>();
    for (const r of data.ratings) counts.set(r.movieId, (counts.get(r.movieId) ?? 0) + 1);
    const year = new Map(data.movies.map((m) => [m.movieId, m.year ?? 0]));
    const all = chooseArrivals(data, null, 5);
    expect(all.length).toBe(5);
    for (const id of all) expect(counts.get(id)).toBeGreaterThanOrEqual(20);
    const years = all.map((id) => year.get(id) ?? 0);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    const pool = data.movies.map((m) => m.movieId).filter((_, i) => i % 2 === 1);
    for (const id of chooseArrivals(data, pool, 50)) expect(pool).toContain(id);
  });

  it('writes each movie first ratings in time order, with states that never saw a held-out movie', async () => {
    const rec = model.recommender(model.manifest.defaultMethod);
    const file = await buildArrivals({ rec, data, newItems: null, count: 3, createdAt: 'test' });
    const parsed = parseArrivals(
      JSON.parse(JSON.stringify(file)),
      rec.dim,
      files.catalog.movies.map((m) => m[0]),
    );
    expect(parsed.movies.length).toBe(3);
    for (const m of parsed.movies) {
      const ratings = data.ratings
        .filter((r) => r.movieId === m.movieId)
        .sort((a, b) => a.timestamp - b.timestamp || a.userId - b.userId);
      expect(m.ratings).toEqual(ratings.slice(0, 20).map((r) => r.rating));
      for (const u of m.raters) for (const x of u) expect(Number(x.toPrecision(4))).toBe(x);
    }
    // A rater of two arrivals has one state: adapted without either.
    const held = new Set(parsed.movies.map((m) => m.movieId));
    const firstRater = data.ratings
      .filter((r) => r.movieId === parsed.movies[0]!.movieId)
      .sort((a, b) => a.timestamp - b.timestamp || a.userId - b.userId)[0]!.userId;
    const index = new Map(data.movies.map((m, i) => [m.movieId, i]));
    const own = data.ratings
      .filter((r) => r.userId === firstRater && !held.has(r.movieId))
      .sort((a, b) => a.timestamp - b.timestamp || a.userId - b.userId);
    const { phi } = await rec.adapt({
      items: Int32Array.from(own, (r) => index.get(r.movieId)!),
      ratings: Float32Array.from(own, (r) => r.rating),
    });
    parsed.movies[0]!.raters[0]!.forEach((x, t) => expect(x).toBeCloseTo(phi[t]!, 3));
    expect(file.source).toMatch(/PROVISIONAL/);
    rec.dispose();
  });

  it('takes the test new movies of the item split; no rater state sees a validation new movie either', async () => {
    const rec = model.recommender(model.manifest.defaultMethod);
    const ids = chooseArrivals(data, null, 6);
    const newItems = { val: ids.slice(0, 3), test: ids.slice(3) };
    const file = await buildArrivals({ rec, data, newItems, count: 10, createdAt: 'test' });
    expect(file.movies.map((m) => m.movieId).sort()).toEqual([...newItems.test].sort());
    expect(file.source).not.toMatch(/PROVISIONAL/);
    const hidden = new Set(ids);
    const movie = file.movies[0]!;
    const rater = data.ratings
      .filter((r) => r.movieId === movie.movieId)
      .sort((a, b) => a.timestamp - b.timestamp || a.userId - b.userId)[0]!.userId;
    const index = new Map(data.movies.map((m, i) => [m.movieId, i]));
    const own = data.ratings
      .filter((r) => r.userId === rater && !hidden.has(r.movieId))
      .sort((a, b) => a.timestamp - b.timestamp || a.userId - b.userId);
    const { phi } = await rec.adapt({
      items: Int32Array.from(own, (r) => index.get(r.movieId)!),
      ratings: Float32Array.from(own, (r) => r.rating),
    });
    movie.raters[0]!.forEach((x, t) => expect(x).toBeCloseTo(phi[t]!, 3));
    rec.dispose();
  });

  it('the panel reads the warm-up from the file npm run train writes', () => {
    expect(WARMUP_FILE).toBe(ITEM_WARMUP_FILE);
  });
});
