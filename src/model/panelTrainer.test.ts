/**
 * The training panel's trainer on generated MovieLens-format data (tfjs cpu): steps lower the
 * loss, a seed gives the same weights, a checkpoint restores exactly, controls apply to the next
 * step, the tensors stay flat over many steps, and bad controls are refused in words.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePack, encodePack } from '../data/metatrainPack';
import { buildHistories, parseMovieLens } from '../data/movielens';
import { generateSyntheticMovieLens } from '../data/synthetic';
import { contentFeatures } from './features';
import {
  createPanelTrainer,
  needsReset,
  packTrainingData,
  packValidationSet,
  panelConfigProblem,
  runMetaSteps,
  type PanelConfig,
} from './panelTrainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const synthetic = generateSyntheticMovieLens({ seed: 3, numUsers: 90 });
const ml = parseMovieLens({ ratings: synthetic.ratings, movies: synthetic.movies });
const users = [...new Set(ml.ratings.map((r) => r.userId))].sort((a, b) => a - b);
// Through the codec, as the worker gets it.
const pack = decodePack(
  encodePack({
    header: {
      numItems: ml.movies.length,
      trainUsers: 0,
      valUsers: 0,
      attribution: 'MovieLens',
      checksum: '',
      splitSeed: 1,
    },
    train: buildHistories(ml, users.slice(0, 70)),
    val: buildHistories(ml, users.slice(70)),
  }),
);
const data = packTrainingData(pack, contentFeatures(ml.movies));
const val = packValidationSet(pack.val);

const config = (over: Partial<PanelConfig> = {}): PanelConfig => ({
  method: 'maml',
  outerLr: 0.01,
  innerSteps: 1,
  innerLr: 1,
  metaBatch: 8,
  kMin: 1,
  kMax: 10,
  seed: 5,
  ...over,
});

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('panel trainer', () => {
  it.each(['maml', 'fomaml', 'reptile', 'pretrain'] as const)(
    '%s: 40 steps lower the loss',
    async (method) => {
      const { losses } = await runMetaSteps(data, config({ method, outerLr: 0.01, metaBatch: 16 }), 40);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)));
    },
  );

  it('a seed gives the same weights; another seed others', async () => {
    const a = await runMetaSteps(data, config(), 5);
    const b = await runMetaSteps(data, config(), 5);
    const c = await runMetaSteps(data, config({ seed: 6 }), 5);
    expect(b.losses).toEqual(a.losses);
    expect(Array.from(b.weights.userInit!)).toEqual(Array.from(a.weights.userInit!));
    expect(Array.from(c.weights.userInit!)).not.toEqual(Array.from(a.weights.userInit!));
  });

  it('restores a checkpoint exactly and counts from its step; refuses one of another shape', async () => {
    const t = createPanelTrainer(data, config({ method: 'pretrain' }));
    try {
      await t.step();
      const saved = await t.weights();
      expect(Object.keys(saved)).toContain('userTable');
      await t.step();
      await t.step();
      t.restore(saved, 1);
      expect(t.stepCount).toBe(1);
      const back = await t.weights();
      for (const k of Object.keys(saved)) expect(Array.from(back[k]!), k).toEqual(Array.from(saved[k]!));
      expect(() => t.restore({ ...saved, userInit: new Float32Array(3) }, 1)).toThrow(
        /another configuration/,
      );
    } finally {
      t.dispose();
    }
  });

  it('applies rates and sizes to the next step; the inner rate sets every entry', async () => {
    const t = createPanelTrainer(data, config());
    try {
      t.configure(config({ innerLr: 0.25, metaBatch: 4, innerSteps: 2 }));
      expect(Array.from(await t.weights().then((w) => w.innerLr!))).toEqual(new Array(32).fill(0.25));
      expect(Number.isFinite(await t.step())).toBe(true);
      expect(needsReset(config(), config({ outerLr: 1 }))).toBe(false);
      expect(needsReset(config(), config({ method: 'reptile' }))).toBe(true);
      expect(needsReset(config(), config({ seed: 9 }))).toBe(true);
    } finally {
      t.dispose();
    }
  });

  it('keeps the number of tensors flat over 30 steps and validations, and frees them all', async () => {
    const before = tf.memory().numTensors;
    const t = createPanelTrainer(data, config({ method: 'reptile', innerSteps: 2 }));
    await t.step();
    await t.valRecall(val);
    const warm = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) {
      await t.step();
      if (i % 10 === 0) await t.valRecall(val);
    }
    expect(tf.memory().numTensors).toBe(warm);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('measures meta-val Recall@20 on fixed episodes', async () => {
    const t = createPanelTrainer(data, config());
    try {
      const r = await t.valRecall(val);
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(1);
      expect(await t.valRecall(val)).toBe(r);
    } finally {
      t.dispose();
    }
  });

  it('refuses controls out of range in words', () => {
    expect(panelConfigProblem(config())).toBeNull();
    expect(panelConfigProblem(config({ innerSteps: 6 }))).toMatch(/Inner steps/);
    expect(panelConfigProblem(config({ metaBatch: 0 }))).toMatch(/meta-batch/);
    expect(panelConfigProblem(config({ kMin: 5, kMax: 2 }))).toMatch(/range of K/);
    expect(panelConfigProblem(config({ outerLr: NaN }))).toMatch(/meta learning rate/);
    expect(panelConfigProblem(config({ method: 'sgd' as never }))).toMatch(/Unknown method/);
  });

  it('refuses a pack for another catalog', () => {
    expect(() => packTrainingData(pack, new Float32Array(10))).toThrow(/catalog/);
  });
});
