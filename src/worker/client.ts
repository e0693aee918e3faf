/**
 * The main-thread side of the worker: owns the Worker, sends typed requests, and reports events and
 * crashes. Imports only the protocol's types (no TensorFlow.js on the main thread).
 */
import type {
  AdaptRequest,
  AskRequest,
  CompareRequest,
  Fault,
  InitRequest,
  ModelUrls,
  ResultOf,
  WorkerEvent,
  WorkerRequest,
} from './protocol';

type Final<T extends keyof ResultOf> = ResultOf[T];
/** A request without its id (distributes over the union). */
type Unsent<R> = R extends WorkerRequest ? Omit<R, 'id'> : never;

export interface WorkerClientOptions {
  onEvent: (event: WorkerEvent) => void;
  /** The worker threw an uncaught error or failed to load: the bridge restarts it. */
  onCrash: (message: string) => void;
  /** For tests: make the worker. */
  createWorker?: () => Worker;
}

export class WorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly opts: WorkerClientOptions) {
    this.worker =
      opts.createWorker?.() ??
      new Worker(new URL('./adapt.worker.ts', import.meta.url), { type: 'module', name: 'warmstart-adapt' });
    this.worker.onmessage = (e: MessageEvent<WorkerEvent>) => this.receive(e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.crash(e.message || 'the adaptation worker stopped unexpectedly');
    };
    this.worker.onmessageerror = () => this.crash('a message from the adaptation worker could not be read');
  }

  /** Load the model and pick a backend; resolves with the `ready` event. */
  init(
    urls: ModelUrls,
    opts: Omit<InitRequest, 'type' | 'id' | 'urls'>,
  ): { id: number; done: Promise<Final<'init'>> } {
    return this.send({ type: 'init', urls, ...opts });
  }

  /** Adapt to ratings; a newer adapt (or cancel) supersedes this one, which then resolves `cancelled`. */
  adapt(req: Omit<AdaptRequest, 'type' | 'id'>): { id: number; done: Promise<Final<'adapt'>> } {
    return this.send({ type: 'adapt', ...req }, [req.items.buffer, req.ratings.buffer]);
  }

  /** Run several methods on the same ratings; a newer compare supersedes this one. */
  compare(req: Omit<CompareRequest, 'type' | 'id'>): { id: number; done: Promise<Final<'compare'>> } {
    return this.send({ type: 'compare', ...req }, [req.items.buffer, req.ratings.buffer, req.skipped.buffer]);
  }

  /** The next movies to offer under an interview strategy; a newer ask supersedes this one. */
  ask(req: Omit<AskRequest, 'type' | 'id'>): { id: number; done: Promise<Final<'ask'>> } {
    return this.send({ type: 'ask', ...req }, [req.items.buffer, req.ratings.buffer, req.skipped.buffer]);
  }

  /** The movies nearest one movie in the model's item space (the map's "movies like this"). */
  neighbours(index: number, count: number): { id: number; done: Promise<Final<'neighbours'>> } {
    return this.send({ type: 'neighbours', index, count });
  }

  cancel(): void {
    this.send({ type: 'cancel' });
  }

  /** Test hook: make the worker fail in one of the ways of protocol.ts's FAULTS. */
  inject(fault: Fault): void {
    this.send({ type: 'inject', fault });
  }

  terminate(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('worker terminated'));
    this.pending.clear();
  }

  private send(
    req: Unsent<WorkerRequest>,
    transfer: Transferable[] = [],
  ): { id: number; done: Promise<never> } {
    const id = this.nextId++;
    const done = new Promise<never>((resolve, reject) => {
      if (req.type !== 'cancel' && req.type !== 'inject')
        this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    done.catch(() => {});
    this.worker.postMessage({ ...req, id }, transfer);
    return { id, done };
  }

  private receive(event: WorkerEvent): void {
    this.opts.onEvent(event);
    if (event.requestId === null) return;
    const p = this.pending.get(event.requestId);
    if (!p) return;
    if (
      event.type === 'ready' ||
      event.type === 'adaptDone' ||
      event.type === 'compareDone' ||
      event.type === 'offers' ||
      event.type === 'neighbours' ||
      event.type === 'cancelled'
    ) {
      this.pending.delete(event.requestId);
      p.resolve(event);
    } else if (event.type === 'error') {
      this.pending.delete(event.requestId);
      p.reject(new Error(event.message));
    }
  }

  private crash(message: string): void {
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
    this.opts.onCrash(message);
  }
}
