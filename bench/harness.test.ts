import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../src/data/rng';
import { buildHistories, parseMovieLens } from '../src/data/movielens';
import { generateSyntheticMovieLens } from '../src/data/synthetic';
import { contentFeatures, NUM_CONTENT_FEATURES } from '../src/model/features';
import { RATING_LEVELS, sampleListBatch, type ListBatch } from '../src/model/listEpisodes';
import { catalogConstants, disposeListTensors, type ListTensors } from '../src/model/listModel';
import { outerStep } from '../src/model/listOuterStep';
import { initListVariables, LIST_METHODS } from '../src/model/listTrain';
import { assignIdRows, type ModelParams } from '../src/model/params';
import { FULL_RECIPE } from '../src/train/recipe';
import { quantile } from './browser';
import { renderMarkdown, type BenchResults } from './report';
import { summarizeLongTasks, type MetatrainAppResult } from './metatrainApp';
import { moduleIndex, moduleOf, summarizeTrace, type TraceEvent } from './trace';
import { benchTraining, listOuterGradients, sliceListTask, trainingShape } from './training';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Small list-training data: planted tastes on a generated MovieLens. */
function listData() {
  const synthetic = generateSyntheticMovieLens({ seed: 5, numUsers: 30 });
  const data = parseMovieLens({ ratings: synthetic.ratings, movies: synthetic.movies });
  const train = buildHistories(data, [...new Set(data.ratings.map((r) => r.userId))]);
  const numItems = data.movies.length;
  const trainCounts = new Float32Array(numItems);
  for (const h of train) for (const i of h.items) trainCounts[i]! += 1;
  return {
    numItems,
    features: contentFeatures(data.movies),
    numFeatures: NUM_CONTENT_FEATURES,
    train,
    trainCounts,
  };
}

const results: BenchResults = {
  startedAt: '2026-01-01T00:00:00.000Z',
  machine: {
    cpu: 'test cpu',
    cores: 2,
    memoryGiB: 4,
    node: 'v20',
    chromium: '1.0',
    commit: 'abc',
    dirty: false,
    loadAverages: [[1, 1, 1]],
  },
  browser: [],
  training: {
    model: 'list',
    backend: 'cpu',
    tasks: 4,
    numItems: 100,
    maxSupport: 20,
    innerSteps: 3,
    encoderInnerSteps: 2,
    dim: 8,
    rounds: 1,
    methods: [{ method: 'maml', vectorizedTasksPerSec: 100, loopedTasksPerSec: 10, ratio: 10, lossGap: 0 }],
  },
  trainWallSeconds: null,
  payload: {
    initialJs: [{ file: 'assets/index.js', bytes: 2048, gzip: 1024 }],
    initialJsGzip: 1024,
    worker: [],
    workerGzip: 0,
    lazyJs: [],
    wasm: [],
    model: [],
    modelGzip: 0,
  },
};

