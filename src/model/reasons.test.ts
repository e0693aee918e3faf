import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMovieLens } from '../data/movielens';
import { generateSyntheticMovieLens } from '../data/synthetic';
import { contentFeatures, NUM_CONTENT_FEATURES } from './features';
import { assignIdRows, initParams, type ModelParams } from './params';
import {
  contributions,
  explainList,
  LIKED_STARS,
  MIN_PUSH,
  reasonOf,
  type AttributionModel,
} from './reasons';
import { Recommender } from './recommender';

let params: ModelParams;
let features: Float32Array;
/** Evidence weight per level 0.5 ... 5: low ratings count against a movie's neighbours. */
const SIGNED = Float32Array.from({ length: 10 }, (_, l) => -1 + (2.5 * l) / 9);
const RULES = {
  maml: { kind: 'list', encoder: false, innerSteps: 3 },
  encoder: { kind: 'list', encoder: true, innerSteps: 2 },
  prototype: { kind: 'list', encoder: true, innerSteps: 0 },
} as const;

/** A small untrained list model (seeded random item side, 8 dimensions, 80 movies). */
beforeAll(async () => {
  await tf.setBackend('cpu');
  const data = parseMovieLens(
    generateSyntheticMovieLens({ numMovies: 80, numUsers: 30, seed: 1, minRatings: 20, maxRatings: 40 }),
  );
  const index = new Map(data.movies.map((m, i) => [m.movieId, i]));
  const counts = new Float32Array(data.movies.length);
  for (const r of data.ratings) counts[index.get(r.movieId) ?? 0]! += 1;
  const dim = 8;
  const { itemIdRow, numIdRows } = assignIdRows(counts, 3);
  const base = initParams({
    dim,
    numFeatures: NUM_CONTENT_FEATURES,
    itemIdRow,
    numIdRows,
    seed: 3,
    mu: 0,
    innerLr: 2,
    initScale: 0.3,
  });
  base.innerLr[dim] = 0;
  params = {
    ...base,
    // A learned-looking per-entry rate, so the attribution must use it entry by entry.
    innerLr: Float32Array.from(base.innerLr, (x, t) => (t < dim ? x * (0.5 + t / dim) : 0)),
    list: {
      levelWeights: SIGNED.slice(),
      shrink: Float32Array.of(1.5),
      encoder: Float32Array.from({ length: dim * dim }, (_, i) => (i % (dim + 1) === 0 ? 0.8 : 0.05)),
    },
  };
  features = contentFeatures(data.movies);
});

const support = { items: Int32Array.of(0, 5, 9, 17, 30), ratings: Float32Array.of(5, 1, 4.5, 2, 4) };

describe('score attribution', () => {
  for (const name of ['maml', 'encoder', 'prototype'] as const)
    it(`${name}: the contributions sum to the real change of every movie's score`, async () => {
      const rec = new Recommender(params, features, RULES[name]);
      try {
        const after = await rec.adaptAndScore(support, () => {});
        const before = await rec.adaptAndScore(
          { items: new Int32Array(0), ratings: new Float32Array(0) },
          () => {},
          {
            steps: 0,
          },
        );
        if (!after || !before) throw new Error('cancelled');
        const states = after.adaptation.trajectory as Float32Array;
        const am = rec.attributionModel() as AttributionModel;
        const d = rec.dim;
        const n = rec.numItems;
        const all = Int32Array.from({ length: n }, (_, i) => i);
        const c = contributions(am, support, states, d + 1, all);
        const k = support.items.length;
        const uS = states.subarray(states.length - (d + 1), states.length - 1);
        let worst = 0;
        let scale = 0;
        for (let i = 0; i < n; i++) {
          let sum = 0;
          for (let j = 0; j < k; j++) sum += c[i * k + j]!;
          // The identity on the read-back states: sum_j c_ij = (u_S - u0) . v_i.
          let delta = 0;
          for (let t = 0; t < d; t++)
            delta += ((uS[t] ?? 0) - (am.u0[t] ?? 0)) * (rec.vectors[i * (d + 1) + t] ?? 0);
          expect(sum).toBeCloseTo(delta, 4);
          // And the recommender's own scores after minus before adapting.
          const real = (after.scores[i] ?? 0) - (before.scores[i] ?? 0);
          worst = Math.max(worst, Math.abs(sum - real));
          scale = Math.max(scale, Math.abs(real));
        }
        expect(scale).toBeGreaterThan(0.01);
        expect(worst).toBeLessThan(1e-4 + 1e-3 * scale);
      } finally {
        rec.dispose();
      }
    });

  it('a custom learning rate is attributed with that rate', async () => {
    const rec = new Recommender(params, features, RULES.maml);
    try {
      const after = await rec.adaptAndScore(support, () => {}, { lr: 0.7, steps: 4 });
      const before = await rec.scoreCatalog(rec.params.userInit);
      if (!after) throw new Error('cancelled');
      const c = contributions(
        rec.attributionModel(0.7) as AttributionModel,
        support,
        after.adaptation.trajectory as Float32Array,
        rec.dim + 1,
        [3, 40],
      );
      const k = support.items.length;
      for (const [a, i] of [3, 40].entries()) {
        const sum = Array.from(c.subarray(a * k, (a + 1) * k)).reduce((x, y) => x + y, 0);
        expect(sum).toBeCloseTo((after.scores[i] ?? 0) - (before[i] ?? 0), 3);
      }
    } finally {
      rec.dispose();
    }
  });
});

