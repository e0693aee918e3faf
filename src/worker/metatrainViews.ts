/**
 * What the training panel shows of a training, computed in the worker: the initialization on the
 * map and its K = 0 list, the shipped model's meta-val Recall@20 on the same episodes, and a
 * Recommender of the initialization being trained (for "Adapt my ratings from this initialization"
 * and the compare view); and the opening of a training pack. Never touches `self`.
 */
import { decodePack } from '../data/metatrainPack';
import { listValScores, type ListTrainingData } from '../model/listTrain';
import { validationRecall, type ListValidationSet } from '../model/listValidation';
import { packTrainingData, packValidationSet, type PanelTrainer } from '../model/panelTrainer';
import { projectUser } from '../model/projection';
import { Recommender, topN } from '../model/recommender';
import { fetchBytes } from './download';
import { LOAD_TIMEOUT_MS } from './protocol';
import type { HandlerDeps, Session } from './session';

/** An opened training pack: the training data on the model's catalog and the fixed meta-val episodes. */
export interface Opened {
  data: ListTrainingData;
  val: ListValidationSet;
  shippedValRecall: number | null;
}

/** Downloads the pack at `url` (posting metatrainLoad progress) and prepares it on the loaded model. */
export async function openPack(
  url: string,
  requestId: number,
  deps: HandlerDeps,
  session: Session,
): Promise<Opened> {
  const model = session.model;
  if (!model) throw new Error('The model is not loaded yet.');
  let loaded = 0;
  const onBytes = (n: number, total: number) => {
    loaded += n;
    deps.post({ type: 'metatrainLoad', requestId, loaded, total: total || null });
  };
  const bytes = await fetchBytes(deps.fetch, url, onBytes, LOAD_TIMEOUT_MS, 'training data file');
  const pack = decodePack(new Uint8Array(bytes));
  const data = packTrainingData(pack, model.features);
  const val = packValidationSet(pack.val);
  return { data, val, shippedValRecall: await shippedValRecall(session, val) };
}

/** Length of the K = 0 list. */
export const K0 = 20;

/** How many meta-steps the status's first and last loss each average (one batch's loss is noisy). */
export const LOSS_WINDOW = 10;

/**
 * The mean loss of the first and of the last LOSS_WINDOW meta-steps (fewer while there are fewer;
 * both the one loss after a single step); null before any step.
 */
export function lossEnds(losses: readonly { loss: number }[]): { first: number | null; last: number | null } {
  if (losses.length === 0) return { first: null, last: null };
  const mean = (xs: readonly { loss: number }[]) => xs.reduce((a, p) => a + p.loss, 0) / xs.length;
  return { first: mean(losses.slice(0, LOSS_WINDOW)), last: mean(losses.slice(-LOSS_WINDOW)) };
}

export function allFinite(xs: ArrayLike<number>): boolean {
  for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i] ?? NaN)) return false;
  return true;
}

/**
 * u0 on the shipped map (its projection) and the top K0 listable movies at u0; nulls without a
 * trainer or when a number is not finite (nothing NaN is ever posted).
 */
export async function initView(
  trainer: PanelTrainer | null,
  session: Session,
): Promise<{ init: [number, number] | null; k0: Int32Array | null }> {
  const model = session.model;
  if (!trainer || !model) return { init: null, k0: null };
  const s = await trainer.initState();
  if (!allFinite(s.u0) || !allFinite(s.scores)) return { init: null, k0: null };
  const phi = new Float32Array(s.u0.length + 1);
  phi.set(s.u0);
  const init = projectUser(model.manifest.projection, phi);
  if (!init.every(Number.isFinite)) return { init: null, k0: null };
  return { init, k0: Int32Array.from(topN(s.scores, K0, session.unlisted)) };
}

/** The shipped model's default method on the meta-val episodes (the panel's reference line). */
export async function shippedValRecall(session: Session, val: ListValidationSet): Promise<number | null> {
  const model = session.model;
  if (!model) return null;
  const rec = session.recommender(model.manifest.defaultMethod);
  if (rec.rule.kind !== 'list') return null;
  const scores = await listValScores(rec.params, model.features, rec.rule, val);
  const recall = validationRecall(val, scores, rec.numItems);
  return Number.isFinite(recall) ? recall : null;
}

/** One Recommender of the trained initialization, rebuilt when the training moved on. Owns it. */
export class TrainedInit {
  private held: { step: number; innerSteps: number; rec: Recommender } | null = null;

  async of(trainer: PanelTrainer, features: Float32Array, innerSteps: number): Promise<Recommender> {
    const step = trainer.stepCount;
    if (this.held?.step === step && this.held.innerSteps === innerSteps) return this.held.rec;
    const params = await trainer.params();
    const rec = new Recommender(params, features, { kind: 'list', encoder: false, innerSteps });
    this.dispose();
    this.held = { step, innerSteps, rec };
    return rec;
  }

  dispose(): void {
    this.held?.rec.dispose();
    this.held = null;
  }
}
