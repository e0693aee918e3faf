/**
 * Meta-training as the page's training panel runs it: the training data and the fixed meta-val
 * episodes of a training pack (src/data/metatrainPack.ts), the panel's controls turned into a
 * trainer (ListMetaTrainer for the meta-learners, ListPretrainer for the plain reference), and
 * `runMetaSteps`, the same steps in Node (the equality test, the bench) as in the worker.
 * Pure TensorFlow.js: no DOM, no `self`.
 */
import * as tf from '@tensorflow/tfjs';
import type { MetaTrainPack } from '../data/metatrainPack';
import type { UserHistory } from '../data/types';
import { NUM_CONTENT_FEATURES } from './features';
import { listScores } from './listCore';
import { listCatalog } from './listModel';
import { ListMetaTrainer, type TrainerWeights } from './listMetaTrainer';
import { ListPretrainer } from './listPretrainer';
import type { ListTrainingData } from './listTrain';
import { listValidationSet, type ListValidationSet } from './listValidation';
import { assignIdRows, type ModelParams } from './params';

/** The panel's controls (structurally the worker protocol's MetaTrainConfig). */
export interface PanelConfig {
  method: 'maml' | 'fomaml' | 'reptile' | 'pretrain';
  outerLr: number;
  innerSteps: number;
  innerLr: number;
  metaBatch: number;
  kMin: number;
  kMax: number;
  seed: number;
}

/** What the panel does not expose: the shipped model's recipe (and its dimension, 32, where no model says otherwise). */
export const PANEL_FIXED = { dim: 32, shrink: 3, reptileRate: 0.1, minIdCount: 7, l2: 0 } as const;

/** The live Recall@20's episodes: each meta-val user of the pack at K = 1, 5 and 10 (order of seed 1). */
export const PANEL_VAL = { seeds: [1], ks: [1, 5, 10], minRatings: 30, users: 40 } as const;

/** Bounds of the controls: a config outside them is refused with a sentence. */
export const PANEL_LIMITS = {
  innerSteps: [0, 5],
  metaBatch: [1, 256],
  k: [0, 50],
  outerLr: [1e-6, 1000],
  innerLr: [0, 100],
} as const;

/** Why a config cannot be trained (null when it can). */
export function panelConfigProblem(c: PanelConfig): string | null {
  const within = (x: number, [lo, hi]: readonly [number, number]) => Number.isFinite(x) && x >= lo && x <= hi;
  if (!['maml', 'fomaml', 'reptile', 'pretrain'].includes(c.method)) return `Unknown method "${c.method}".`;
  if (!Number.isInteger(c.innerSteps) || !within(c.innerSteps, PANEL_LIMITS.innerSteps))
    return 'Inner steps must be a whole number from 0 to 5.';
  if (!Number.isInteger(c.metaBatch) || !within(c.metaBatch, PANEL_LIMITS.metaBatch))
    return 'The meta-batch must be a whole number from 1 to 256.';
  if (
    !Number.isInteger(c.kMin) ||
    !Number.isInteger(c.kMax) ||
    !within(c.kMin, PANEL_LIMITS.k) ||
    !within(c.kMax, PANEL_LIMITS.k) ||
    c.kMin > c.kMax
  )
    return 'The range of K must be whole numbers from 0 to 50, the smallest first.';
  if (!within(c.outerLr, PANEL_LIMITS.outerLr))
    return 'The meta learning rate must be above 0 and at most 1000.';
  if (!within(c.innerLr, PANEL_LIMITS.innerLr)) return 'The inner learning rate must be from 0 to 100.';
  if (!Number.isInteger(c.seed)) return 'The seed must be a whole number.';
  return null;
}

/** The training data of a pack on a catalog's content features. */
export function packTrainingData(pack: MetaTrainPack, features: Float32Array): ListTrainingData {
  const numItems = pack.header.numItems;
  if (features.length !== numItems * NUM_CONTENT_FEATURES)
    throw new Error(
      `The training data is for a catalog of ${numItems} movies, the model's catalog has ${features.length / NUM_CONTENT_FEATURES}: reload the page.`,
    );
  const trainCounts = new Float32Array(numItems);
  for (const h of pack.train) for (const i of h.items) trainCounts[i]! += 1;
  return { numItems, features, numFeatures: NUM_CONTENT_FEATURES, train: pack.train, trainCounts };
}

/** The fixed meta-val episodes of the pack's meta-val users. */
export function packValidationSet(val: readonly UserHistory[]): ListValidationSet {
  return listValidationSet(val, {
    seeds: [...PANEL_VAL.seeds],
    ks: [...PANEL_VAL.ks],
    minRatings: PANEL_VAL.minRatings,
  });
}

/** What the worker needs of either trainer. */
export interface PanelTrainer {
  readonly stepCount: number;
  /** One meta-step (one minibatch for pretraining); its loss. */
  step(): Promise<number>;
  /** The controls' rates and sizes, from the next step (a method or seed change needs a new trainer). */
  configure(c: PanelConfig): void;
  valRecall(val: ListValidationSet): Promise<number>;
  params(): Promise<ModelParams>;
  /** The initialization: u0 [d] and its catalog scores [N] (the K = 0 list), one readback. */
  initState(): Promise<{ u0: Float32Array; scores: Float32Array }>;
  weights(): Promise<TrainerWeights>;
  restore(w: TrainerWeights, step: number): void;
  dispose(): void;
}