describe('bench harness', () => {
  it('quantile interpolates between sorted samples', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('sliceListTask carries exactly one task: its masks at every level, its count and its targets', () => {
    const tasks = 3;
    const n = 4;
    // Every entry distinct: mask (l, t, j) = 100 l + 10 t + j, target (t, j) = 10 t + j.
    const batch: ListBatch = {
      numTasks: tasks,
      numItems: n,
      levelMasks: Float32Array.from({ length: RATING_LEVELS * tasks * n }, (_, i) => {
        const l = Math.floor(i / (tasks * n));
        const t = Math.floor(i / n) % tasks;
        return 100 * l + 10 * t + (i % n);
      }),
      counts: Float32Array.of(5, 6, 7),
      targets: Float32Array.from({ length: tasks * n }, (_, i) => 10 * Math.floor(i / n) + (i % n)),
    };
    const one = sliceListTask(batch, 1);
    expect(one.numTasks).toBe(1);
    expect(one.numItems).toBe(n);
    expect(one.levelMasks).toHaveLength(RATING_LEVELS * n);
    for (let l = 0; l < RATING_LEVELS; l++)
      expect([...one.levelMasks.subarray(l * n, (l + 1) * n)]).toEqual(
        [0, 1, 2, 3].map((j) => 100 * l + 10 + j),
      );
    expect([...one.counts]).toEqual([6]);
    expect([...one.targets]).toEqual([10, 11, 12, 13]);
    expect(() => sliceListTask(batch, 3)).toThrow(RangeError);
  });

  it('sliceListTask of a sampled batch gives each task back whole', () => {
    const data = listData();
    const batch = sampleListBatch(data.train, data.numItems, 5, createRng(3), {
      maxSupport: 10,
      zeroShare: 0,
    });
    const n = data.numItems;
    for (let t = 0; t < batch.numTasks; t++) {
      const one = sliceListTask(batch, t);
      let rated = 0;
      for (let l = 0; l < RATING_LEVELS; l++)
        for (let j = 0; j < n; j++) {
          const v = one.levelMasks[l * n + j] ?? NaN;
          expect(v).toBe(batch.levelMasks[(l * batch.numTasks + t) * n + j]);
          rated += v;
        }
      expect(rated).toBe(one.counts[0]);
      expect(one.counts[0]).toBe(batch.counts[t]);
      expect([...one.targets]).toEqual([...batch.targets.subarray(t * n, (t + 1) * n)]);
      expect(one.targets.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it("the timed gradient is outerStep's update, for every list method", async () => {
    const data = listData();
    const { itemIdRow } = assignIdRows(data.trainCounts, 2);
    const c = catalogConstants({ itemIdRow, numFeatures: data.numFeatures } as ModelParams, data.features);
    const batch = sampleListBatch(data.train, data.numItems, 6, createRng(9), {
      maxSupport: 10,
      zeroShare: 0.2,
    });
    const init = { dim: 4, seed: 1, innerLr: 1, shrink: 3 };
    const l2 = 0.01;
    /** How far each variable moves in one outerStep, by name. */
    const moves = async (
      method: (typeof LIST_METHODS)[number],
      steps: number,
      lr: number,
      reptileRate: number,
    ) => {
      const t = initListVariables(data, init);
      const vars = Object.values(t) as tf.Variable[];
      const before = vars.map((v) => v.dataSync().slice());
      const opt = tf.train.sgd(lr);
      const loss = await outerStep(method, t, c, opt, batch, steps, reptileRate, l2);
      const moved = new Map(
        vars.map((v, i) => [v.name, Float32Array.from(v.dataSync(), (x, j) => x - (before[i]?.[j] ?? NaN))]),
      );
      const names = new Map(vars.map((v) => [v, v.name] as const));
      opt.dispose();
      // The same seed gives the same initial values: the gradients are taken on a fresh copy.
      const fresh = initListVariables(data, init);
      const g = listOuterGradients(method, fresh, c, batch, steps, l2);
      const byName = new Map(
        (Object.keys(t) as (keyof ListTensors)[]).map((k) => [
          names.get(t[k] as tf.Variable) ?? '',
          fresh[k],
        ]),
      );
      disposeListTensors(t);
      return { loss, moved, byName, g, fresh };
    };
    const gap = (a: Float32Array, b: ArrayLike<number>) =>
      Math.max(0, ...a.map((x, j) => Math.abs(x - (b[j] ?? NaN))));
    for (const method of LIST_METHODS) {
      const steps = method === 'encoder' ? 1 : 2;
      // SGD at rate 1, no Reptile move: every variable moves by exactly minus its gradient.
      const m = await moves(method, steps, 1, 0);
      expect(m.loss, method).toBeCloseTo((await m.g.loss.data())[0] ?? NaN, 5);
      for (const [name, moved] of m.moved) {
        const grad = m.g.grads[(m.byName.get(name) as tf.Variable).name];
        const expected = grad
          ? Float32Array.from(grad.dataSync(), (x) => -x)
          : new Float32Array(moved.length);
        expect(gap(moved, expected), `${method} ${name}`).toBeLessThan(1e-5);
      }
      // Reptile's u0 alone (SGD at rate 0, Reptile rate 1): it moves by the direction.
      if (method === 'reptile') {
        const r = await moves(method, steps, 0, 1);
        const direction = m.g.userInitDirection?.dataSync() ?? [];
        for (const [name, moved] of r.moved) {
          const u0 = r.byName.get(name) === r.fresh.userInit;
          expect(gap(moved, u0 ? direction : new Float32Array(moved.length)), `reptile ${name}`).toBeLessThan(
            1e-5,
          );
        }
        for (const x of [r.g.loss, ...Object.values(r.g.grads), r.g.userInitDirection]) x?.dispose();
        disposeListTensors(r.fresh);
      } else {
        expect(m.g.userInitDirection).toBeNull();
      }
      for (const x of [m.g.loss, ...Object.values(m.g.grads), m.g.userInitDirection]) x?.dispose();
      disposeListTensors(m.fresh);
    }
    disposeListTensors(c);
  });

  it('benchTraining runs every list method without leaking, and both paths agree on the loss', async () => {
    const data = listData();
    const before = tf.memory().numTensors;
    const r = await benchTraining(data, { tasks: 4, dim: 4, innerSteps: 2, encoderInnerSteps: 1, rounds: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r).toMatchObject({
      model: 'list',
      backend: 'cpu',
      tasks: 4,
      numItems: data.numItems,
      innerSteps: 2,
    });
    expect(r.methods.map((m) => m.method)).toEqual([...LIST_METHODS]);
    for (const m of r.methods) {
      expect(m.lossGap, m.method).toBeLessThan(1e-5);
      expect(m.vectorizedTasksPerSec, m.method).toBeGreaterThan(0);
      expect(m.ratio).toBeCloseTo(m.vectorizedTasksPerSec / m.loopedTasksPerSec);
    }
  });

  it('renders the results and a before/after comparison', () => {
    const md = renderMarkdown(results, results, '## Notes\n\nhand-written');
    expect(md).toContain('| measure | target | before | after |');
    expect(md).toContain('10.0x');
    expect(md).toContain('hand-written');
    expect(md).toContain("the list model's meta-training");
    expect(md).toContain('a support of 0 to 20 ratings');
    expect(md).toContain('whole catalog of 100 movies');
    expect(renderMarkdown(results, null)).toContain('| measure | target | value |');
    // A baseline from before the list model timed another computation: its ratios say so.
    const { model: _model, ...rating } = results.training;
    const legacy: BenchResults = { ...results, training: rating };
    expect(renderMarkdown(results, legacy)).toContain('| 10.0x (rating model) | 10.0x |');
    expect(renderMarkdown(legacy, null)).toContain("the former rating model's meta-training");
  });

  it('the training bench takes the list recipe shape from a v2 manifest', () => {
    // What scripts/train.ts writes: the recipe config, arrays joined, plus a few flags.
    const hyperparameters = {
      ...Object.fromEntries(
        Object.entries({ ...FULL_RECIPE, innerSteps: 5, metaBatch: 32, dim: 16, encoderInnerSteps: 1 }).map(
          ([k, v]) => [k, Array.isArray(v) ? v.join(',') : v],
        ),
      ),
      smoke: false,
      methods: 'encoder,maml',
    };
    expect(trainingShape(hyperparameters)).toMatchObject({
      tasks: 32,
      innerSteps: 5,
      encoderInnerSteps: 1,
      dim: 16,
      maxSupport: FULL_RECIPE.maxSupport,
    });
    expect(trainingShape({ innerSteps: 'x' })).toMatchObject({
      tasks: FULL_RECIPE.metaBatch,
      innerSteps: FULL_RECIPE.innerSteps,
      encoderInnerSteps: FULL_RECIPE.encoderInnerSteps,
      dim: FULL_RECIPE.dim,
    });
  });

  it('maps bundle lines to modules and breaks a long task down', () => {
    const index = moduleIndex({
      'index-abc.js': ['// ../main/node_modules/react-dom/cjs/x.js', 'a', '// src/ui/App.tsx', 'b', 'c'].join(
        '\n',
      ),
    });
    expect(moduleOf(index, 'http://x/assets/index-abc.js', 1)).toBe('react-dom');
    expect(moduleOf(index, 'http://x/assets/index-abc.js', 4)).toBe('src/ui/App.tsx');
    const ev = (name: string, ts: number, dur: number, extra: Partial<TraceEvent> = {}): TraceEvent => ({
      name,
      ph: 'X',
      ts,
      dur,
      pid: 1,
      tid: 2,
      ...extra,
    });
    const events: TraceEvent[] = [
      { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 2, args: { name: 'CrRendererMain' } },
      ev('RunTask', 0, 80_000),
      ev('FunctionCall', 1_000, 50_000),
      ev('Layout', 60_000, 10_000),
      ev('RunTask', 100_000, 10_000),
      { name: 'worker:adaptDone', ph: 'R', ts: 1_000, pid: 1, tid: 2, cat: 'blink.user_timing' },
      { name: 'Profile', ph: 'P', ts: 0, pid: 1, tid: 2, id: '0x1', args: { data: { startTime: 0 } } },
      {
        name: 'ProfileChunk',
        ph: 'P',
        ts: 0,
        pid: 1,
        tid: 2,
        id: '0x1',
        args: {
          data: {
            cpuProfile: {
              nodes: [
                { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: 0 } },
                {
                  id: 2,
                  parent: 1,
                  callFrame: { functionName: 'App', url: 'http://x/assets/index-abc.js', lineNumber: 3 },
                },
                {
                  id: 3,
                  parent: 2,
                  callFrame: { functionName: 'r', url: 'http://x/assets/index-abc.js', lineNumber: 1 },
                },
              ],
              samples: [3, 3, 2],
            },
            timeDeltas: [10_000, 20_000, 20_000],
          },
        },
      },
    ];
    const s = summarizeTrace(events, index);
    expect(s.longTasks).toHaveLength(1);
    const t = s.longTasks[0];
    expect(t?.duration).toBe(80);
    expect(t?.marks).toEqual(['worker:adaptDone@1']);
    expect(t?.selfByKind.script).toBe(50);
    expect(t?.selfByKind.layout).toBe(10);
    expect(t?.selfByKind.other).toBe(20);
    expect(t?.scriptByModule['react-dom']).toBe(40);
    // Each sample lasts until the next one (the last one, until nothing: 0).
    expect(t?.scriptByAppFunction['src/ui/App.tsx App']).toBe(40);
    expect(s.totalTaskMs).toBe(90);
  });

  it('summarizes the long tasks within a window: count, total, longest, blocking', () => {
    const tasks = [
      { startTime: 10, duration: 60 },
      { startTime: 100, duration: 120 },
      { startTime: 500, duration: 55 },
    ];
    expect(summarizeLongTasks(tasks)).toEqual({ count: 3, totalMs: 235, maxMs: 120, blockingMs: 85 });
    expect(summarizeLongTasks(tasks, 50, 400)).toEqual({
      count: 1,
      totalMs: 120,
      maxMs: 120,
      blockingMs: 70,
    });
    expect(summarizeLongTasks([], 0, 1)).toEqual({ count: 0, totalMs: 0, maxMs: 0, blockingMs: 0 });
  });

  it("renders the app's long tasks while training, in the summary and its own section", () => {
    const m: MetatrainAppResult = {
      project: 'cpu',
      backend: 'cpu',
      query: 'backend=cpu&metatrain',
      targetSteps: 200,
      steps: 201,
      wallMs: 40_000,
      stepsPerSecond: 5.025,
      longTasks: { count: 2, totalMs: 130, maxMs: 70, blockingMs: 30 },
      durations: [60, 70],
      rating: { ms: 300, longTasks: { count: 0, totalMs: 0, maxMs: 0, blockingMs: 0 } },
    };
    const md = renderMarkdown({ ...results, metatrainApp: [m], metatrainAppNote: 'A loaded machine.' }, null);
    expect(md).toContain(
      '| main-thread long tasks while training 200 meta-steps in the app (cpu project) | 0 | 2 (max 70 ms, total 130 ms) |',
    );
    expect(md).toContain('## 7. Main-thread long tasks while training N meta-steps in the app');
    expect(md).toContain('A loaded machine.');
    expect(md).toContain('| cpu | cpu | 201 (200) | 40.0 | 5.03 | 2 | 130 | 70 | 30 | 60, 70 | 300 | 0 |');
    expect(renderMarkdown(results, null)).not.toContain('## 7.');
  });
});
