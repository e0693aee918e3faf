/**
 * The worker's logic: load the shipped model, pick a backend, warm up, and answer adapt requests
 * with a stream of steps and a final result. Never touches `self`: the entry (adapt.worker.ts)
 * passes `post`, and the unit test passes a fake one. Imports nothing from src/ui or src/state.
 */
import * as tf from '@tensorflow/tfjs';
import { STATE_LIMIT } from '../model/compare';
import type { MethodManifest, MethodName } from '../model/format';
import { excludedIndices } from '../model/exclusions';
import { hideUnlistable, listableMask, listFloorOf } from '../model/listFloor';
import { popDisagreementOrder } from '../methods/onboardingOrders';
import { isInterviewStrategy } from '../methods/interview';
import storedPolicy from '../methods/interviewPolicy.json' with { type: 'json' };
import type { InterviewContext } from '../model/interview/ask';
import { offersFor } from '../model/interview/offers';
import { interviewContextOf, policyFromStored } from '../model/interview/fromModel';
import { nearestNeighbours } from '../model/neighbours';
import { projectUser } from '../model/projection';
import { explainList, type Reason } from '../model/reasons';
import { topN, type Recommender } from '../model/recommender';
import { ModelFormatError, parseShippedModel, type ShippedModel } from '../model/shipped';
import { gpuResidency, type BackendWatch, type ChooseOptions, type ChosenBackend } from './backend';
import { compareTransfer, runCompare } from './compare';
import { loadExclusions } from './exclusions';
import {
  assertNever,
  type AdaptRequest,
  type AskRequest,
  type BackendName,
  type CompareRequest,
  type CatalogColumns,
  type ErrorKind,
  type InitRequest,
  type InjectRequest,
  type MethodInfo,
  type ModelInfo,
  type NeighboursRequest,
  type Recommendation,
  type WorkerEvent,
  type WorkerRequest,
} from './protocol';

export interface HandlerDeps {
  /** Send an event to the main thread (with the typed arrays to transfer). */
  post: (event: WorkerEvent, transfer?: Transferable[]) => void;
  fetch: (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;
  chooseBackend: (forced: BackendName | null, opts: ChooseOptions) => Promise<ChosenBackend>;
  /** Called once the backend is up: watch its GPU (a lost device or context is reported as 'device-lost'). */
  watchBackend?: (onLost: (message: string) => void) => BackendWatch;
  now?: () => number;
  /** Where a warning goes (an unusable exclude.json); default console.warn. */
  warn?: (message: string) => void;
}

/** How many movies the onboarding list offers in order. */
const CANDIDATES = 240;
const DEFAULT_TOP_N = 20;
/** A model file that sends nothing for this long is given up on (InitRequest.loadTimeoutMs overrides it). */
export const LOAD_TIMEOUT_MS = 30_000;

class LoadError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export function createHandler(deps: HandlerDeps) {
  const now = deps.now ?? (() => performance.now());
  let model: ShippedModel | null = null;
  let appMethod: MethodName | null = null;
  const recommenders = new Map<MethodName, Recommender>();
  /** Bumped by every adapt and cancel: a running adaptation stops when it no longer matches. */
  let generation = 0;
  /** Bumped by every compare: only the newest comparison is posted. */
  let compareGeneration = 0;
  /** The adaptation in flight (resolved when it has finished or stopped). */
  let running: Promise<void> = Promise.resolve();
  let watch: BackendWatch | null = null;
  /** One-shot faults injected by the test hook, fired by the next adaptation. */
  const armed = new Set<InjectRequest['fault']>();
  /** [N] 1 where a movie may be listed: above the model's rating-count floor and not excluded. */
  let listable: Uint8Array | null = null;
  /** Catalog indices the deployer excluded. */
  let excluded: Int32Array = new Int32Array(0);
  /** Catalog indices `listable` keeps out of lists (for the compare view's top lists). */
  let unlisted: ReadonlySet<number> = new Set();
  /** The interview strategies' context (the app method's arrays, the stored policy). */
  let interview: { ctx: InterviewContext; defaultStrategy: string } | null = null;
  /** Bumped by every ask: only the newest is answered. */
  let askGeneration = 0;

