/**
 * Worker events -> store, and store changes -> worker requests. Events whose requestId is not the
 * current one are dropped, so a superseded adaptation never reaches the screen. Also persists what must
 * survive a reload. Imports the worker client and protocol types only (no TensorFlow.js).
 */
import { INTERVIEW_INFO } from '../methods/interview';
import { WorkerClient } from '../worker/client';
import {
  BACKENDS,
  isFinal,
  LOAD_TIMEOUT_MS,
  type BackendName,
  type ErrorKind,
  type Fault,
  type WorkerEvent,
} from '../worker/protocol';
import { clearPersisted, isDefaultState, savePersisted } from './persistence';
import { backendLabel, requestedBackend, sharedOf, supportOf } from './selectors';
import type { SharedState } from './shareState';
import type { AppStore } from './store';

/** How many next movies an ask returns (the deck shows a few; the default order follows). */
const ASK_COUNT = 8;
/** How many neighbours the map lists for a picked movie. */
export const MAP_NEIGHBOURS = 8;

/** Automatic restarts allowed within RESTART_WINDOW_MS before the visitor is asked to restart. */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 60_000;
/** The page's watchdog allows this many stall timeouts without any word from the worker. */
export const WATCHDOG_FACTOR = 4;

export interface BridgeOptions {
  /** Absolute URL of the model folder, ending in '/'. */
  modelBase: string;
  /** Absolute URL of the deployer's exclude.json (omitted: nothing excluded). */
  exclusions?: string;
  storage: Storage | null;
  createClient?: (
    onEvent: (e: WorkerEvent) => void,
    onCrash: (message: string) => void,
  ) => Pick<WorkerClient, 'init' | 'adapt' | 'terminate'> &
    Partial<Pick<WorkerClient, 'compare' | 'inject' | 'ask' | 'neighbours'>>;
  /** Called whenever the shareable state changes (main.tsx writes it into the URL hash). */
  onShared?: (s: SharedState) => void;
  /**
   * A model file that sends nothing for this long (ms) fails the load with a message; the page's
   * watchdog gives the worker WATCHDOG_FACTOR times this to answer while loading or adapting.
   */
  loadTimeoutMs?: number;
  /** Test hook (`?fault=selfcheck:<backend>`): these backends fail their numeric self-check. */
  failSelfCheck?: BackendName[];
  /** For tests: the clock and timers of the restart guard and the watchdog. */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface Bridge {
  stop: () => void;
  /** Test hook (window.__warmstartFault): make the worker fail; see protocol.ts FAULTS. */
  inject: (fault: Fault) => void;
}

export function startBridge(store: AppStore, opts: BridgeOptions): Bridge {
  const now = opts.now ?? (() => Date.now());
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const loadTimeoutMs = opts.loadTimeoutMs ?? LOAD_TIMEOUT_MS;
  const makeClient = opts.createClient ?? ((onEvent, onCrash) => new WorkerClient({ onEvent, onCrash }));
  let client: ReturnType<NonNullable<BridgeOptions['createClient']>> | null = null;
  /** What each adapt request asked for (to pair predictions with ratings). */
  const requests = new Map<number, { items: Int32Array; ratings: Float32Array }>();
  /** Requests the worker has not finished answering (init, adapt, compare): the watchdog waits for these. */
  const outstanding = new Set<number>();
  let watchdog: unknown = null;
  /** When the worker was restarted automatically (the restart-loop guard). */
  let restarts: number[] = [];
  /** Backends lost in this session: a restarted worker moves down the chain past them. */
  let excluded: BackendName[] = [];
  /** Said when the restarted worker is ready (which backend it moved to). */
  let afterRestart: ((backend: BackendName) => string) | null = null;

  const onEvent = (e: WorkerEvent) => {
    const s = store.getState();
    if (isFinal(e) && e.requestId !== null) outstanding.delete(e.requestId);
    armWatchdog();
    switch (e.type) {
      case 'progress':
        if (e.requestId === s.engine.initId) s.engineProgress(e.phase, e.loaded, e.total);
        return;
      case 'ready': {
        if (e.requestId !== s.engine.initId) return;
        s.engineReady(e);
        const passedOver = e.backend.skipped;
        if (afterRestart) {
          s.addNotice(afterRestart(e.backend.name), 'warning', { key: 'recovery' });
          afterRestart = null;
        } else if (passedOver.length > 0) {
          const label = backendLabel(e.backend.name);
          const why = passedOver.map((x) => `${backendLabel(x.name)} was passed over (${x.reason})`);
          // A browser without WebGPU or WebGL is ordinary: the badge says which backend runs and
          // why, and the page says nothing. A backend that was asked for (?backend=, Settings), or
          // that started and then failed (its self-check, an exception), is worth a warning.
          const ordinary = passedOver.every((x) => isUnavailable(x.reason));
          if (!ordinary || requestedBackend(s) !== null)
            s.addNotice(`The app runs on ${label}: ${why.join('; ')}.`, 'warning', { key: 'backend' });
        }
        requestAdapt();
        requestAsk();
        requestNeighbours();
        return;
      }
      case 'adaptStart':
        s.adaptBegan(e);
        return;
      case 'adaptDone': {
        const req = requests.get(e.requestId);
        requests.delete(e.requestId);
        if (e.requestId !== s.adapt.requestId || !req) return;
        // The worker keeps every number finite; should one slip through, it never reaches the screen.
        if (!finiteResult(e)) {
          s.adaptFailed(e.requestId, 'the adaptation produced numbers that cannot be shown');
          s.addNotice(
            'The last adaptation produced numbers the app cannot show (not-a-number), so the previous recommendations stay on screen.',
            'warning',
            { key: 'numeric' },
          );
          return;
        }
        store.getState().adaptFinished(e, req.items, req.ratings);
        if (e.numeric) {
          const { step, kept, what } = e.numeric;
          const wrong =
            what === 'exploding'
              ? 'the user state grew out of all proportion'
              : what === 'infinite'
                ? 'a value became infinite'
                : 'a value became not-a-number';
          s.addNotice(
            `The adaptation went wrong at inner step ${step} (${wrong}), so the app kept the last good state (${kept === 0 ? 'the starting point, before any step' : `after step ${kept}`}); the recommendations come from it.`,
            'warning',
            { key: 'numeric' },
          );
        }
        requestCompare();
        return;
      }
      case 'compareDone':
        s.compareFinished(e);
        return;
      case 'offers':
        s.offersFinished(e);
        return;
      case 'neighbours':
        s.neighboursFound(e.index, Array.from(e.items));
        return;
      case 'cancelled':
        requests.delete(e.requestId);
        return;
      case 'error':
        if (e.kind === 'device-lost') {
          recover('device-lost', e.message);
          return;
        }
        if (e.requestId !== null && e.requestId === s.engine.initId) {
          disarmWatchdog();
          s.engineFatal(fatalMessage(e.kind, e.message), fatalHint(e.kind));
          return;
        }
        if (e.requestId !== null) {
          s.adaptFailed(e.requestId, e.message);
          s.compareFailed(e.requestId);
        }
        return;
    }
  };

  const onCrash = (message: string) => recover('crash', message);

  /**
   * The worker failed (crashed, stopped answering, or lost its GPU): start a new one, which
   * replays the visitor's ratings from the store when it is ready. A lost GPU moves down the
   * chain webgpu -> webgl -> wasm -> cpu. More than MAX_RESTARTS in RESTART_WINDOW_MS stops the
   * loop: the banner asks the visitor instead.
   */
  function recover(kind: 'crash' | 'device-lost', message: string): void {
    const s = store.getState();
    const t = now();
    restarts = restarts.filter((x) => t - x < RESTART_WINDOW_MS);
    if (restarts.length >= MAX_RESTARTS) {
      stopClient();
      s.engineRecoverable({
        kind,
        message: `${capitalize(message)}. It has failed ${restarts.length + 1} times within a minute, so it is not restarted automatically.`,
      });
      s.adaptFailed(s.adapt.requestId ?? -1, 'the recommender stopped');
      return;
    }
    restarts.push(t);
    const lost = s.engine.backend?.name ?? null;
    if (kind === 'device-lost' && lost) {
      // Everything up to the lost backend is passed over; the CPU has nothing below it to move to.
      const at = BACKENDS.indexOf(lost);
      excluded = [...new Set([...excluded, ...BACKENDS.slice(0, at + 1)])].filter((b) => b !== 'cpu');
      s.addNotice(`${capitalize(message)}. Moving to the next backend; your ratings are kept.`, 'warning', {
        key: 'recovery',
      });
      afterRestart = (now) =>
        `${capitalize(message)}, so the app moved from ${backendLabel(lost)} to ${backendLabel(now)}. Your ratings are kept and the recommendations were computed again.`;
    } else {
      s.addNotice(
        `The recommender stopped unexpectedly (${message}). Restarting it; your ratings are kept.`,
        'warning',
        { key: 'recovery' },
      );
      afterRestart = (now) =>
        `The recommender stopped unexpectedly (${message}) and was restarted on ${backendLabel(now)}. Your ratings are kept and the recommendations were computed again.`;
    }
    start(requestedBackend(s));
  }

  function armWatchdog(): void {
    disarmWatchdog();
    if (outstanding.size === 0 || !client) return;
    const limit = WATCHDOG_FACTOR * loadTimeoutMs;
    watchdog = setTimer(() => {
      watchdog = null;
      const s = store.getState();
      const silent = `it did not answer for ${Math.round(limit / 1000)} s`;
      if (s.engine.status === 'loading') {
        stopClient();
        s.engineFatal(
          `Loading stopped: nothing happened for ${Math.round(limit / 1000)} s while ${PHASE_WORDS[s.engine.phase]}.`,
          'Try again. If it keeps happening, choose another compute backend in Settings (WebAssembly works in every modern browser).',
        );
      } else recover('crash', silent);
    }, limit);
  }

  function disarmWatchdog(): void {
    if (watchdog !== null) clearTimer(watchdog);
    watchdog = null;
  }

  function stopClient(): void {
    disarmWatchdog();
    outstanding.clear();
    client?.terminate();
    client = null;
  }

  function requestAdapt(): void {
    const s = store.getState();
    if (s.engine.status !== 'ready' || !client) return;
    const support = supportOf(s);
    // Keep our own copies: the request's buffers are transferred to the worker.
    const copy = { items: support.items.slice(), ratings: support.ratings.slice() };
    const { id } = client.adapt({ items: support.items, ratings: support.ratings });
    requests.set(id, copy);
    outstanding.add(id);
    armWatchdog();
    s.adaptStarted(id, copy.items.length);
  }

  /** An adaptive strategy's next movies, from the worker (after every rating or skip). */
  function requestAsk(): void {
    const s = store.getState();
    if (s.engine.status !== 'ready' || !client?.ask || !INTERVIEW_INFO[s.teach.strategy].adaptive) return;
    const support = supportOf(s);
    const skipped = Int32Array.from(
      s.skipped.filter((id) => s.movieIndex.has(id)),
      (id) => s.movieIndex.get(id) ?? 0,
    );
    const { id } = client.ask({
      items: support.items,
      ratings: support.ratings,
      skipped,
      strategy: s.teach.strategy,
      seed: s.teach.seed,
      count: ASK_COUNT,
    });
    outstanding.add(id);
    armWatchdog();
    s.askStarted(id);
  }

  /** The picked movie's neighbours on the map (a quick, stateless request: no watchdog). */
  function requestNeighbours(): void {
    const s = store.getState();
    if (s.engine.status !== 'ready' || !client?.neighbours || !s.mapFocus || s.mapFocus.neighbours) return;
    client.neighbours(s.mapFocus.index, MAP_NEIGHBOURS);
  }

  /** Run the compared methods on the current ratings with the inner-loop settings. */
  function requestCompare(): void {
    const s = store.getState();
    if (s.engine.status !== 'ready' || !client?.compare) return;
    const support = supportOf(s);
    const skipped = Int32Array.from(
      s.skipped.filter((id) => s.movieIndex.has(id)),
      (id) => s.movieIndex.get(id) ?? 0,
    );
    const { id } = client.compare({
      items: support.items,
      ratings: support.ratings,
      methods: s.teach.methods,
      steps: s.teach.inner.steps ?? s.model?.trainedSteps ?? 5,
      lr: s.teach.inner.lr,
      adaptBias: s.teach.inner.adaptBias,
      skipped,
    });
    outstanding.add(id);
    armWatchdog();
    s.compareStarted(id);
  }

  function start(backend: BackendName | null): void {
    stopClient();
    requests.clear();
    // Events and crashes of a replaced worker are ignored.
    const made = makeClient(
      (e) => {
        if (client === made) onEvent(e);
      },
      (message) => {
        if (client === made) onCrash(message);
      },
    );
    client = made;
    const { id } = made.init(
      { modelBase: opts.modelBase, ...(opts.exclusions ? { exclusions: opts.exclusions } : {}) },
      {
        backend,
        exclude: excluded,
        loadTimeoutMs,
        ...(opts.failSelfCheck?.length ? { failSelfCheck: opts.failSelfCheck } : {}),
      },
    );
    outstanding.add(id);
    store.getState().engineLoading(id);
    armWatchdog();
  }

  store.setState((s) => ({
    engine: {
      ...s.engine,
      // The visitor's own restart (Retry, the banner, Settings) starts afresh: every backend may be tried again.
      restart: (choice) => {
        if (choice)
          store.setState({ urlBackend: null, settings: { ...store.getState().settings, backend: choice } });
        restarts = [];
        excluded = [];
        afterRestart = null;
        start(requestedBackend(store.getState()));
      },
    },
  }));

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.rated !== prev.rated) requestAdapt();
    const t = s.teach;
    const p = prev.teach;
    if (
      s.rated !== prev.rated ||
      s.skipped !== prev.skipped ||
      t.strategy !== p.strategy ||
      t.seed !== p.seed
    )
      requestAsk();
    if (t.inner !== p.inner || t.methods !== p.methods) requestCompare();
    if (s.mapFocus !== prev.mapFocus && s.mapFocus?.index !== prev.mapFocus?.index) requestNeighbours();
    if (
      opts.onShared &&
      (s.rated !== prev.rated ||
        s.skipped !== prev.skipped ||
        t.inner !== p.inner ||
        t.methods !== p.methods ||
        t.strategy !== p.strategy ||
        t.seed !== p.seed)
    )
      opts.onShared(sharedOf(s));
    if (
      s.rated !== prev.rated ||
      s.skipped !== prev.skipped ||
      s.settings !== prev.settings ||
      t.inner !== p.inner ||
      t.methods !== p.methods ||
      t.strategy !== p.strategy ||
      t.seed !== p.seed
    ) {
      const saved = {
        ratings: s.rated,
        skipped: s.skipped,
        settings: s.settings,
        teach: { inner: t.inner, strategy: t.strategy, seed: t.seed, methods: t.methods },
      };
      if (isDefaultState(saved)) clearPersisted(opts.storage);
      else savePersisted(opts.storage, saved);
    }
  });

  start(requestedBackend(store.getState()));
  return {
    stop: () => {
      unsubscribe();
      stopClient();
    },
    inject: (fault) => client?.inject?.(fault),
  };
}

