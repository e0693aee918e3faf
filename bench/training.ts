/**
 * Training throughput in Node: one vectorized meta-batch of T tasks against the same T tasks run
 * one by one (same padding, same parameters, same backend), for each meta-learning method.
 * Calls src/model's outerGradients: the exact function meta-training runs, in the shape it runs
 * in (meta-batch, inner steps, dimension, normalization floor: the shipped model's manifest).
 */
import * as tf from '@tensorflow/tfjs';
import { createTaskSampler } from '../src/data/tasks';
import type { TaskBatch } from '../src/data/types';
import { gatherBatch } from '../src/model/batch';
import { initForData, outerGradients, type MetaMethod } from '../src/model/metaTrain';
import type { PreparedData } from '../src/model/trainingData';

export interface TrainingBench {
  backend: string;
  tasks: number;
  innerSteps: number;
  dim: number;
  /** Inner-gradient normalization floor (core.prepareInner); older results lack it (1). */
  normFloor?: number;
  rounds: number;
  methods: {
    method: MetaMethod;
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

/** Task t of a batch as a one-task batch with the same padding. */
export function sliceTask(b: TaskBatch, t: number): TaskBatch {
  const s = b.supportSize;
  const q = b.querySize;
  return {
    numTasks: 1,
    supportSize: s,
    querySize: q,
    supportItems: b.supportItems.slice(t * s, t * s + s),
    supportRatings: b.supportRatings.slice(t * s, t * s + s),
    supportMask: b.supportMask.slice(t * s, t * s + s),
    queryItems: b.queryItems.slice(t * q, t * q + q),
    queryRatings: b.queryRatings.slice(t * q, t * q + q),
    queryMask: b.queryMask.slice(t * q, t * q + q),
  };
}

/** What meta-training runs with: the shipped model's hyperparameters (public/model/manifest.json). */
export interface TrainingShape {
  tasks: number;
  innerSteps: number;
  dim: number;
  normFloor: number;
  innerLr: number;
  minIdCount: number;
  maxSupport: number;
  maxQuery: number;
}

/** The training shape from a manifest's `hyperparameters` (what `npm run train` used). */
export function trainingShape(hyperparameters: Record<string, unknown>): TrainingShape {
  const num = (k: string, fallback: number) => {
    const v = hyperparameters[k];
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  };
  return {
    tasks: num('metaBatch', 64),
    innerSteps: num('innerSteps', 10),
    dim: num('dim', 32),
    normFloor: num('normFloor', 1),
    innerLr: num('innerLr', 0.5),
    minIdCount: num('minIdCount', 5),
    maxSupport: num('maxSupport', 20),
    maxQuery: num('maxQuery', 20),
  };
}

export async function benchTraining(
  data: PreparedData,
  opts: Partial<TrainingShape> & { rounds?: number; methods?: MetaMethod[] } = {},
): Promise<TrainingBench> {
  const shape = { ...trainingShape({}), ...opts };
  const { tasks, innerSteps, dim, normFloor } = shape;
  const rounds = opts.rounds ?? 7;
  const methods = opts.methods ?? ['maml', 'fomaml', 'reptile'];
  const params = initForData(data, { dim, minIdCount: shape.minIdCount, seed: 42, innerLr: shape.innerLr });
  const sampler = createTaskSampler(data.train, {
    seed: 7,
    maxSupport: shape.maxSupport,
    maxQuery: shape.maxQuery,
  });
  const batch = sampler.sample(tasks);
  const full = gatherBatch(params, data.features, batch);
  const singles = Array.from({ length: tasks }, (_, t) =>
    gatherBatch(params, data.features, sliceTask(batch, t)),
  );
  const out: TrainingBench['methods'] = [];
  for (const method of methods) {
    // Warm both paths once (kernel setup, first allocations).
    await outerGradients(method, params, full, innerSteps, normFloor);
    await outerGradients(method, params, singles[0]!, innerSteps, normFloor);
    const vecMs: number[] = [];
    const loopMs: number[] = [];
    let lossGap = 0;
    // Interleaved rounds: both paths see the same machine load; the median round of each is kept
    // (one vectorized call is a few ms, so one descheduling on a shared machine would dominate a sum).
    for (let r = 0; r < rounds; r++) {
      let t0 = performance.now();
      const v = await outerGradients(method, params, full, innerSteps, normFloor);
      vecMs.push(performance.now() - t0);
      t0 = performance.now();
      let sum = 0;
      for (const g of singles) sum += (await outerGradients(method, params, g, innerSteps, normFloor)).loss;
      loopMs.push(performance.now() - t0);
      lossGap = Math.max(lossGap, Math.abs(v.loss - sum / tasks));
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
  return { backend: tf.getBackend(), tasks, innerSteps, dim, normFloor, rounds, methods: out };
}
