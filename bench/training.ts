/**
 * Training throughput in Node: one vectorized meta-batch of T tasks against the same T tasks run
 * one by one (same padding, same parameters, same backend), for each meta-learning method.
 * Calls src/model's outerGradients: the exact function meta-training runs.
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

export async function benchTraining(
  data: PreparedData,
  opts: { tasks?: number; innerSteps?: number; dim?: number; rounds?: number; methods?: MetaMethod[] } = {},
): Promise<TrainingBench> {
  const tasks = opts.tasks ?? 64;
  const innerSteps = opts.innerSteps ?? 5;
  const dim = opts.dim ?? 32;
  const rounds = opts.rounds ?? 3;
  const methods = opts.methods ?? ['maml', 'fomaml', 'reptile'];
  const params = initForData(data, { dim, minIdCount: 5, seed: 42, innerLr: 0.5 });
  const sampler = createTaskSampler(data.train, { seed: 7, maxSupport: 20, maxQuery: 20 });
  const batch = sampler.sample(tasks);
  const full = gatherBatch(params, data.features, batch);
  const singles = Array.from({ length: tasks }, (_, t) =>
    gatherBatch(params, data.features, sliceTask(batch, t)),
  );
  const out: TrainingBench['methods'] = [];
  for (const method of methods) {
    // Warm both paths once (kernel setup, first allocations).
    await outerGradients(method, params, full, innerSteps);
    await outerGradients(method, params, singles[0]!, innerSteps);
    let vecMs = 0;
    let loopMs = 0;
    let lossGap = 0;
    // Interleaved rounds: both paths see the same machine load.
    for (let r = 0; r < rounds; r++) {
      let t0 = performance.now();
      const v = await outerGradients(method, params, full, innerSteps);
      vecMs += performance.now() - t0;
      t0 = performance.now();
      let sum = 0;
      for (const g of singles) sum += (await outerGradients(method, params, g, innerSteps)).loss;
      loopMs += performance.now() - t0;
      lossGap = Math.max(lossGap, Math.abs(v.loss - sum / tasks));
    }
    const vectorizedTasksPerSec = (tasks * rounds) / (vecMs / 1000);
    const loopedTasksPerSec = (tasks * rounds) / (loopMs / 1000);
    out.push({
      method,
      vectorizedTasksPerSec,
      loopedTasksPerSec,
      ratio: vectorizedTasksPerSec / loopedTasksPerSec,
      lossGap,
    });
  }
  return { backend: tf.getBackend(), tasks, innerSteps, dim, rounds, methods: out };
}
