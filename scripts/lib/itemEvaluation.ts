/**
 * The item cold-start side (issue 17) wired to a model folder and the terminal: `npm run train`
 * meta-trains the warm-up and writes it (itemWarmup.json, with the chosen content regression),
 * `npm run eval` reads it back; both fit the reference placers, choose their settings on the
 * validation new movies and table the test ones. The work is in src/train/itemSide.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewItemSplit } from '../../src/data/itemSplit';
import { createRng } from '../../src/data/rng';
import type { MovieLensData } from '../../src/data/types';
import type { ItemColdStartSection } from '../../src/eval/shippedReport';
import type { ContentFit } from '../../src/model/itemContent';
import { warmupPlacer } from '../../src/model/itemWarmupInner';
import { warmupFromJson, warmupToJson } from '../../src/model/itemWarmupFormat';
import type { WarmupParams } from '../../src/model/itemWarmupGenerator';
import { trainItemWarmup, type WarmupConfig } from '../../src/model/itemWarmupTrain';
import type { ShippedModel } from '../../src/model/shipped';
import type { WarmupCandidate } from '../../src/train/itemPlacers';
import { runItemSide } from '../../src/train/itemSide';
import { createProgress } from './progress';

/** The warm-up beside the model (the app's "New arrivals" panel reads it). */
export const ITEM_WARMUP_FILE = 'itemWarmup.json';

/** Inner step counts the warm-up may be run with; the validation movies choose (with the meta-trained one). */
const STEP_CHOICES = [1, 3, 5, 10];

export interface ItemRunOptions {
  model: ShippedModel;
  /** The full data (the new movies' ratings are the evaluation's). */
  data: MovieLensData;
  trainUserIds: readonly number[];
  newItems: NewItemSplit;
  part: 'test' | 'val';
  /** 'train': meta-train the warm-up (npm run train); a folder: read its itemWarmup.json; null: no warm-up row. */
  warmup: 'train' | { dir: string } | null;
  warmupConfig?: Partial<WarmupConfig>;
  seed?: number;
  notes?: string[];
}

export interface ItemRunResult {
  section: ItemColdStartSection;
  /** itemWarmup.json's text (null without a warm-up). */
  warmupJson: string | null;
}

type Trainer = (
  set: Parameters<typeof trainItemWarmup>[0],
  content: ContentFit,
  score: (placer: ReturnType<typeof warmupPlacer>) => number,
) => Promise<WarmupCandidate<WarmupParams>[]>;

function candidatesOf(params: WarmupParams, extra: Record<string, number>): WarmupCandidate<WarmupParams>[] {
  const steps = [...new Set([params.innerSteps, ...STEP_CHOICES])].sort((a, b) => a - b);
  return steps.map((s) => ({
    chosen: { ...extra, innerSteps: s, metaTrainedSteps: params.innerSteps },
    placer: warmupPlacer(params, s),
    params: { ...params, innerSteps: s },
  }));
}

/** Meta-trains the warm-up, keeping the iteration with the best validation AUC. */
function trainer(config: Partial<WarmupConfig>, seed: number): Trainer {
  return async (set, content, score) => {
    const iterations = config.iterations ?? 1500;
    const bar = createProgress('item warm-up', iterations);
    const every = Math.max(1, Math.round(iterations / 15));
    const r = trainItemWarmup(
      set,
      { ...config, content, validate: { every, score: (p) => score(warmupPlacer(p)) } },
      createRng(seed),
    );
    bar.done(`kept iteration ${r.bestIteration} of ${iterations}`);
    return candidatesOf(r.params, { bestIteration: r.bestIteration, iterations });
  };
}

/** The saved warm-up of a model folder (none: no warm-up row, said in the notes). */
function saved(dir: string): Trainer | null {
  const file = join(dir, ITEM_WARMUP_FILE);
  if (!existsSync(file)) return null;
  const { params } = warmupFromJson(JSON.parse(readFileSync(file, 'utf8')));
  return async () => [
    {
      chosen: { innerSteps: params.innerSteps, from: ITEM_WARMUP_FILE },
      placer: warmupPlacer(params),
      params,
    },
  ];
}

export async function runItems(opts: ItemRunOptions): Promise<ItemRunResult> {
  const { model } = opts;
  const rec = model.recommender(model.manifest.defaultMethod);
  const warm =
    opts.warmup === 'train'
      ? trainer(opts.warmupConfig ?? {}, opts.seed ?? 17)
      : opts.warmup
        ? saved(opts.warmup.dir)
        : null;
  const notes = [...(opts.notes ?? [])];
  if (opts.warmup !== 'train' && opts.warmup && !warm)
    notes.push(`No ${ITEM_WARMUP_FILE} in the model folder: the meta-learned warm-up is not evaluated.`);
  let content: ContentFit | undefined;
  let users: ReturnType<typeof createProgress> | null = null;
  try {
    const result = await runItemSide<WarmupParams>({
      rec,
      data: opts.data,
      features: model.features,
      numFeatures: model.manifest.numFeatures,
      trainUserIds: opts.trainUserIds,
      newItems: opts.newItems,
      part: opts.part,
      notes,
      ...(warm
        ? {
            warmup: (set, fit, score) => {
              content = fit;
              return warm(set, fit, score);
            },
          }
        : {}),
      log: (line) => console.error(line),
      onUsers: (done, total) => {
        users ??= createProgress("raters' states", total);
        users.update(done);
        if (done === total) users.done();
      },
    });
    const params = result.warmupParams;
    return {
      section: result.section,
      warmupJson: params ? `${JSON.stringify(warmupToJson(params, content))}\n` : null,
    };
  } finally {
    rec.dispose();
  }
}