const PHASE_WORDS = {
  download: 'downloading the model',
  backend: 'starting TensorFlow.js',
  parse: 'reading the model',
  warmup: 'warming up',
} as const;

/** A backend this browser simply does not offer (chooseBackend's reasons), not one that failed. */
const isUnavailable = (reason: string): boolean => /no WebGPU|no adapter|failed to initialize/.test(reason);

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function fatalMessage(kind: ErrorKind, message: string): string {
  return kind === 'backend' ? `No compute backend could start in this browser. ${message}` : message;
}

/** What to try, by kind of failure. */
function fatalHint(kind: ErrorKind): string {
  switch (kind) {
    case 'network':
      return 'Check your connection and try again. If you run this site, make sure the model/ folder was deployed next to index.html.';
    case 'model':
      return 'Try again: a download may have been cut short. If it keeps happening, the model files on this site are damaged or from another version of the app: whoever runs the site needs to rebuild them with `npm run train` and deploy them again.';
    case 'backend':
      return 'Try again, or try another browser: the app needs WebGPU, WebGL, WebAssembly or plain JavaScript to compute.';
    default:
      return 'Try again. If it keeps happening, choose another compute backend in Settings.';
  }
}

/** Whether every number of a finished adaptation can be drawn. */
function finiteResult(e: Extract<WorkerEvent, { type: 'adaptDone' }>): boolean {
  const finite = (xs: ArrayLike<number>) => {
    for (let i = 0; i < xs.length; i++) if (!Number.isFinite(xs[i] ?? NaN)) return false;
    return true;
  };
  return (
    finite(e.losses) &&
    finite(e.trajectory) &&
    (e.predictedRated === null || finite(e.predictedRated)) &&
    e.recommendations.every(
      (r) => Number.isFinite(r.score) && (r.predicted === null || Number.isFinite(r.predicted)),
    )
  );
}