/** A fresh trainer of a config (weights from its seed), of the model's dimension. The caller disposes it. */
export function createPanelTrainer(
  data: ListTrainingData,
  c: PanelConfig,
  dim: number = PANEL_FIXED.dim,
): PanelTrainer {
  const { itemIdRow } = assignIdRows(data.trainCounts, PANEL_FIXED.minIdCount);
  const inner =
    c.method === 'pretrain'
      ? new ListPretrainer(
          data,
          {
            dim: PANEL_FIXED.dim,
            batch: c.metaBatch,
            lr: c.outerLr,
            seed: c.seed,
            innerSteps: c.innerSteps,
            probeLr: c.innerLr,
          },
          itemIdRow,
        )
      : new ListMetaTrainer(data, { ...metaStepConfig(c), dim }, itemIdRow);
  const configure = (n: PanelConfig) => {
    if (inner instanceof ListPretrainer)
      inner.configure({ lr: n.outerLr, batch: n.metaBatch, probeLr: n.innerLr, innerSteps: n.innerSteps });
    else {
      const { outerLr, innerLr, innerSteps, metaBatch, maxSupport, minSupport } = metaStepConfig(n);
      inner.configure({ outerLr, innerLr, innerSteps, metaBatch, maxSupport, minSupport });
    }
  };
  const initState = async () => {
    const z = tf.tidy(() =>
      listScores(listCatalog(inner.t, inner.c), tf.reshape(inner.t.userInit, [1, -1]) as tf.Tensor2D),
    );
    try {
      const [u0, scores] = await Promise.all([inner.t.userInit.data(), z.data()]);
      return { u0: Float32Array.from(u0 as Float32Array), scores: scores as Float32Array };
    } finally {
      z.dispose();
    }
  };
  return {
    get stepCount() {
      return inner.stepCount;
    },
    step: () => inner.step(),
    configure,
    valRecall: (v) => inner.valRecall(v),
    params: () => inner.params(),
    initState,
    weights: () => inner.weights(),
    restore: (w, step) => inner.restore(w, step),
    dispose: () => inner.dispose(),
  };
}

function metaStepConfig(c: PanelConfig) {
  return {
    ...PANEL_FIXED,
    method: c.method as 'maml' | 'fomaml' | 'reptile',
    innerSteps: c.innerSteps,
    innerLr: c.innerLr,
    seed: c.seed,
    metaBatch: c.metaBatch,
    outerLr: c.outerLr,
    maxSupport: c.kMax,
    minSupport: c.kMin,
    // K comes from the range alone: K = 0 when kMin is 0.
    zeroShare: 0,
  };
}

/** Whether a change of controls needs a fresh start (a method or seed) rather than applying to the next step. */
export function needsReset(a: PanelConfig, b: PanelConfig): boolean {
  return a.method !== b.method || a.seed !== b.seed;
}

/**
 * `n` steps of a fresh trainer; returns the losses and the final weights. What Node computes for
 * the equality test and the bench, on the same code path as the worker.
 */
export async function runMetaSteps(
  data: ListTrainingData,
  c: PanelConfig,
  n: number,
  dim: number = PANEL_FIXED.dim,
): Promise<{ losses: number[]; weights: TrainerWeights }> {
  const trainer = createPanelTrainer(data, c, dim);
  try {
    const losses: number[] = [];
    for (let i = 0; i < n; i++) losses.push(await trainer.step());
    return { losses, weights: await trainer.weights() };
  } finally {
    trainer.dispose();
  }
}

/** A comparable summary of trained weights: u0 whole, and per tensor its size, sum, sum of |x| and every 997th value. */
export interface WeightsDigest {
  u0: number[];
  tensors: Record<string, { size: number; sum: number; sumAbs: number; sample: number[] }>;
}

export function digestWeights(w: TrainerWeights): WeightsDigest {
  const tensors: WeightsDigest['tensors'] = {};
  for (const [k, v] of Object.entries(w)) {
    let sum = 0;
    let sumAbs = 0;
    const sample: number[] = [];
    v.forEach((x, i) => {
      sum += x;
      sumAbs += Math.abs(x);
      if (i % 997 === 0) sample.push(x);
    });
    tensors[k] = { size: v.length, sum, sumAbs, sample };
  }
  return { u0: Array.from(w.userInit ?? []), tensors };
}

/**
 * Where two digests differ by more than `tol` (relative to 1 + |value|), as lines; empty when they
 * agree.
 */
export function digestDifferences(a: WeightsDigest, b: WeightsDigest, tol = 1e-6): string[] {
  const out: string[] = [];
  const near = (x: number, y: number) => Math.abs(x - y) <= tol * (1 + Math.abs(x));
  const check = (what: string, x: number[], y: number[]) => {
    if (x.length !== y.length) out.push(`${what}: ${x.length} values against ${y.length}`);
    else x.forEach((v, i) => !near(v, y[i] as number) && out.push(`${what}[${i}]: ${v} against ${y[i]}`));
  };
  check('u0', a.u0, b.u0);
  const keys = [...new Set([...Object.keys(a.tensors), ...Object.keys(b.tensors)])].sort();
  for (const k of keys) {
    const x = a.tensors[k];
    const y = b.tensors[k];
    if (!x || !y) {
      out.push(`${k}: only on one side`);
      continue;
    }
    check(`${k}.size`, [x.size], [y.size]);
    check(`${k}.sum`, [x.sum], [y.sum]);
    check(`${k}.sumAbs`, [x.sumAbs], [y.sumAbs]);
    check(`${k}.sample`, x.sample, y.sample);
  }
  return out;
}
