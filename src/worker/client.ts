/**
 * The main-thread side of the worker: owns the Worker, sends typed requests, and reports events and
 * crashes. Every answer arrives as an event (onEvent), matched to its request by `requestId`: the
 * bridge keeps the id each request returns. Imports only the protocol's types (no TensorFlow.js on
 * the main thread).
 */
import type { ArrivalRequest } from './arrivalsProtocol';
import type {
  AdaptRequest,
  AskRequest,
  CompareRequest,
  Fault,
  InitRequest,
  ModelUrls,
  WorkerEvent,
  WorkerRequest,
} from './protocol';
import type { MetaTrainRequest } from './metatrainProtocol';

/** A request without its id (distributes over the union). */
type Unsent<R> = R extends WorkerRequest ? Omit<R, 'id'> : never;
/** What sending a request gives back: its id, which the events answering it carry as `requestId`. */
export interface Sent {
  id: number;
}

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

  constructor(private readonly opts: WorkerClientOptions) {
    this.worker =
      opts.createWorker?.() ??
      new Worker(new URL('./adapt.worker.ts', import.meta.url), { type: 'module', name: 'warmstart-adapt' });
    this.worker.onmessage = (e: MessageEvent<WorkerEvent>) => this.opts.onEvent(e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.opts.onCrash(e.message || 'the adaptation worker stopped unexpectedly');
    };
    this.worker.onmessageerror = () =>
      this.opts.onCrash('a message from the adaptation worker could not be read');
  }

  /** Load the model and pick a backend; answered by progress events, then `ready` (or an error). */
  init(urls: ModelUrls, opts: Omit<InitRequest, 'type' | 'id' | 'urls'>): Sent {
    return this.send({ type: 'init', urls, ...opts });
  }

  /** Adapt to ratings; answered by `adaptStart`, then `adaptDone` (or `cancelled` once a newer adapt supersedes it). */
  adapt(req: Omit<AdaptRequest, 'type' | 'id'>): Sent {
    return this.send({ type: 'adapt', ...req }, [req.items.buffer, req.ratings.buffer]);
  }

  /** Run several methods on the same ratings; a newer compare supersedes this one. */
  compare(req: Omit<CompareRequest, 'type' | 'id'>): Sent {
    return this.send({ type: 'compare', ...req }, [req.items.buffer, req.ratings.buffer, req.skipped.buffer]);
  }

  /** The next movies to offer under an interview strategy; a newer ask supersedes this one. */
  ask(req: Omit<AskRequest, 'type' | 'id'>): Sent {
    return this.send({ type: 'ask', ...req }, [req.items.buffer, req.ratings.buffer, req.skipped.buffer]);
  }

  /** The movies nearest one movie in the model's item space (the map's "movies like this"). */
  neighbours(index: number, count: number): Sent {
    return this.send({ type: 'neighbours', index, count });
  }

  /** Place a new arrival with its first K ratings; a newer arrival request supersedes this one. */
  arrival(req: Omit<ArrivalRequest, 'type' | 'id'>): Sent {
    return this.send({ type: 'arrival', ...req });
  }

  /** The training panel's actions (metatrainProtocol.ts); answered by metatrainStatus, metatrainLoad and metatrainCheckpoint events. */
  metatrain(req: Omit<MetaTrainRequest, 'type' | 'id'>): Sent {
    return this.send({ type: 'metatrain', ...req });
  }

  /** Test hook: make the worker fail in one of the ways of protocol.ts's FAULTS. */
  inject(fault: Fault): void {
    this.send({ type: 'inject', fault });
  }

  terminate(): void {
    this.worker.terminate();
  }

  private send(req: Unsent<WorkerRequest>, transfer: Transferable[] = []): Sent {
    const id = this.nextId++;
    this.worker.postMessage({ ...req, id }, transfer);
    return { id };
  }
}
