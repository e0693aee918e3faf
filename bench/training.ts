/**
 * Training throughput in Node: one vectorized meta-batch of T list tasks against the same T tasks
 * run one at a time (same parameters, same backend), for each list meta-learner.
 *
 * What is timed is one outer step of src/model/listOuterStep.ts (`outerStep`) without the optimizer's
 * update: the batch's tensors, the adapted states, the outer loss and its gradients with respect to
 * the variables the method trains (Reptile: also the states adapted on the whole task, the
 * direction its u0 moves in), and one readback (the loss), as `outerStep` does. Nothing is
 * updated, so every round sees the same parameters. The shape is the shipped recipe's (meta-batch,
 * dim, inner steps, the encoder's refinement steps: a version-2 manifest's hyperparameters).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../src/data/rng';
import { RATING_LEVELS, sampleListBatch, type ListBatch } from '../src/model/listEpisodes';
import {
  catalogConstants,
  disposeListTensors,
  type CatalogConstants,
  type ListTensors,
} from '../src/model/listModel';
import {
  listBatchTensors,
  listRuleOf,
  outerGradients,
  outerLoss,
  type OuterGradients,
} from '../src/model/listOuterStep';
import {
  initListVariables,
  LIST_METHODS,
  type ListMethod,
  type ListTrainingData,
} from '../src/model/listTrain';
import { assignIdRows, type ModelParams } from '../src/model/params';
import { FULL_RECIPE } from '../src/train/recipe';

export interface TrainingBench {
  /** 'list' since the list model; absent in earlier results, which timed the rating model's meta-training. */
  model?: 'list';
  backend: string;
  /** Tasks in the meta-batch (T). */
  tasks: number;
  /** Catalog size N: every list task scores the whole catalog (absent in earlier results). */
  numItems?: number;
  /** Largest support K (absent in earlier results). */
  maxSupport?: number;
  /** Inner steps of the gradient methods. */
  innerSteps: number;
  /** Refinement steps after the encoder pass (absent in earlier results). */
  encoderInnerSteps?: number;
  dim: number;
  rounds: number;
  methods: {
    method: ListMethod;
    vectorizedTasksPerSec: number;
    loopedTasksPerSec: number;
    ratio: number;
    /** Largest |vectorized - mean of looped| difference of the outer loss (same tasks, same math). */
    lossGap: number;
  }[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] ?? NaN)
    : ((s[s.length / 2 - 1] ?? NaN) + (s[s.length / 2] ?? NaN)) / 2;
}

/**
 * Task t of a batch as a one-task batch: its support masks at every rating level, its count and its
 * targets (level masks are [L, T, N], so a task's masks are L strided rows).
 * @throws RangeError when t is not a task of the batch.
 */
export function sliceListTask(b: ListBatch, t: number): ListBatch {
  if (!Number.isInteger(t) || t < 0 || t >= b.numTasks)
    throw new RangeError(`sliceListTask: task ${t} is not in a batch of ${b.numTasks}`);
  const n = b.numItems;
  const levelMasks = new Float32Array(RATING_LEVELS * n);
  for (let l = 0; l < RATING_LEVELS; l++) {
    const row = (l * b.numTasks + t) * n;
    levelMasks.set(b.levelMasks.subarray(row, row + n), l * n);
  }
  return {
    numTasks: 1,
    numItems: n,
    levelMasks,
    counts: b.counts.slice(t, t + 1),
    targets: b.targets.slice(t * n, (t + 1) * n),
  };
}

/** What meta-training runs with: the list recipe's shape (src/train/recipe.ts, a v2 manifest). */
export interface TrainingShape {
  /** metaBatch. */
  tasks: number;
  innerSteps: number;
  encoderInnerSteps: number;
  dim: number;
  innerLr: number;
  shrink: number;
  minIdCount: number;
  maxSupport: number;
  zeroShare: number;
  /** L2 penalty on the id tables, part of the outer loss the gradient is taken of. */
  l2: number;
}

/**
 * The training shape from a version-2 manifest's `hyperparameters` (the recipe config `npm run
 * train` used); anything absent or not a number takes FULL_RECIPE's value.
 */
