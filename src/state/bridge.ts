/**
 * Worker events -> store, and store changes -> worker requests. An adaptation's result carries all
 * its steps (the worker reads back once); events whose requestId is not the current one are
 * dropped, so a superseded adaptation never reaches the screen. The worker's life (start,
 * watchdog, restarts, backend fallback) is the supervisor's; the sentences are in messages.ts;
 * saving and sharing are saving.ts's. Imports the worker client and protocol types only (no
 * TensorFlow.js).
 */
import type { Fault, WorkerEvent } from '../worker/protocol';
import {
  isUnavailable,
  NOT_FINITE,
  numericRepair,
  passedOverNotice,
  fatalHint,
  fatalMessage,
} from './messages';
import { createMetaTrainLink, documentVisibility, isMetaTrainEvent, type Visibility } from './metatrainLink';
import { sendAdapt, sendArrival, sendAsk, sendCompare, sendNeighbours, type Support } from './requests';
import { startSaving } from './saving';
import { triggersOf } from './triggers';
import { requestedBackend } from './selectors';
import type { SharedState } from './shareState';
import type { AppState, AppStore } from './store';
import { createSupervisor, type SupervisorOptions } from './supervisor';

export { MAP_NEIGHBOURS } from './requests';
export { MAX_RESTARTS, RESTART_WINDOW_MS, WATCHDOG_FACTOR } from './supervisor';

export interface BridgeOptions extends SupervisorOptions {
  storage: Storage | null;
  /** Called whenever the shareable state changes (main.tsx writes it into the URL hash). */
  onShared?: (s: SharedState) => void;
  /** Absolute URL of the meta-training pack (fetched only when the training panel opens). */
  metatrainData?: string;
  /** The tab's visibility (a hidden tab pauses training); default: the document's, where there is one. */
  visibility?: Visibility | null;
}

export interface Bridge {
  stop: () => void;
  /** Test hook (window.__warmstartFault): make the worker fail; see protocol.ts FAULTS. */
  inject: (fault: Fault) => void;
}

type AdaptEvent = Extract<WorkerEvent, { type: 'adaptStart' | 'adaptDone' }>;

export function startBridge(store: AppStore, opts: BridgeOptions): Bridge {
  /** What each adapt request asked for (to pair predictions with ratings). */
  const requests = new Map<number, Support>();
  const supervisor = createSupervisor(
    store,
    opts,
    (e) => onEvent(e),
    () => requests.clear(),
  );
  const metatrain = createMetaTrainLink(store, {
    client: () => supervisor.client(),
    dataUrl: opts.metatrainData ?? new URL('../metatrain/pack.bin', opts.modelBase).href,
    visibility: opts.visibility === undefined ? documentVisibility() : opts.visibility,
  });

  /** An adaptation's events: its start and its result (with every step). */
  function onAdaptEvent(e: AdaptEvent): void {
    const s = store.getState();
    switch (e.type) {
      case 'adaptStart':
        s.adaptBegan(e);
        return;
      case 'adaptDone': {
        const req = requests.get(e.requestId);
        requests.delete(e.requestId);
        if (e.requestId !== s.adapt.requestId || !req) return;
        // The worker keeps every number finite; should one slip through, it never reaches the screen.
        if (!finiteResult(e)) {
          s.adaptFailed(e.requestId, NOT_FINITE.error);
          s.addNotice(NOT_FINITE.notice, 'warning', { key: 'numeric' });
          return;
        }
        store.getState().adaptFinished(e, req.items, req.ratings);
        if (e.numeric) s.addNotice(numericRepair(e.numeric), 'warning', { key: 'numeric' });
        requestCompare();
        return;
      }
    }
  }

  function onReady(e: Extract<WorkerEvent, { type: 'ready' }>): void {
    const s = store.getState();
    if (e.requestId !== s.engine.initId) return;
    s.engineReady(e);
    const said = supervisor.afterRestart(e.backend.name);
    if (said) s.addNotice(said, 'warning', { key: 'recovery' });
    else {
      const passedOver = backendNotice(s, e);
      if (passedOver) s.addNotice(passedOver, 'warning', { key: 'backend' });
    }
    requestAdapt();
    requestAsk();
    requestNeighbours();
    requestArrival();
    metatrain.ready();
  }

  function onEvent(e: WorkerEvent): void {
    const s = store.getState();
    supervisor.heard(e);
    if (isMetaTrainEvent(e)) {
      metatrain.onEvent(e);
      return;
    }
    switch (e.type) {
      case 'progress':
        if (e.requestId === s.engine.initId) s.engineProgress(e.phase, e.loaded, e.total);
        return;
      case 'ready':
        onReady(e);
        return;
      case 'adaptStart':
      case 'adaptDone':
        onAdaptEvent(e);
        return;
      case 'compareDone':
        s.compareFinished(e);
        return;
      case 'offers':
        s.offersFinished(e);
        return;
      case 'neighbours':
        s.neighboursFound(e.index, Array.from(e.items));
        return;
      case 'arrivalDone':
        s.arrivalFinished(e);
        return;
      case 'arrivalsUnavailable':
        s.arrivalFailed(e.requestId, e.message);
        return;
      case 'cancelled':
        requests.delete(e.requestId);
        return;
      case 'error':
        if (e.kind === 'device-lost') supervisor.recover('device-lost', e.message);
        else if (e.requestId !== null && e.requestId === s.engine.initId) {
          supervisor.quiet();
          s.engineFatal(fatalMessage(e.kind, e.message), fatalHint(e.kind));
        } else if (e.requestId !== null) {
          s.adaptFailed(e.requestId, e.message);
          s.compareFailed(e.requestId);
          s.arrivalFailed(e.requestId, e.message);
        }
        return;
    }
  }

  function requestAdapt(): void {
    const sent = sendAdapt(store.getState(), supervisor.client());
    if (!sent) return;
    requests.set(sent.id, sent.support);
    supervisor.track(sent.id);
  }

  function requestAsk(): void {
    const id = sendAsk(store.getState(), supervisor.client());
    if (id !== null) supervisor.track(id);
  }

  function requestCompare(): void {
    const id = sendCompare(store.getState(), supervisor.client());
    if (id !== null) supervisor.track(id);
  }

  const requestNeighbours = () => sendNeighbours(store.getState(), supervisor.client());
  const requestArrival = () => sendArrival(store.getState(), supervisor.client(), opts.modelBase);

  const unsubscribe = store.subscribe((s, prev) => {
    const go = triggersOf(s, prev);
    if (go.adapt) requestAdapt();
    if (go.ask) requestAsk();
    if (go.compare) requestCompare();
    if (go.neighbours) requestNeighbours();
    if (go.arrival) requestArrival();
  });
  const stopSaving = startSaving(store, opts);

  supervisor.start();
  return {
    stop: () => {
      unsubscribe();
      stopSaving();
      metatrain.stop();
      supervisor.stop();
    },
    inject: supervisor.inject,
  };
}

/**
 * The warning when the worker runs on another backend than the first, or null. A browser without
 * WebGPU or WebGL is ordinary: the badge says which backend runs and why, and the page says nothing.
 * A backend that was asked for (?backend=, Settings), or that started and then failed (its
 * self-check, an exception), is worth a warning.
 */
function backendNotice(s: AppState, e: Extract<WorkerEvent, { type: 'ready' }>): string | null {
  const passedOver = e.backend.skipped;
  if (passedOver.length === 0) return null;
  const ordinary = passedOver.every((x) => isUnavailable(x.reason));
  return !ordinary || requestedBackend(s) !== null ? passedOverNotice(e.backend.name, passedOver) : null;
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
