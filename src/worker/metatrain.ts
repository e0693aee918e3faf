/**
 * The training panel's side of the worker: the `metatrain` requests (metatrainProtocol.ts). Opens
 * the training pack (download.ts, with progress), meta-trains with src/model's panel trainer (the
 * code `npm run train` runs) one meta-step per macrotask while playing, so the handler serves the
 * visitor's adapt, compare, ask and neighbours requests between meta-steps. Posts a status after
 * each step (at most STATUS_PER_SECOND a second while playing; always after Step, Pause, Reset and
 * an error), validates every VAL_EVERY steps, keeps the last good weights every CHECKPOINT_EVERY
 * steps (posted as a checkpoint, so a worker restarted on the next backend continues) and restores
 * them when a meta learning rate diverges. Never touches `self`; imports nothing from src/ui or
 * src/state.
 */
import { createPanelTrainer, needsReset, panelConfigProblem, type PanelTrainer } from '../model/panelTrainer';
import type { Recommender } from '../model/recommender';
import { allFinite, initView, lossEnds, openPack, TrainedInit, type Opened } from './metatrainViews';
import type {
  MetaTrainCheckpoint,
  MetaTrainConfig,
  MetaTrainLossPoint,
  MetaTrainRequest,
  MetaTrainState,
  MetaTrainStatusEvent,
  MetaTrainValPoint,
  TrainedTraceView,
} from './metatrainProtocol';
import { trainedTrace } from './compare';
import type { CompareRequest, Fault } from './protocol';
import type { HandlerDeps, Session } from './session';

export const VAL_EVERY = 10;
export const CHECKPOINT_EVERY = 10;
export const STATUS_PER_SECOND = 10;
/** A loss this many times the first one counts as divergence. */
export const DIVERGE_FACTOR = 10;

interface Good {
  step: number;
  weights: Record<string, Float32Array>;
}