  const recommender = (name: MethodName): Recommender => {
    let r = recommenders.get(name);
    if (!r) {
      if (!model) throw new Error('The model is not loaded yet.');
      r = model.recommender(name);
      recommenders.set(name, r);
    }
    return r;
  };

  /**
   * Download one model file, reporting bytes as they arrive. Gives up with a message naming the
   * file when nothing arrives for `timeoutMs` (a hung request must not leave an endless spinner).
   */
  async function fetchBytes(
    url: string,
    onBytes: (n: number, total: number) => void,
    timeoutMs: number,
  ): Promise<ArrayBuffer> {
    const file = url.slice(url.lastIndexOf('/') + 1);
    const abort = new AbortController();
    const stalled = () =>
      new LoadError(
        'network',
        `The model file ${file} stopped arriving: nothing came for ${seconds(timeoutMs)}. The connection or the server may be down.`,
      );
    // Rejects when the timer fires, whether or not the fetch honours the signal.
    const gaveUp = new Promise<never>((_, reject) =>
      abort.signal.addEventListener('abort', () => reject(stalled())),
    );
    gaveUp.catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(), timeoutMs);
    };
    const within = <T>(p: Promise<T>): Promise<T> => Promise.race([p, gaveUp]);
    arm();
    try {
      let res: Response;
      try {
        res = await within(deps.fetch(url, { signal: abort.signal }));
      } catch (e) {
        if (e instanceof LoadError) throw e;
        throw new LoadError(
          'network',
          `Could not download the model file ${file}: ${(e as Error).message}. Check the connection.`,
        );
      }
      if (!res.ok)
        throw new LoadError(
          'network',
          `Could not download the model file ${file} (HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}). The model may not be deployed with this site.`,
        );
      const total = Number(res.headers.get('content-length') ?? 0);
      if (!res.body) {
        const buf = await within(res.arrayBuffer());
        onBytes(buf.byteLength, total || buf.byteLength);
        return buf;
      }
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let got = 0;
      try {
        for (;;) {
          const { done, value } = await within(reader.read());
          if (done) break;
          arm();
          chunks.push(value);
          got += value.byteLength;
          onBytes(value.byteLength, total);
        }
      } catch (e) {
        void reader.cancel().catch(() => {});
        if (e instanceof LoadError) throw e;
        throw new LoadError(
          'network',
          `The download of the model file ${file} broke off after ${got} bytes: ${(e as Error).message}. Check the connection.`,
        );
      }
      const out = new Uint8Array(got);
      let off = 0;
      for (const c of chunks) {
        out.set(c, off);
        off += c.byteLength;
      }
      return out.buffer;
    } finally {
      clearTimeout(timer);
    }
  }

  function parseJson(bytes: ArrayBuffer, file: string): unknown {
    try {
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new ModelFormatError(
        `${file} is not valid JSON: the model files are damaged or incomplete. Rebuild them with \`npm run train\`.`,
      );
    }
  }

  async function init(req: InitRequest): Promise<void> {
    const base = req.urls.modelBase;
    const timeoutMs = req.loadTimeoutMs && req.loadTimeoutMs > 0 ? req.loadTimeoutMs : LOAD_TIMEOUT_MS;
    let loaded = 0;
    let total = 0;
    const seen = new Set<string>();
    const progress = (file: string) => (n: number, fileTotal: number) => {
      if (!seen.has(file)) {
        seen.add(file);
        total += fileTotal;
      }
      loaded += n;
      deps.post({
        type: 'progress',
        requestId: req.id,
        phase: 'download',
        loaded,
        total: Math.max(total, loaded),
      });
    };
    const exclusions = loadExclusions(
      req.urls.exclusions,
      deps.fetch,
      deps.warn ?? ((m) => console.warn(m)),
      timeoutMs,
    );
    const [manifestBytes, weightsBytes, catalogBytes] = await Promise.all(
      ['manifest.json', 'weights.json', 'catalog.json'].map((f) =>
        fetchBytes(base + f, progress(f), timeoutMs),
      ),
    );
    const manifest = parseJson(manifestBytes as ArrayBuffer, 'manifest.json');
    const weights = parseJson(weightsBytes as ArrayBuffer, 'weights.json');
    const catalog = parseJson(catalogBytes as ArrayBuffer, 'catalog.json');
    if (
      !Array.isArray(weights) ||
      weights.some(
        (g) => typeof g !== 'object' || g === null || !Array.isArray((g as { paths?: unknown }).paths),
      )
    ) {
      throw new ModelFormatError(
        'weights.json is not a tfjs weights manifest (a JSON array of groups with "paths").',
      );
    }
    const paths = (weights as { paths: string[] }[]).flatMap((g) => g.paths);
    const shards = await Promise.all(paths.map((p) => fetchBytes(base + p, progress(p), timeoutMs)));

    deps.post({ type: 'progress', requestId: req.id, phase: 'backend', loaded: 0, total: 1 });
    const backend = await deps.chooseBackend(req.backend, {
      exclude: req.exclude ?? [],
      failSelfCheck: req.failSelfCheck ?? [],
    });
    watch =
      deps.watchBackend?.((message) =>
        deps.post({ type: 'error', requestId: null, kind: 'device-lost', message }),
      ) ?? null;

    deps.post({ type: 'progress', requestId: req.id, phase: 'parse', loaded: 0, total: 1 });
    disposeModel();
    model = parseShippedModel({ manifest, weights, shards, catalog });
    appMethod = pickAppMethod(model);
    const counts = model.catalog.movies.map((m) => m[4]);
    excluded = excludedIndices(
      model.catalog.movies.map((m) => m[0]),
      await exclusions,
    );
    listable = listableMask(counts, listFloorOf(model.manifest), excluded);
    const mask = listable;
    unlisted = new Set(counts.flatMap((_, i) => (mask[i] ? [] : [i])));
    const rec = recommender(appMethod);
    const movieIndex = new Map(model.catalog.movies.map((m, i) => [m[0], i]));
    const stored = policyFromStored(storedPolicy, movieIndex);
    interview = {
      ctx: interviewContextOf(model, rec, excluded, stored.policy),
      defaultStrategy: stored.defaultStrategy,
    };

    // Warm-up: the first adaptation compiles the shaders; time it apart from a warm one.
    deps.post({ type: 'progress', requestId: req.id, phase: 'warmup', loaded: 0, total: 2 });
    const probe = warmupSupport(model);
    const t0 = now();
    await runOnce(rec, probe);
    const warmupMs = now() - t0;
    deps.post({ type: 'progress', requestId: req.id, phase: 'warmup', loaded: 1, total: 2 });
    let steadyMs = 0;
    const profile = await tf.profile(async () => {
      const t1 = now();
      await runOnce(rec, probe);
      steadyMs = now() - t1;
    });
    const gpuResident = gpuResidency();

    const movies = model.catalog.movies;
    const n = movies.length;
    const columns: CatalogColumns = {
      movieIds: Int32Array.from(movies, (m) => m[0]),
      titles: movies.map((m) => m[1]),
      years: Int16Array.from(movies, (m) => m[2] ?? 0),
      genres: movies.map((m) => m[3]),
      ratingCounts: Float32Array.from(movies, (m) => m[4]),
      meanRatings: Float32Array.from(movies, (m) => m[5]),
      xy: new Float32Array(n * 2),
      entropy: Float32Array.from(movies, (m) => m[8] ?? 0),
    };
    movies.forEach((m, i) => {
      columns.xy[2 * i] = m[6];
      columns.xy[2 * i + 1] = m[7];
    });
    const candidates = popDisagreementOrder(
      { ...columns, entropy: columns.entropy ?? new Float32Array(n) },
      CANDIDATES,
      new Set(excluded),
    );
    const excludedOut = excluded.slice();
    const head = model.ratingHead;
    const methods: MethodInfo[] = model.manifest.methods.map((m) => ({
      name: m.name,
      label: m.label,
      description: m.description,
      kind: stepsOf(m.rule) > 0 ? 'gradient' : 'closed-form',
      objective: m.rule.kind === 'list' ? 'list' : 'rating',
      stars: m.rule.kind !== 'list' || head !== null,
      innerSteps: stepsOf(m.rule),
    }));
    const info: ModelInfo = {
      dim: model.manifest.dim,
      defaultMethod: model.manifest.defaultMethod,
      appMethod,
      methods,
      attribution: model.manifest.attribution,
      dataSource: model.manifest.data?.source ?? '',
      createdAt: model.manifest.createdAt,
      startXY: projectUser(model.manifest.projection, rec.params.userInit),
      defaultStrategy: interview.defaultStrategy,
      trainedLr: meanRate(rec),
      trainedSteps: rec.defaultSteps,
    };
    deps.post(
      {
        type: 'ready',
        requestId: req.id,
        backend: { ...backend, warmupMs, steadyMs, kernelsPerAdapt: profile.kernels.length, gpuResident },
        model: info,
        catalog: columns,
        candidates,
        excluded: excludedOut,
      },
      [
        columns.movieIds.buffer,
        columns.years.buffer,
        columns.ratingCounts.buffer,
        columns.meanRatings.buffer,
        columns.xy.buffer,
        ...(columns.entropy ? [columns.entropy.buffer] : []),
        candidates.buffer,
        excludedOut.buffer,
      ],
    );
  }

  const notLoaded = (requestId: number) =>
    deps.post({ type: 'error', requestId, kind: 'internal', message: 'The model is not loaded yet.' });

  async function adapt(req: AdaptRequest): Promise<void> {
    const mine = ++generation;
    const cancelled = () => generation !== mine;
    if (!model || !appMethod) {
      notLoaded(req.id);
      return;
    }
    const m = model;
    const name = (req.method ?? appMethod) as MethodName;
    if (!m.manifest.methods.some((x) => x.name === name)) {
      deps.post({
        type: 'error',
        requestId: req.id,
        kind: 'internal',
        message: `The model has no method "${name}".`,
      });
      return;
    }
    const rec = recommender(name);
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
    const projection = m.manifest.projection;
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
      await adaptRun(req, rec, name, projection, steps, t0, cancelled);
    } finally {
      release();
    }
  }

  async function adaptRun(
    req: AdaptRequest,
    rec: Recommender,
    name: MethodName,
    projection: ShippedModel['manifest']['projection'],
    steps: number,
    t0: number,
    cancelled: () => boolean,
  ): Promise<void> {
    const support = { items: req.items, ratings: req.ratings };
    const poison = req.items.length > 0 && armed.delete('nan');
    const lr = poison ? Infinity : req.lr;
    // The steps come back in one readback; they are held until the run is checked for bad numbers.
    const streamed: { step: number; loss: number; x: number; y: number }[] = [];
    const pending = rec.adaptAndScore(
      support,
      (step, loss, phi) => {
        const [x, y] = projectUser(projection, phi);
        streamed.push({ step, loss, x, y });
      },
      { steps, ...(lr === undefined ? {} : { lr }), cancelled },
    );
    // The work is on the device and its readback pending: the test hook loses the GPU now.
    if (armed.delete('lose-gpu')) watch?.lose();
    let out: Awaited<typeof pending>;
    try {
      out = await pending;
    } catch (e) {
      if (await backendGone(true)) {
        deps.post({ type: 'cancelled', requestId: req.id });
        return;
      }
      throw e;
    }
    // A lost GPU returns zeros or garbage without an error: the result cannot be trusted.
    if (!out || cancelled() || (await backendGone())) {
      deps.post({ type: 'cancelled', requestId: req.id });
      return;
    }
    const { adaptation: result } = out;
    let { scores } = out;
    const width = rec.dim + 1;
    let states = result.trajectory ?? rec.params.userInit;
    let losses = Float32Array.from(result.losses);
    let phi = result.phi;
    const fault = firstBadStep(losses, states, width, scores);
    if (fault) {
      // Keep the last good state of this run (the initialization at worst) and score it again.
      const kept = Math.max(0, fault.step - 1);
      states = states.slice(0, (kept + 1) * width);
      phi = states.slice(kept * width);
      // The run's first state is already bad (a rating that is not a number reaches a list
      // method's encoder or its rating head's b_u): the initialization is the last good state.
      if (!allFinite(phi) && kept === 0) states = phi = rec.params.userInit.slice();
      if (!allFinite(phi)) {
        deps.post({
          type: 'error',
          requestId: req.id,
          kind: 'internal',
          message:
            'The model produced numbers it cannot compute with (not-a-number) even before adapting; the model files may be damaged.',
        });
        return;
      }
      losses = losses.slice(0, kept + 1).filter(Number.isFinite);
      scores = await rec.scoreCatalog(phi);
      if (cancelled()) {
        deps.post({ type: 'cancelled', requestId: req.id });
        return;
      }
      // Items whose score is still not finite are never recommended.
      scores = scores.map((v) => (Number.isFinite(v) ? v : -Infinity));
    }
    for (const s of streamed) {
      if (fault && s.step >= fault.step - 1) break;
      deps.post({ type: 'adaptStep', requestId: req.id, ...s });
    }
    // Only movies above the rating-count floor and not excluded are listed.
    const listed = hideUnlistable(scores.slice(), listable);
    const top = topN(listed, req.topN ?? DEFAULT_TOP_N, req.items).filter((i) =>
      Number.isFinite(listed[i] ?? NaN),
    );
    // After a numeric fault the kept state is not the end of the run's arithmetic: no reasons.
    const why = fault ? top.map(() => []) : reasonsOf(rec, support, states, width, top, lr);
    // The order is the method's scores; the stars are its predicted ratings (a list method's
    // rating head), when it has any.
    const stars = predictsStars(rec);
    const topStars = rec.predictItems(phi, top);
    const recommendations: Recommendation[] = top.map((index, j) => {
      const predicted = topStars[j] ?? NaN;
      return {
        index,
        score: scores[index] ?? 0,
        predicted: stars && Number.isFinite(predicted) ? predicted : null,
        because: (why[j] ?? []).filter((r) => r.kind === 'liked').map((r) => r.index),
        reasons: why[j] ?? [],
      };
    });
    const count = Math.floor(states.length / width);
    const trajectory = new Float32Array(count * 2);
    for (let s = 0; s < count; s++) {
      const [x, y] = projectUser(projection, states.subarray(s * width, (s + 1) * width));
      trajectory[2 * s] = Number.isFinite(x) ? x : 0;
      trajectory[2 * s + 1] = Number.isFinite(y) ? y : 0;
    }
    const predictedRated = stars
      ? rec.predictItems(phi, req.items).map((v) => (Number.isFinite(v) ? v : 0))
      : null;
    deps.post(
      {
        type: 'adaptDone',
        requestId: req.id,
        method: name,
        losses,
        trajectory,
        recommendations,
        predictedRated,
        ms: now() - t0,
        ...(fault
          ? { numeric: { step: fault.step, kept: Math.max(0, fault.step - 1), what: fault.what } }
          : {}),
      },
      [losses.buffer, trajectory.buffer, ...(predictedRated ? [predictedRated.buffer] : [])],
    );
  }

  /**
   * Whether the backend's GPU is gone. After a failed run (`failed`), give a lost WebGPU device a
   * moment: its lost promise resolves shortly after its work starts failing.
   */
  async function backendGone(failed = false): Promise<boolean> {
    if (!watch) return false;
    if (watch.lost() === null && failed) await new Promise((r) => setTimeout(r, 200));
    return watch.lost() !== null;
  }

  async function compare(req: CompareRequest): Promise<void> {
    const mine = ++compareGeneration;
    if (!model || !appMethod) {
      notLoaded(req.id);
      return;
    }
    const done = await runCompare(req, model, recommender, appMethod, now, { unlisted, excluded });
    if (mine !== compareGeneration) {
      deps.post({ type: 'cancelled', requestId: req.id });
      return;
    }
    deps.post(done, compareTransfer(done));
  }

  async function ask(req: AskRequest): Promise<void> {
    const mine = ++askGeneration;
    if (!model || !appMethod || !interview) {
      notLoaded(req.id);
      return;
    }
    const strategy = isInterviewStrategy(req.strategy) ? req.strategy : 'pop-entropy';
    const t0 = now();
    const items = await offersFor(interview.ctx, recommender(appMethod), strategy, req, req.count);
    if (mine !== askGeneration) {
      deps.post({ type: 'cancelled', requestId: req.id });
      return;
    }
    deps.post({ type: 'offers', requestId: req.id, strategy, items, ms: now() - t0 }, [items.buffer]);
  }

  function neighbours(req: NeighboursRequest): void {
    if (!model || !appMethod || !listable) {
      notLoaded(req.id);
      return;
    }
    const rec = recommender(appMethod);
    const mask = listable;
    const count = Math.max(1, Math.min(50, Math.floor(req.count) || 1));
    const found = nearestNeighbours(
      rec.vectors,
      rec.dim + 1,
      rec.dim,
      req.index,
      count,
      (i) => mask[i] === 1,
    );
    deps.post({ type: 'neighbours', requestId: req.id, index: req.index, ...found }, [
      found.items.buffer,
      found.similarity.buffer,
    ]);
  }

  function disposeModel(): void {
    for (const r of recommenders.values()) r.dispose();
    recommenders.clear();
    model = null;
  }

  async function handle(msg: WorkerRequest): Promise<void> {
    try {
      switch (msg.type) {
        case 'init':
          await init(msg);
          return;
        case 'adapt':
          await adapt(msg);
          return;
        case 'cancel':
          generation++;
          return;
        case 'compare':
          await compare(msg);
          return;
        case 'ask':
          await ask(msg);
          return;
        case 'neighbours':
          neighbours(msg);
          return;
        case 'inject':
          // 'crash' is thrown by the worker's entry before it gets here (it must escape the handler).
          if (msg.fault !== 'crash') armed.add(msg.fault);
          return;
        default:
          assertNever(msg);
      }
    } catch (e) {
      const kind: ErrorKind =
        e instanceof ModelFormatError
          ? 'model'
          : e instanceof LoadError
            ? e.kind
            : msg.type === 'init'
              ? 'backend'
              : 'internal';
      deps.post({ type: 'error', requestId: msg.id, kind, message: (e as Error).message || String(e) });
    }
  }

  return { handle, dispose: disposeModel };
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

