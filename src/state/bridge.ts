/**
 * Worker events -> store, and store changes -> worker requests. Step events (one per inner step)
 * are buffered and applied once per animation frame; events whose requestId is not the current
 * one are dropped, so a superseded adaptation never reaches the screen. Also persists what must
 * survive a reload. Imports the worker client and protocol types only (no TensorFlow.js).
 */
import { WorkerClient } from '../worker/client';
import type { BackendName, WorkerEvent } from '../worker/protocol';
import { clearPersisted, savePersisted } from './persistence';
import { requestedBackend, supportOf } from './selectors';
import type { AppStore } from './store';

export interface BridgeOptions {
  /** Absolute URL of the model folder, ending in '/'. */
  modelBase: string;
  storage: Storage | null;
  createClient?: (
    onEvent: (e: WorkerEvent) => void,
    onCrash: (message: string) => void,
  ) => Pick<WorkerClient, 'init' | 'adapt' | 'cancel' | 'terminate'>;
  /** For tests: how to wait for the next frame. */
  nextFrame?: (fn: () => void) => void;
}

export function startBridge(store: AppStore, opts: BridgeOptions): { stop: () => void } {
  const nextFrame =
    opts.nextFrame ??
    ((fn) =>
      typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => fn()) : setTimeout(fn, 16));
  const makeClient = opts.createClient ?? ((onEvent, onCrash) => new WorkerClient({ onEvent, onCrash }));
  let client: ReturnType<NonNullable<BridgeOptions['createClient']>> | null = null;
  /** What each adapt request asked for (to pair predictions with ratings). */
  const requests = new Map<number, { items: Int32Array; ratings: Float32Array }>();
  let buffered: { requestId: number; loss: number; x: number; y: number }[] = [];
  let frameQueued = false;

  const flush = () => {
    frameQueued = false;
    const steps = buffered;
    buffered = [];
    const current = store.getState().adapt.requestId;
    const mine = steps.filter((s) => s.requestId === current);
    if (current !== null && mine.length > 0) store.getState().adaptSteps(current, mine);
  };

  const onEvent = (e: WorkerEvent) => {
    const s = store.getState();
    switch (e.type) {
      case 'progress':
        if (e.requestId === s.engine.initId) s.engineProgress(e.phase, e.loaded, e.total);
        return;
      case 'ready':
        if (e.requestId !== s.engine.initId) return;
        s.engineReady(e);
        if (
          e.backend.skipped.length > 0 &&
          s.urlBackend === null &&
          s.settings.backend !== 'auto' &&
          !e.backend.forced
        ) {
          s.addNotice(
            `The ${s.settings.backend} backend did not start here, so the app uses ${e.backend.name}.`,
            'warning',
          );
        }
        requestAdapt();
        return;
      case 'adaptStart':
        s.adaptBegan(e);
        return;
      case 'adaptStep':
        if (e.requestId !== s.adapt.requestId) return;
        buffered.push({ requestId: e.requestId, loss: e.loss, x: e.x, y: e.y });
        if (!frameQueued) {
          frameQueued = true;
          nextFrame(flush);
        }
        return;
      case 'adaptDone': {
        const req = requests.get(e.requestId);
        requests.delete(e.requestId);
        if (e.requestId !== s.adapt.requestId || !req) return;
        flush();
        store.getState().adaptFinished(e, req.items, req.ratings);
        return;
      }
      case 'cancelled':
        requests.delete(e.requestId);
        return;
      case 'error':
        if (e.kind === 'device-lost') {
          s.engineRecoverable({ kind: 'device-lost', message: `The GPU stopped responding (${e.message}).` });
          return;
        }
        if (e.requestId !== null && e.requestId === s.engine.initId) {
          s.engineFatal(
            e.kind === 'backend' ? `No compute backend could start in this browser. ${e.message}` : e.message,
          );
          return;
        }
        if (e.requestId !== null) s.adaptFailed(e.requestId, e.message);
        return;
    }
  };

  const onCrash = (message: string) => {
    store
      .getState()
      .engineRecoverable({ kind: 'crash', message: `The adaptation worker stopped: ${message}` });
  };

  function requestAdapt(): void {
    const s = store.getState();
    if (s.engine.status !== 'ready' || !client) return;
    const support = supportOf(s);
    // Keep our own copies: the request's buffers are transferred to the worker.
    const copy = { items: support.items.slice(), ratings: support.ratings.slice() };
    const { id } = client.adapt({ items: support.items, ratings: support.ratings });
    requests.set(id, copy);
    s.adaptStarted(id, copy.items.length);
  }

  function start(backend: BackendName | null): void {
    client?.terminate();
    requests.clear();
    buffered = [];
    client = makeClient(onEvent, onCrash);
    const { id } = client.init({ modelBase: opts.modelBase }, backend);
    store.getState().engineLoading(id);
  }

  store.setState((s) => ({
    engine: {
      ...s.engine,
      restart: (choice) => {
        if (choice)
          store.setState({ urlBackend: null, settings: { ...store.getState().settings, backend: choice } });
        start(requestedBackend(store.getState()));
      },
    },
  }));

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.rated !== prev.rated) requestAdapt();
    if (s.rated !== prev.rated || s.skipped !== prev.skipped || s.settings !== prev.settings) {
      if (s.rated.length === 0 && s.skipped.length === 0 && s.settings.backend === 'auto')
        clearPersisted(opts.storage);
      else savePersisted(opts.storage, { ratings: s.rated, skipped: s.skipped, settings: s.settings });
    }
  });

  start(requestedBackend(store.getState()));
  return {
    stop: () => {
      unsubscribe();
      client?.terminate();
      client = null;
    },
  };
}