export function trainingShape(hyperparameters: Record<string, unknown>): TrainingShape {
  const num = (k: string, fallback: number) => {
    const v = hyperparameters[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  };
  const r = FULL_RECIPE;
  return {
    tasks: num('metaBatch', r.metaBatch),
    innerSteps: num('innerSteps', r.innerSteps),
    encoderInnerSteps: num('encoderInnerSteps', r.encoderInnerSteps),
    dim: num('dim', r.dim),
    innerLr: num('innerLr', r.innerLr),
    shrink: num('shrink', r.shrink),
    minIdCount: num('minIdCount', r.minIdCount),
    maxSupport: num('maxSupport', r.maxSupport),
    zeroShare: num('zeroShare', r.zeroShare),
    l2: num('l2', r.l2),
  };
}

/**
 * The gradient part of listOuterStep.outerStep on a batch (outerGradients, with Reptile's
 * direction: the same work as the step, taken before the item update), so nothing is updated.
 */
export function listOuterGradients(
  method: ListMethod,
  t: ListTensors,
  c: CatalogConstants,
  b: ListBatch,
  innerSteps: number,
  l2 = 0,
): OuterGradients {
  return outerGradients(method, t, c, b, innerSteps, l2, true);
}

/** The timed unit: one outer step's gradient on a batch and the loss read back, as outerStep does. */
async function timedGradient(
  method: ListMethod,
  t: ListTensors,
  c: CatalogConstants,
  b: ListBatch,
  innerSteps: number,
  l2: number,
): Promise<number> {
  const g = listOuterGradients(method, t, c, b, innerSteps, l2);
  try {
    return (await g.loss.data())[0] ?? NaN;
  } finally {
    tf.dispose([g.loss, ...Object.values(g.grads), ...(g.userInitDirection ? [g.userInitDirection] : [])]);
  }
}

/** The outer loss of a batch (no penalty, no gradient): listOuterStep.outerLoss under tf.tidy. */
async function lossOf(
  t: ListTensors,
  c: CatalogConstants,
  b: ListBatch,
  rule: ReturnType<typeof listRuleOf>,
): Promise<number> {
  const loss = tf.tidy(() => {
    const bt = listBatchTensors(b);
    return outerLoss(t, c, bt, rule);
  });
  try {
    return (await loss.data())[0] ?? NaN;
  } finally {
    loss.dispose();
  }
}

/**
 * Tasks per second of one vectorized meta-batch and of the same tasks one at a time, per method,
 * from fresh seeded parameters (initListVariables) and one seeded batch of meta-train episodes.
 */
export async function benchTraining(
  data: ListTrainingData,
  opts: Partial<TrainingShape> & { rounds?: number; methods?: readonly ListMethod[] } = {},
): Promise<TrainingBench> {
  const shape = { ...trainingShape({}), ...opts };
  const { tasks, dim } = shape;
  const rounds = opts.rounds ?? 7;
  const methods = opts.methods ?? LIST_METHODS;
  const { itemIdRow } = assignIdRows(data.trainCounts, shape.minIdCount);
  const t = initListVariables(data, { dim, seed: 42, innerLr: shape.innerLr, shrink: shape.shrink });
  const c = catalogConstants({ itemIdRow, numFeatures: data.numFeatures } as ModelParams, data.features);
  const batch = sampleListBatch(data.train, data.numItems, tasks, createRng(7), shape);
  const singles = Array.from({ length: tasks }, (_, i) => sliceListTask(batch, i));
  const out: TrainingBench['methods'] = [];
  try {
    for (const method of methods) {
      const steps = method === 'encoder' ? shape.encoderInnerSteps : shape.innerSteps;
      const rule = listRuleOf(method, steps);
      const run = (b: ListBatch) => timedGradient(method, t, c, b, steps, shape.l2);
      // The outer loss of the same tasks both ways: nothing is updated, so once suffices.
      let looped = 0;
      for (const s of singles) looped += await lossOf(t, c, s, rule);
      let lossGap = Math.abs((await lossOf(t, c, batch, rule)) - looped / tasks);
      // Warm both paths once (kernel setup, first allocations).
      await run(batch);
      await run(singles[0] as ListBatch);
      const vecMs: number[] = [];
      const loopMs: number[] = [];
      // Interleaved rounds: both paths see the same machine load; the median round of each is kept
      // (one descheduling on a shared machine would dominate a sum).
      for (let r = 0; r < rounds; r++) {
        let t0 = performance.now();
        const v = await run(batch);
        vecMs.push(performance.now() - t0);
        t0 = performance.now();
        let sum = 0;
        for (const s of singles) sum += await run(s);
        loopMs.push(performance.now() - t0);
        // The timed losses (with the penalty, the same for every call) must agree as well.
        lossGap = Math.max(lossGap, Math.abs(v - sum / tasks));
      }
      const vectorizedTasksPerSec = tasks / (median(vecMs) / 1000);
      const loopedTasksPerSec = tasks / (median(loopMs) / 1000);
      out.push({
        method,
        vectorizedTasksPerSec,
        loopedTasksPerSec,
        ratio: vectorizedTasksPerSec / loopedTasksPerSec,
        lossGap,
      });
    }
  } finally {
    disposeListTensors(t);
    disposeListTensors(c);
  }
  return {
    model: 'list',
    backend: tf.getBackend(),
    tasks,
    numItems: data.numItems,
    maxSupport: shape.maxSupport,
    innerSteps: shape.innerSteps,
    encoderInnerSteps: shape.encoderInnerSteps,
    dim,
    rounds,
    methods: out,
  };
}