function allFinite(xs: ArrayLike<number>): boolean {
  for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i] ?? NaN)) return false;
  return true;
}

/**
 * The first inner step whose state or loss went bad: NaN, an infinity, or a state entry beyond
 * STATE_LIMIT (the same line the compare view draws). Step s is phi_s and the loss before step s;
 * the final catalog scores belong to the last step. null when every number is usable.
 */
export function firstBadStep(
  losses: Float32Array,
  states: Float32Array,
  width: number,
  scores: Float32Array,
): { step: number; what: 'not-a-number' | 'infinite' | 'exploding' } | null {
  const count = Math.floor(states.length / width);
  const classify = (x: number) =>
    Number.isNaN(x)
      ? 'not-a-number'
      : !Number.isFinite(x)
        ? 'infinite'
        : Math.abs(x) > STATE_LIMIT
          ? 'exploding'
          : null;
  for (let s = 0; s < count; s++) {
    for (let t = 0; t < width; t++) {
      const what = classify(states[s * width + t] ?? NaN);
      if (what) return { step: s, what };
    }
    const loss = losses[s];
    if (loss !== undefined && !Number.isFinite(loss))
      return { step: s, what: Number.isNaN(loss) ? 'not-a-number' : 'infinite' };
  }
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i] ?? NaN;
    if (!Number.isFinite(v))
      return { step: Math.max(1, count), what: Number.isNaN(v) ? 'not-a-number' : 'infinite' };
  }
  return null;
}

