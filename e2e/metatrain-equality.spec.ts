/**
 * The same seed gives the same weights in Node and in the page (issue 19): 20 meta-steps on the
 * tfjs cpu backend here, in the Playwright process, with src/model's panel trainer, and 20 in the
 * app's worker (`?backend=cpu`), driven through the worker's test hook (warmstartMetatrain: the
 * training panel's open, Step x 20 and Pause), compared by a digest of every tensor (u0 whole,
 * each tensor's sum, sum of |x| and a sample) within 1e-6. cpu project only (playwright.config.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { decodePack } from '../src/data/metatrainPack';
import {
  digestDifferences,
  digestWeights,
  packTrainingData,
  runMetaSteps,
  type PanelConfig,
  type WeightsDigest,
} from '../src/model/panelTrainer';
import { readModelDir } from '../scripts/lib/modelDir';
import { expect, test } from './fixtures';

const STEPS = 20;
const config: PanelConfig = {
  method: 'maml',
  outerLr: 0.01,
  innerSteps: 1,
  innerLr: 1,
  metaBatch: 4,
  kMin: 1,
  kMax: 10,
  seed: 7,
};

type Hook = (action: string, extra?: object) => Promise<{ step: number; digest: WeightsDigest } | null>;

test('meta-training: the same seed gives the same weights on cpu in Node and in the page', async ({
  page,
  app,
}) => {
  test.setTimeout(600_000);
  // Node: the shipped catalog's features and the committed pack, as the worker reads them.
  await tf.setBackend('cpu');
  const root = process.cwd();
  const model = readModelDir(join(root, 'public/model'));
  const pack = decodePack(new Uint8Array(readFileSync(join(root, 'public/metatrain/pack.bin'))));
  const node = await runMetaSteps(packTrainingData(pack, model.features), config, STEPS, model.manifest.dim);
  expect(node.losses.every(Number.isFinite)).toBe(true);

  await app.open('?backend=cpu');
  await app.waitReady();
  await expect(app.badge).toHaveAttribute('data-backend', 'cpu');
  const worker = page.workers().find((w) => w.url().includes('adapt.worker'));
  if (!worker) throw new Error('the adaptation worker is not running');
  const dataUrl = new URL('metatrain/pack.bin', page.url()).href;
  const drive = (action: string, extra: object = {}) =>
    worker.evaluate(
      ([a, e]) =>
        (self as unknown as { warmstartMetatrain: Hook }).warmstartMetatrain(a as string, e as object),
      [action, extra] as const,
    );
  await drive('open', { config, dataUrl });
  for (let i = 0; i < STEPS; i++) await drive('step', { config });
  const inPage = await drive('pause', { config });
  expect(inPage?.step).toBe(STEPS);
  expect(digestDifferences(digestWeights(node.weights), inPage!.digest)).toEqual([]);
});