export class MetaTraining {
  private opened: Opened | null = null;
  private trainer: PanelTrainer | null = null;
  private config: MetaTrainConfig | null = null;
  private state: MetaTrainState = 'idle';
  private requestId = 0;
  private lossFirst: number | null = null;
  private losses: MetaTrainLossPoint[] = [];
  private val: MetaTrainValPoint[] = [];
  /** How many points of each series the main thread has. */
  private sent = { losses: 0, val: 0 };
  private good: Good | null = null;
  private playing = false;
  /** The last button was Play. */
  private wantPlay = false;
  private lastPost = -Infinity;
  /** When the last few meta-steps ended while playing (the rate on screen). */
  private stepEnds: number[] = [];
  /** Actions and steps run one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly trained = new TrainedInit();

  constructor(
    private readonly deps: HandlerDeps,
    private readonly session: Session,
    private readonly armed: Set<Fault>,
    private readonly now: () => number,
    /** Runs `fn` as a new macrotask (setTimeout 0 in the worker; tests may run it sooner). */
    private readonly later: (fn: () => void) => void = (fn) => setTimeout(fn, 0),
  ) {}

  /** The panel's method while a training is open (what an adapt from the trained initialization reports). */
  get method(): MetaTrainConfig['method'] | null {
    return this.trainer ? (this.config?.method ?? null) : null;
  }

  handle(req: MetaTrainRequest): Promise<void> {
    this.requestId = req.id;
    // The buttons take effect now (a step in flight finishes first); a Play that arrives while the
    // data loads starts once it is open, unless a later button said otherwise.
    if (
      req.action === 'play' ||
      req.action === 'pause' ||
      req.action === 'step' ||
      req.action === 'reset' ||
      req.action === 'close'
    ) {
      this.wantPlay = req.action === 'play';
      if (!this.wantPlay) this.playing = false;
    }
    return this.exclusive(() => (req.action === 'play' ? this.play() : this.act(req)));
  }

  private async play(): Promise<void> {
    if (!this.trainer) return this.post(true);
    if (!this.wantPlay || this.playing) return;
    this.playing = true;
    this.state = 'running';
    this.stepEnds = [];
    this.later(() => void this.tick());
  }

  private exclusive(fn: () => Promise<void>): Promise<void> {
    const run = this.queue.then(fn).catch((e: unknown) => this.fail((e as Error).message || String(e)));
    this.queue = run;
    return run;
  }

  private async act(req: MetaTrainRequest): Promise<void> {
    switch (req.action) {
      case 'open':
        return this.open(req);
      case 'close':
        this.dispose();
        this.state = 'idle';
        return this.post(true);
      case 'step':
        if (!this.trainer) return this.post(true);
        this.state = 'running';
        // Diverged: the error is posted; a lost GPU: the watch reports it, the worker is replaced.
        if (!(await this.stepOnce())) return;
        this.state = 'paused';
        return this.post(true);
      case 'pause':
        if (this.trainer && this.state === 'running') this.state = 'paused';
        await this.checkpoint();
        return this.post(true);
      case 'reset':
        return this.restart(req.config ?? this.config);
      case 'configure':
        return this.configure(req.config);
      case 'play':
        return;
    }
  }

  private async open(req: MetaTrainRequest): Promise<void> {
    // A checkpoint's weights belong to its method and seed; the open's rates and sizes apply.
    const cp = req.checkpoint;
    const config = cp && (!req.config || needsReset(cp.config, req.config)) ? cp.config : req.config;
    const model = this.session.model;
    if (!model) throw new Error('The model is not loaded yet.');
    if (!req.dataUrl) throw new Error('The training data has no address.');
    if (!config) throw new Error('Open needs the controls (config).');
    const problem = panelConfigProblem(config);
    if (problem) throw new Error(problem);
    this.state = 'loading';
    this.opened ??= await openPack(req.dataUrl, req.id, this.deps, this.session);
    await this.restart(config, cp ? { ...cp, config } : undefined);
  }

  /** Fresh weights of `config` (or the checkpoint's), step 0 validated; idle. */
  private async restart(
    config: MetaTrainConfig | null | undefined,
    from?: MetaTrainCheckpoint,
  ): Promise<void> {
    if (!this.opened || !config) return this.post(true);
    const problem = panelConfigProblem(config);
    if (problem) throw new Error(problem);
    this.playing = false;
    this.disposeTrainer();
    this.config = { ...config };
    this.trainer = createPanelTrainer(this.opened.data, config, this.session.model?.manifest.dim);
    this.losses = [];
    this.val = [];
    this.lossFirst = null;
    this.stepEnds = [];
    if (from) {
      this.trainer.restore(from.weights, from.step);
      this.losses = from.losses.filter((p) => Number.isFinite(p.loss));
      this.val = from.val.filter((p) => Number.isFinite(p.recall));
      this.lossFirst = this.losses[0]?.loss ?? null;
    } else {
      this.val.push({ step: 0, recall: await this.trainer.valRecall(this.opened.val) });
    }
    this.good = { step: this.trainer.stepCount, weights: await this.trainer.weights() };
    this.sent = { losses: 0, val: 0 };
    this.state = 'idle';
    await this.post(true);
  }

  private async configure(config: MetaTrainConfig | undefined): Promise<void> {
    if (!config || !this.trainer || !this.config) {
      if (config) this.config = { ...config };
      return this.post(true);
    }
    const problem = panelConfigProblem(config);
    if (problem) return this.fail(problem, false);
    if (needsReset(this.config, config)) return this.restart(config);
    this.trainer.configure(config);
    this.config = { ...config };
    if (this.state === 'error') this.state = 'paused';
    await this.post(true);
  }

  private async tick(): Promise<void> {
    if (!this.playing) return;
    await this.exclusive(async () => {
      if (!this.playing || !this.trainer) return;
      if (await this.stepOnce()) await this.post(false);
    });
    if (this.playing) this.later(() => void this.tick());
  }

  /**
   * One meta-step, its validation and checkpoint when due. false when training stopped: the GPU
   * was lost (the watch has reported it) or the rate diverged (restored, status 'error' posted).
   */
  private async stepOnce(): Promise<boolean> {
    const trainer = this.trainer as PanelTrainer;
    const opened = this.opened as Opened;
    // The test hook's lost GPU fires during training too (the adaptation takes it otherwise).
    if (this.armed.delete('lose-gpu')) this.session.watch?.lose();
    let loss: number;
    try {
      loss = await trainer.step();
    } catch (e) {
      if (this.gpuLost()) return false;
      throw e;
    }
    if (this.gpuLost()) return false;
    const step = trainer.stepCount;
    this.lossFirst ??= loss;
    const exploding = this.lossFirst !== null && loss > DIVERGE_FACTOR * Math.abs(this.lossFirst);
    if (!Number.isFinite(loss) || exploding) return this.diverged(step);
    this.losses.push({ step, loss });
    this.stepEnds = [...this.stepEnds.slice(-10), this.now()];
    if (step % VAL_EVERY === 0) {
      const recall = await trainer.valRecall(opened.val);
      if (!Number.isFinite(recall)) return this.diverged(step);
      this.val.push({ step, recall });
    }
    if (step % CHECKPOINT_EVERY === 0) {
      const init = await trainer.initState();
      if (!allFinite(init.u0) || !allFinite(init.scores)) return this.diverged(step);
      await this.checkpoint();
    }
    return true;
  }

  private gpuLost(): boolean {
    if (this.session.watch?.lost() == null) return false;
    this.playing = false;
    return true;
  }

  /** Keeps the current weights as the last good ones and posts them (the main thread keeps the latest). */
  private async checkpoint(): Promise<void> {
    const trainer = this.trainer;
    if (!trainer || !this.config) return;
    const weights = await trainer.weights();
    for (const w of Object.values(weights)) if (!allFinite(w)) return;
    this.good = { step: trainer.stepCount, weights };
    this.deps.post({
      type: 'metatrainCheckpoint',
      requestId: this.requestId,
      checkpoint: {
        step: trainer.stepCount,
        config: { ...this.config },
        weights,
        losses: this.losses.slice(),
        val: this.val.slice(),
      },
    });
  }

  private async diverged(step: number): Promise<false> {
    const trainer = this.trainer as PanelTrainer;
    const good = this.good as Good;
    this.playing = false;
    trainer.restore(good.weights, good.step);
    this.losses = this.losses.filter((p) => p.step <= good.step);
    this.val = this.val.filter((p) => p.step <= good.step);
    if (this.losses.length === 0) this.lossFirst = null;
    // The main thread starts its curves over when the step goes back: send them whole.
    this.sent = { losses: 0, val: 0 };
    const rate = this.config?.outerLr ?? NaN;
    await this.fail(
      `The meta learning rate ${rate} made training diverge at step ${step}; the last good initialization (step ${good.step}) is kept. Lower the rate and press Play.`,
    );
    return false;
  }

  private async fail(message: string, stop = true): Promise<void> {
    if (stop) this.playing = false;
    this.state = 'error';
    await this.post(true, message);
  }

  /** Posts the status (while playing, at most STATUS_PER_SECOND a second unless forced). */
  private async post(force: boolean, message?: string): Promise<void> {
    const t = this.now();
    if (!force && t - this.lastPost < 1000 / STATUS_PER_SECOND) return;
    this.lastPost = t;
    const trainer = this.trainer;
    const { init, k0 } = await initView(trainer, this.session);
    const ends = this.stepEnds;
    const span = ends.length > 1 ? (ends[ends.length - 1] as number) - (ends[0] as number) : 0;
    const ends10 = lossEnds(this.losses);
    const event: MetaTrainStatusEvent = {
      type: 'metatrainStatus',
      requestId: this.requestId,
      state: this.state,
      step: trainer?.stepCount ?? 0,
      lossFirst: ends10.first,
      lossLast: ends10.last,
      losses: this.losses.slice(this.sent.losses),
      val: this.val.slice(this.sent.val),
      shippedValRecall: this.opened?.shippedValRecall ?? null,
      stepsPerSecond: this.playing && span > 0 ? ((ends.length - 1) * 1000) / span : 0,
      init,
      k0,
      ...(message ? { message } : {}),
    };
    this.sent = { losses: this.losses.length, val: this.val.length };
    this.deps.post(event, k0 ? [k0.buffer] : []);
  }

  /** A Recommender of the initialization being trained (owned here); null when no training is open. */
  trainedRecommender(): Promise<Recommender | null> {
    const model = this.session.model;
    if (!this.trainer || !model || !this.config) return Promise.resolve(null);
    return this.trained.of(this.trainer, model.features, this.config.innerSteps);
  }

  /** The trained initialization's run on a compare request's ratings; null when no training is open. */
  async compareTrace(req: CompareRequest): Promise<TrainedTraceView | null> {
    const rec = await this.trainedRecommender();
    const model = this.session.model;
    if (!rec || !model || !this.trainer) return null;
    const at = { rec, step: this.trainer.stepCount };
    return trainedTrace(req, at, model.manifest.projection, this.session.unlisted);
  }

  private disposeTrainer(): void {
    this.trainer?.dispose();
    this.trainer = null;
    this.trained.dispose();
  }

  dispose(): void {
    this.playing = false;
    this.disposeTrainer();
    this.opened = null;
    this.good = null;
    this.losses = [];
    this.val = [];
    this.lossFirst = null;
  }
}