/** Inner steps a method's rule takes by default (0: one closed-form state). */
function stepsOf(rule: MethodManifest['rule']): number {
  return rule.kind === 'gradient' || rule.kind === 'list' ? rule.innerSteps : 0;
}

/** Whether a method's predictItems gives stars (a list method needs the model's rating head). */
function predictsStars(rec: Recommender): boolean {
  return rec.rule.kind !== 'list' || rec.ratingHead !== null;
}

/** The mean of a method's trained inner rates over the user vector (the "trained" end of the lr slider). */
function meanRate(rec: Recommender): number {
  const rates = rec.params.innerLr.subarray(0, rec.dim);
  const mean = rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length);
  return Number.isFinite(mean) && mean > 0 ? Number(mean.toPrecision(2)) : 0.5;
}

/**
 * The trained default if it takes inner steps (the app shows the inner loop), else the method with
 * steps that did best on meta-validation: the highest Recall@20 among list methods, the lowest
 * loss among rating methods (the default's own family first).
 */
function pickAppMethod(model: ShippedModel): MethodName {
  const def = model.method(model.manifest.defaultMethod);
  if (stepsOf(def.rule) > 0) return def.name;
  const isList = (m: MethodManifest) => m.rule.kind === 'list';
  const stepwise = model.manifest.methods.filter((m) => stepsOf(m.rule) > 0);
  const family = stepwise.filter((m) => isList(m) === isList(def));
  const worse = (m: MethodManifest) => (isList(m) ? -(m.valRecall ?? -Infinity) : (m.valLoss ?? Infinity));
  const best = (family.length > 0 ? family : stepwise).sort((a, b) => worse(a) - worse(b))[0];
  return best?.name ?? def.name;
}

