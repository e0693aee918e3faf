/**
 * What the worker's parts share: the handler's dependencies (passed in by the entry, faked by the
 * unit test) and the loaded model with everything derived from it. load.ts fills a Session;
 * handler.ts, adaptation.ts and the other requests read it. Never touches `self`.
 */
import type { MethodName } from '../model/format';
import type { InterviewContext } from '../model/interview/ask';
import type { Recommender } from '../model/recommender';
import type { ShippedModel } from '../model/shipped';
import type { BackendWatch, ChooseOptions, ChosenBackend } from './backend';
import type { BackendName, WorkerEvent } from './protocol';

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

/** The loaded model and what the requests need of it; one per worker, refilled by every init. */
export class Session {
  model: ShippedModel | null = null;
  /** The method the app adapts with by default (load.ts's pickAppMethod). */
  appMethod: MethodName | null = null;
  /** [N] 1 where a movie may be listed: above the model's rating-count floor and not excluded. */
  listable: Uint8Array | null = null;
  /** Catalog indices the deployer excluded. */
  excluded: Int32Array = new Int32Array(0);
  /** Catalog indices `listable` keeps out of lists (for the compare view's top lists). */
  unlisted: ReadonlySet<number> = new Set();
  /** The interview strategies' context (the app method's arrays, the stored policy). */
  interview: { ctx: InterviewContext; defaultStrategy: string } | null = null;
  /** The visitor as of the latest default adaptation: its state and rated movies ("New arrivals"). */
  visitor: { phi: Float32Array; rated: Int32Array } | null = null;
  /** The backend's GPU watch (null before init, or for a backend without one). */
  watch: BackendWatch | null = null;
  private readonly recommenders = new Map<MethodName, Recommender>();

  /** One Recommender per method, made on first use; owned here (disposed by `dispose`). */
  recommender(name: MethodName): Recommender {
    let r = this.recommenders.get(name);
    if (!r) {
      if (!this.model) throw new Error('The model is not loaded yet.');
      r = this.model.recommender(name);
      this.recommenders.set(name, r);
    }
    return r;
  }

  dispose(): void {
    for (const r of this.recommenders.values()) r.dispose();
    this.recommenders.clear();
    this.model = null;
    this.visitor = null;
  }
}
