/**
 * Keeps a worker running: starts it (init), watches that it answers (the watchdog), restarts it when
 * it crashes, stops answering or loses its GPU (moving down the backend chain webgpu -> webgl ->
 * wasm -> cpu), and stops restarting when it keeps failing (the restart guard), leaving the banner
 * to ask the visitor. The visitor's own restart comes through the store (`restartEngine` counts
 * `restartRequests`): no function is kept in state. Imports the worker client and protocol types only.
 */
import { WorkerClient } from '../worker/client';
import {
  BACKENDS,
  isFinal,
  LOAD_TIMEOUT_MS,
  type BackendName,
  type Fault,
  type WorkerEvent,
} from '../worker/protocol';
import type { MetaTrainClient } from './metatrainLink';
import { gaveUp, recoveryNotices, silentFor, stalledLoad, STOPPED } from './messages';
import { requestedBackend } from './selectors';
import type { AppStore } from './store';

/** Automatic restarts allowed within RESTART_WINDOW_MS before the visitor is asked to restart. */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 60_000;
/** The page's watchdog allows this many stall timeouts without any word from the worker. */
export const WATCHDOG_FACTOR = 4;

/** The worker client as the bridge uses it (tests pass a fake). */
export type Client = Pick<WorkerClient, 'init' | 'adapt' | 'terminate'> &
  Partial<Pick<WorkerClient, 'compare' | 'inject' | 'ask' | 'neighbours' | 'arrival'>> &
  MetaTrainClient;

export interface SupervisorOptions {
  /** Absolute URL of the model folder, ending in '/'. */
  modelBase: string;
  /** Absolute URL of the deployer's exclude.json (omitted: nothing excluded). */
  exclusions?: string;
  createClient?: (onEvent: (e: WorkerEvent) => void, onCrash: (message: string) => void) => Client;
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

export interface Supervisor {
  /** The running worker's client (null while none runs). */
  client: () => Client | null;
  /** Start the first worker. */
  start: () => void;
  /** The visitor's restart: every backend may be tried again. */
  restart: () => void;
  /** The worker failed (crashed, stopped answering, or lost its GPU): restart it, or give up. */
  recover: (kind: 'crash' | 'device-lost', message: string) => void;
  /** A request the watchdog waits for until an event settles it. */
  track: (requestId: number) => void;
  /** Heard from the worker: a final event settles its request, and the watchdog starts over. */
  heard: (e: WorkerEvent) => void;
  /** The load failed for good: stop watching. */
  quiet: () => void;
  /** What to say once a restarted worker is ready on `backend` (said once; null after a plain start). */
  afterRestart: (backend: BackendName) => string | null;
  inject: (fault: Fault) => void;
  stop: () => void;
}

/**
 * `onEvent` and `onStart` belong to the bridge: the current worker's events, and a new worker about
 * to start (the bridge forgets what it was waiting for from the old one).
 */
export function createSupervisor(
  store: AppStore,
  opts: SupervisorOptions,
  onEvent: (e: WorkerEvent) => void,
  onStart: () => void,
): Supervisor {
  const now = opts.now ?? (() => Date.now());
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const loadTimeoutMs = opts.loadTimeoutMs ?? LOAD_TIMEOUT_MS;
  const makeClient = opts.createClient ?? ((onEvent, onCrash) => new WorkerClient({ onEvent, onCrash }));
  let client: Client | null = null;
  /** Requests the worker has not finished answering (init, adapt, compare, ask): the watchdog waits for these. */
  const outstanding = new Set<number>();
  let watchdog: unknown = null;
  /** When the worker was restarted automatically (the restart-loop guard). */
  let restarts: number[] = [];
  /** Backends lost in this session: a restarted worker moves down the chain past them. */
  let excluded: BackendName[] = [];
  /** Said when the restarted worker is ready (which backend it moved to). */
  let afterRestart: ((backend: BackendName) => string) | null = null;

  function armWatchdog(): void {
    disarmWatchdog();
    if (outstanding.size === 0 || !client) return;
    const limit = WATCHDOG_FACTOR * loadTimeoutMs;
    watchdog = setTimer(() => {
      watchdog = null;
      const s = store.getState();
      if (s.engine.status === 'loading') {
        stopClient();
        const { message, hint } = stalledLoad(limit, s.engine.phase);
        s.engineFatal(message, hint);
      } else recover('crash', silentFor(limit));
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

  function start(backend: BackendName | null): void {
    stopClient();
    onStart();
    // Events and crashes of a replaced worker are ignored.
    const made = makeClient(
      (e) => {
        if (client === made) onEvent(e);
      },
      (message) => {
        if (client === made) recover('crash', message);
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

  /**
   * Start a new worker, which replays the visitor's ratings from the store when it is ready. A lost
   * GPU moves down the chain. More than MAX_RESTARTS in RESTART_WINDOW_MS stops the loop: the
   * banner asks the visitor instead.
   */
  function recover(kind: 'crash' | 'device-lost', message: string): void {
    const s = store.getState();
    const t = now();
    restarts = restarts.filter((x) => t - x < RESTART_WINDOW_MS);
    if (restarts.length >= MAX_RESTARTS) {
      stopClient();
      s.engineRecoverable({ kind, message: gaveUp(message, restarts.length + 1) });
      s.adaptFailed(s.adapt.requestId ?? -1, STOPPED);
      return;
    }
    restarts.push(t);
    const lost = s.engine.backend?.name ?? null;
    if (kind === 'device-lost' && lost) {
      // Everything up to the lost backend is passed over; the CPU has nothing below it to move to.
      const at = BACKENDS.indexOf(lost);
      excluded = [...new Set([...excluded, ...BACKENDS.slice(0, at + 1)])].filter((b) => b !== 'cpu');
    }
    const said = recoveryNotices(kind, message, lost);
    s.addNotice(said.now, 'warning', { key: 'recovery' });
    afterRestart = said.after;
    start(requestedBackend(s));
  }

  function restart(): void {
    restarts = [];
    excluded = [];
    afterRestart = null;
    start(requestedBackend(store.getState()));
  }

  // The visitor's restarts (Retry, the banner, Settings, a reset that changed the backend).
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.restartRequests > prev.restartRequests) restart();
  });

  return {
    client: () => client,
    start: () => start(requestedBackend(store.getState())),
    restart,
    recover,
    track: (id) => {
      outstanding.add(id);
      armWatchdog();
    },
    heard: (e) => {
      if (isFinal(e) && 'requestId' in e && e.requestId !== null) outstanding.delete(e.requestId);
      armWatchdog();
    },
    quiet: disarmWatchdog,
    afterRestart: (backend) => {
      const said = afterRestart?.(backend) ?? null;
      afterRestart = null;
      return said;
    },
    inject: (fault) => client?.inject?.(fault),
    stop: () => {
      unsubscribe();
      stopClient();
    },
  };
}