describe('reasons', () => {
  const ratings = Float32Array.of(5, 1, 4, 2, 4.5);
  const items = Int32Array.of(10, 11, 12, 13, 14);
  const positive = Float32Array.from({ length: 10 }, (_, l) => 0.2 + l / 10);

  it('cites the liked movies with the largest contributions, at most two with a real share', () => {
    const r = reasonOf([0.5, 0.1, 0.3, -0.2, 0.01], { items, ratings }, positive);
    expect(r.map((x) => [x.index, x.kind])).toEqual([
      [10, 'liked'],
      [12, 'liked'],
    ]);
    expect(r[0]!.share).toBeCloseTo(0.5 / 0.91, 6);
    // The third liked movie's share (0.01 / 0.91) is too small to cite, even alone beside the first.
    expect(reasonOf([0.5, 0, 0, 0, 0.01], { items, ratings }, positive).map((x) => x.index)).toEqual([10]);
  });

  it('a low rating that pulls toward its neighbours is "watched", never "liked"', () => {
    const r = reasonOf([0.1, 0.6, 0.2, 0, 0], { items, ratings }, positive);
    expect(r.map((x) => [x.index, x.kind])).toEqual([
      [11, 'watched'],
      [12, 'liked'],
    ]);
    for (const c of [
      [0, 1, 0, 1, 0],
      [0, 0.3, 0, 0.9, 0],
    ])
      for (const x of reasonOf(c, { items, ratings }, positive))
        if (x.kind === 'liked') expect(ratings[items.indexOf(x.index)]!).toBeGreaterThanOrEqual(LIKED_STARS);
  });

  it('a low rating with a negative evidence weight that pushes a movie up is "unlike"', () => {
    expect(reasonOf([0, 0.6, 0, 0, 0], { items, ratings }, SIGNED)[0]?.kind).toBe('unlike');
  });

  it('no ratings, or no contribution worth a list place: the crowd prior (no reason)', () => {
    expect(reasonOf([], { items: new Int32Array(0), ratings: new Float32Array(0) }, positive)).toEqual([]);
    expect(reasonOf([-1, -0.2, 0, MIN_PUSH / 2, NaN], { items, ratings }, positive)).toEqual([]);
    const rec = new Recommender(params, features, RULES.maml);
    const am = rec.attributionModel() as AttributionModel;
    expect(explainList(am, { items: [], ratings: [] }, am.u0, am.dim, [1, 2])).toEqual([[], []]);
    rec.dispose();
  });

  it('reasons differ from movie to movie when the contributions do (two taste groups)', () => {
    // Two orthogonal directions: movies 0-4 along e1, 5-9 along e2; the visitor liked one of each.
    const d = 2;
    const n = 10;
    const vectors = new Float32Array(n * (d + 1));
    for (let i = 0; i < n; i++) vectors[i * (d + 1) + (i < 5 ? 0 : 1)] = 1 + i / 20;
    const am: AttributionModel = {
      dim: d,
      vectors,
      stride: d + 1,
      biases: new Float32Array(n),
      u0: new Float32Array(d),
      lr: 1,
      levelWeights: positive,
      shrink: 1,
      encoder: null,
    };
    const s = { items: Int32Array.of(0, 5), ratings: Float32Array.of(5, 4.5) };
    // States from the real update, in plain JS: u <- u - lr (rowsum(A) m - A V).
    const states = new Float32Array(3 * (d + 1));
    const a = [positive[9]! / 3, positive[8]! / 3];
    for (let step = 0; step < 2; step++) {
      const u = [states[step * (d + 1)]!, states[step * (d + 1) + 1]!];
      const z = Array.from({ length: n }, (_, i) => u[0]! * vectors[i * 3]! + u[1]! * vectors[i * 3 + 1]!);
      const e = z.map((x) => Math.exp(x));
      const tot = e.reduce((x, y) => x + y, 0);
      for (let t = 0; t < d; t++) {
        const m = e.reduce((acc, p, i) => acc + (p / tot) * vectors[i * 3 + t]!, 0);
        const pull = a[0]! * vectors[0 * 3 + t]! + a[1]! * vectors[5 * 3 + t]!;
        states[(step + 1) * (d + 1) + t] = u[t]! - ((a[0]! + a[1]!) * m - pull);
      }
    }
    const why = explainList(am, s, states, d + 1, [1, 2, 6, 7]);
    expect(why.map((r) => r[0]?.index)).toEqual([0, 0, 5, 5]);
    expect(why.every((r) => r.every((x) => x.kind === 'liked'))).toBe(true);
  });
});
