/**
 * The adaptation worker's dispatcher: one handler per request, the generation counters by which a
 * newer adapt, compare or ask supersedes an older one, and the kind of every error it reports.
 * Loading is in load.ts (download.ts), adaptation in adaptation.ts, the compare view in compare.ts.
 * Never touches `self`: the entry (adapt.worker.ts) passes `post`, and the unit test passes a fake
 * one. Imports nothing from src/ui or src/state.
 */
import type { MethodName } from '../model/format';
import { isInterviewStrategy } from '../methods/interview';
import { offersFor } from '../model/interview/offers';
import { nearestNeighbours } from '../model/neighbours';
import type { Recommender } from '../model/recommender';
import { ModelFormatError } from '../model/shipped';
import { runAdaptation } from './adaptation';
import { createArrivals } from './arrivals';
import { compareTransfer, runCompare } from './compare';
import { LoadError } from './download';
import { loadModel } from './load';
import { MetaTraining } from './metatrain';
import {
  assertNever,
  type AdaptRequest,
  type AskRequest,
  type CompareRequest,
  type ErrorKind,
  type InjectRequest,
  type NeighboursRequest,
  type WorkerEvent,
  type WorkerRequest,
} from './protocol';
import { Session, type HandlerDeps } from './session';

export type { HandlerDeps } from './session';

export function createHandler(deps: HandlerDeps) {
  const now = deps.now ?? (() => performance.now());
  const session = new Session();
  /** Bumped by every adapt: a running adaptation stops when it no longer matches. */
  let generation = 0;
  /** Bumped by every compare: only the newest comparison is posted. */
  let compareGeneration = 0;
  /** Bumped by every ask: only the newest is answered. */
  let askGeneration = 0;
  /** The adaptation in flight (resolved when it has finished or stopped). */
  let running: Promise<void> = Promise.resolve();
  /** One-shot faults injected by the test hook, fired by the next adaptation. */
  const armed = new Set<InjectRequest['fault']>();
  const arrivals = createArrivals(session, deps);
  /** The training panel's training (between meta-steps, the other requests run). */
  const metatrain = new MetaTraining(deps, session, armed, now);

  const notLoaded = (requestId: number) =>
    deps.post({ type: 'error', requestId, kind: 'internal', message: 'The model is not loaded yet.' });

  async function adapt(req: AdaptRequest): Promise<void> {
    const mine = ++generation;
    const cancelled = () => generation !== mine;
    const { model, appMethod } = session;
    if (!model || !appMethod) {
      notLoaded(req.id);
      return;
    }
    const target = await adaptTarget(req, session, appMethod, metatrain);
    if (typeof target === 'string') {
      deps.post({ type: 'error', requestId: req.id, kind: 'internal', message: target });
      return;
    }
    const { name, rec } = target;
    // Without ratings there is nothing to step on (a list's gradient is 0): one state, the start.
    const steps = rec.stepwise && req.items.length > 0 ? (req.steps ?? rec.defaultSteps) : 0;
    const t0 = now();
    deps.post({
      type: 'adaptStart',
      requestId: req.id,
      method: name,
      steps,
      k: req.items.length,
      lossless: !rec.stepwise,
    });
    // One adaptation at a time: the superseded one stops at its next step, then this one starts.
    const previous = running;
    let release = () => {};
    running = new Promise<void>((r) => (release = r));
    await previous;
    if (cancelled()) {
      release();
      deps.post({ type: 'cancelled', requestId: req.id });
      return;
    }
    try {
      const projection = model.manifest.projection;
      await runAdaptation(
        { req, rec, name, projection, steps, t0, cancelled, armed },
        session,
        deps.post,
        now,
      );
    } finally {
      release();
    }
  }

  async function compare(req: CompareRequest): Promise<void> {
    const mine = ++compareGeneration;
    const { model, appMethod, unlisted, excluded } = session;
    if (!model || !appMethod) {
      notLoaded(req.id);
      return;
    }
    const recommender = (name: MethodName) => session.recommender(name);
    const done = await runCompare(req, model, recommender, appMethod, now, { unlisted, excluded });
    const trained = req.trained ? await metatrain.compareTrace(req) : null;
    if (trained) done.trained = trained;
    if (mine !== compareGeneration) {
      deps.post({ type: 'cancelled', requestId: req.id });
      return;
    }
    deps.post(done, compareTransfer(done));
  }

  async function ask(req: AskRequest): Promise<void> {
    const mine = ++askGeneration;
    const { model, appMethod, interview } = session;
    if (!model || !appMethod || !interview) {
      notLoaded(req.id);
      return;
    }
    const strategy = isInterviewStrategy(req.strategy) ? req.strategy : 'pop-entropy';
    const t0 = now();
    const items = await offersFor(interview.ctx, session.recommender(appMethod), strategy, req, req.count);
    if (mine !== askGeneration) {
      deps.post({ type: 'cancelled', requestId: req.id });
      return;
    }
    deps.post({ type: 'offers', requestId: req.id, strategy, items, ms: now() - t0 }, [items.buffer]);
  }

  async function handle(msg: WorkerRequest): Promise<void> {
    try {
      switch (msg.type) {
        case 'init':
          await loadModel(msg, deps, session, now);
          return;
        case 'adapt':
          await adapt(msg);
          return;
        case 'compare':
          await compare(msg);
          return;
        case 'ask':
          await ask(msg);
          return;
        case 'neighbours':
          answerNeighbours(session, deps, msg);
          return;
        case 'arrival':
          await arrivals.run(msg);
          return;
        case 'metatrain':
          await metatrain.handle(msg);
          return;
        case 'inject':
          // 'crash' is thrown by the worker's entry before it gets here (it must escape the handler).
          if (msg.fault !== 'crash') armed.add(msg.fault);
          return;
        default:
          assertNever(msg);
      }
    } catch (e) {
      deps.post({
        type: 'error',
        requestId: msg.id,
        kind: errorKind(e, msg),
        message: (e as Error).message || String(e),
      });
    }
  }

  return { handle, dispose: () => [metatrain, session].forEach((x) => x.dispose()) };
}