/** Five popular movies with mixed ratings: the warm-up runs the same kernels a visitor's first ratings will. */
function warmupSupport(model: ShippedModel) {
  const byCount = model.catalog.movies.map((m, i) => [m[4], i] as const).sort((a, b) => b[0] - a[0]);
  const items = Int32Array.from(byCount.slice(0, Math.min(5, byCount.length)), (x) => x[1]);
  const ratings = Float32Array.from(items, (_, j) => [4, 2.5, 5, 3, 1.5][j] ?? 3);
  return { items, ratings };
}

async function runOnce(
  rec: Recommender,
  support: { items: Int32Array; ratings: Float32Array },
): Promise<void> {
  await rec.adaptAndScore(support, () => {});
}

/**
 * Why each listed movie is there: the rated movies that raised its score most (src/model/reasons.ts),
 * from the states the adaptation read back. [] for every movie when the method is not a list
 * method or the ratings gave no usable push (e.g. a run that went to NaN).
 */
function reasonsOf(
  rec: Recommender,
  support: { items: Int32Array; ratings: Float32Array },
  states: Float32Array,
  width: number,
  top: number[],
  lr: number | undefined,
): Reason[][] {
  const model = rec.attributionModel(lr);
  if (!model || support.items.length === 0 || states.length < width) return top.map(() => []);
  return explainList(model, support, states, width, top);
}
