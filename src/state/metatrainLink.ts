/**
 * The meta-training panel <-> the worker: the panel's buttons and controls become `metatrain`
 * requests, the worker's status, download and checkpoint events reach the store. Keeps, outside the
 * store, the last checkpoint (about a megabyte of weights) so that a restarted worker (a lost GPU:
 * the next backend) opens at the last good step and plays on if the visitor had pressed Play. A
 * hidden tab pauses training; visible again, it plays on only if the tab's hiding paused it (a
 * training the visitor paused stays paused). Imports the protocol's types only (no TensorFlow.js).
 */
import type {
  MetaTrainAction,
  MetaTrainCheckpoint,
  MetaTrainConfig,
  MetaTrainEvent,
  MetaTrainRequest,
} from '../worker/metatrainProtocol';
import type { AppStore } from './store';

/** How the page learns that the tab was hidden or shown (tests pass a fake; the page: document). */
export interface Visibility {
  hidden: () => boolean;
  /** Calls `fn` on every change; returns the unsubscribe. */
  subscribe: (fn: () => void) => () => void;
}

/** What the link needs of the worker client: the one request. */
export interface MetaTrainClient {
  metatrain?: (req: Omit<MetaTrainRequest, 'type' | 'id'>) => { id: number };
}

export interface MetaTrainLink {
  /** A worker event of the meta-training's. */
  onEvent: (e: MetaTrainEvent) => void;
  /** A (re)started worker is ready: open the panel's training there, from the last checkpoint. */
  ready: () => void;
  stop: () => void;
}

/** Whether a worker event belongs to meta-training. */
export const isMetaTrainEvent = (e: { type: string }): e is MetaTrainEvent =>
  e.type === 'metatrainStatus' || e.type === 'metatrainLoad' || e.type === 'metatrainCheckpoint';

/** The page's visibility, where there is a document (none in Node tests). */
export function documentVisibility(): Visibility | null {
  if (typeof document === 'undefined') return null;
  return {
    hidden: () => document.visibilityState === 'hidden',
    subscribe: (fn) => {
      document.addEventListener('visibilitychange', fn);
      return () => document.removeEventListener('visibilitychange', fn);
    },
  };
}

/** Whether a change of the controls starts the training over (the worker resets on these). */
const restarts = (a: MetaTrainConfig, b: MetaTrainConfig) => a.method !== b.method || a.seed !== b.seed;

export function createMetaTrainLink(
  store: AppStore,
  opts: { client: () => MetaTrainClient | null; dataUrl: string; visibility: Visibility | null },
): MetaTrainLink {
  let checkpoint: MetaTrainCheckpoint | null = null;
  /** The visitor pressed Play (and not Pause, Step or Reset since); survives a worker restart. */
  let wantRunning = false;
  /** Training was paused because the tab was hidden: shown again, it plays on. */
  let pausedByHidden = false;
  /** The current worker has been asked to open (it holds the training data). */
  let opened = false;
  /** Play once the worker has opened (a play sent while it loads the data would be ignored). */
  let playWhenOpen = false;

  const ready = () => store.getState().engine.status === 'ready';

  function send(action: MetaTrainAction, extra: Partial<MetaTrainRequest> = {}): void {
    const client = opts.client();
    if (!client?.metatrain || !ready()) return;
    if (action !== 'open' && !opened) return;
    client.metatrain({ action, config: store.getState().metatrain.config, ...extra });
  }

  function open(): void {
    opened = true;
    send('open', { dataUrl: opts.dataUrl, ...(checkpoint ? { checkpoint } : {}) });
    playWhenOpen = wantRunning;
  }

  function command(action: MetaTrainAction): void {
    pausedByHidden = false;
    playWhenOpen = false;
    wantRunning = action === 'play';
    if (action === 'reset') checkpoint = null;
    send(action);
  }

  function onVisibility(): void {
    const v = opts.visibility;
    if (!v) return;
    if (v.hidden() && wantRunning) {
      wantRunning = false;
      pausedByHidden = true;
      send('pause');
    } else if (!v.hidden() && pausedByHidden) {
      pausedByHidden = false;
      wantRunning = true;
      send('play');
    }
  }

  const unsubscribe = store.subscribe((s, prev) => {
    const m = s.metatrain;
    const p = prev.metatrain;
    if (m.open && !p.open && ready()) open();
    if (!m.open && p.open) {
      send('close');
      opened = false;
      checkpoint = null;
      wantRunning = false;
      pausedByHidden = false;
    }
    if (m.command !== p.command && m.command) command(m.command.action);
    if (m.open && m.config !== p.config) {
      if (restarts(m.config, p.config)) checkpoint = null;
      send('configure');
    }
  });
  const unwatch = opts.visibility?.subscribe(onVisibility) ?? (() => undefined);

  return {
    onEvent(e) {
      const s = store.getState();
      switch (e.type) {
        case 'metatrainLoad':
          s.metaTrainLoad(e);
          return;
        case 'metatrainCheckpoint':
          checkpoint = e.checkpoint;
          return;
        case 'metatrainStatus':
          if (e.state === 'error') wantRunning = playWhenOpen = false;
          s.metaTrainStatus(e);
          if (playWhenOpen && (e.state === 'idle' || e.state === 'paused')) {
            playWhenOpen = false;
            send('play');
          }
          return;
      }
    },
    ready() {
      opened = false;
      if (store.getState().metatrain.open) open();
    },
    stop() {
      unsubscribe();
      unwatch();
    },
  };
}
