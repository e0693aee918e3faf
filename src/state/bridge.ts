/**
 * Worker events -> store, and store changes -> worker requests. Step events (one per inner step)
 * are buffered and applied once per animation frame; events whose requestId is not the current
 * one are dropped, so a superseded adaptation never reaches the screen. Also persists what must
 * survive a reload. Imports the worker client and protocol types only (no TensorFlow.js).
 */
import { WorkerClient } from '../worker/client';
import type { BackendName, WorkerEvent } from '../worker/protocol';
import { clearPersisted, savePersisted } from './persistence';
import { requestedBackend, sharedOf, supportOf } from './selectors';
import type { SharedState } from './shareState';
import type { AppStore } from './store';

export interface BridgeOptions {
  /** Absolute URL of the model folder, ending in '/'. */
  modelBase: string;
  storage: Storage | null;
  createClient?: (
    onEvent: (e: WorkerEvent) => void,
    onCrash: (message: string) => void,
  ) => Pick<WorkerClient, 'init' | 'adapt' | 'cancel' | 'terminate'> & Partial<Pick<WorkerClient, 'compare'>>;
  /** Called whenever the shareable state changes (main.tsx writes it into the URL hash). */
  onShared?: (s: SharedState) => void;
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
        requestCompare();
        return;
      }
      case 'compareDone':
        s.compareFinished(e);
        return;
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
        if (e.requestId !== null) {
          s.adaptFailed(e.requestId, e.message);
          s.compareFailed(e.requestId);
        }
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
    s.compareStarted(id);
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
    const t = s.teach;
    const p = prev.teach;
    if (t.inner !== p.inner || t.methods !== p.methods) requestCompare();
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