/**
 * What an adapt runs: the initialization the panel trains (`init: 'trained'`, reported under the
 * panel's method) or a shipped method. A string says why it cannot run.
 */
async function adaptTarget(
  req: AdaptRequest,
  session: Session,
  appMethod: MethodName,
  metatrain: MetaTraining,
): Promise<{ name: MethodName; rec: Recommender } | string> {
  if (req.init === 'trained') {
    const rec = await metatrain.trainedRecommender();
    const method = metatrain.method;
    if (!rec || !method) return 'Nothing is being trained: open the training panel first.';
    return { name: method, rec };
  }
  const name: MethodName = req.method ?? appMethod;
  if (!session.model?.manifest.methods.some((x) => x.name === name))
    return `The model has no method "${name}".`;
  return { name, rec: session.recommender(name) };
}

/**
 * What kind of failure an exception is: a damaged model, a download (LoadError says which), a
 * backend that could not start (anything else during init), or a bug.
 */
function errorKind(e: unknown, msg: WorkerRequest): ErrorKind {
  if (e instanceof ModelFormatError) return 'model';
  if (e instanceof LoadError) return e.kind;
  return msg.type === 'init' ? 'backend' : 'internal';
}

/** Answers a neighbours request (or says the model is not loaded yet). */
function answerNeighbours(session: Session, deps: HandlerDeps, req: NeighboursRequest): void {
  const found = neighboursOf(session, req);
  if (found) deps.post(found, [found.items.buffer, found.similarity.buffer]);
  else
    deps.post({
      type: 'error',
      requestId: req.id,
      kind: 'internal',
      message: 'The model is not loaded yet.',
    });
}

/** The movies nearest one movie among the listable ones (null before the model is loaded). */
function neighboursOf(
  session: Session,
  req: NeighboursRequest,
): Extract<WorkerEvent, { type: 'neighbours' }> | null {
  const { model, appMethod, listable: mask } = session;
  if (!model || !appMethod || !mask) return null;
  const rec = session.recommender(appMethod);
  const count = Math.max(1, Math.min(50, Math.floor(req.count) || 1));
  const found = nearestNeighbours(rec.vectors, rec.dim + 1, rec.dim, req.index, count, (i) => mask[i] === 1);
  return { type: 'neighbours', requestId: req.id, index: req.index, ...found };
}
