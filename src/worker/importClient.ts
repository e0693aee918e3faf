/**
 * The page's side of the import worker: starts it on the first import, sends the file's bytes
 * (transferred, not copied) and the catalog once, and resolves each request with its answer.
 */
import type { ImportReview } from '../data/import/match';
import type { ImportCatalog, ImportEvent, ImportRequest } from './importProtocol';

export type ImportAnswer =
  { ok: true; review: ImportReview } | { ok: false; message: string; details: string[] };

type Unsent = ImportRequest extends infer R ? (R extends ImportRequest ? Omit<R, 'id'> : never) : never;

export class ImportClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private sentCatalog: ImportCatalog | null = null;
  private readonly pending = new Map<number, (a: ImportAnswer) => void>();

  constructor(private readonly createWorker?: () => Worker) {}

  /** Read a file; `catalog` is sent only when it is not the one the worker already has. */
  read(name: string, bytes: ArrayBuffer, imdbUrl: string, catalog: ImportCatalog): Promise<ImportAnswer> {
    const fresh = this.sentCatalog !== catalog;
    const p = this.send({ type: 'read', name, bytes, imdbUrl, ...(fresh ? { catalog } : {}) }, [bytes]);
    this.sentCatalog = catalog;
    return p;
  }

  pick(userId: number): Promise<ImportAnswer> {
    return this.send({ type: 'pick', userId });
  }

  /** Stop the worker (the parsed file goes with it); open requests resolve with `message`. */
  close(message = 'The import was closed.'): void {
    this.worker?.terminate();
    this.worker = null;
    this.sentCatalog = null;
    for (const resolve of this.pending.values()) resolve({ ok: false, message, details: [] });
    this.pending.clear();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w =
      this.createWorker?.() ??
      new Worker(new URL('./import.worker.ts', import.meta.url), {
        type: 'module',
        name: 'warmstart-import',
      });
    w.onmessage = (e: MessageEvent<ImportEvent>) => {
      const resolve = this.pending.get(e.data.requestId);
      this.pending.delete(e.data.requestId);
      resolve?.(
        e.data.type === 'review'
          ? { ok: true, review: e.data.review }
          : { ok: false, message: e.data.message, details: e.data.details },
      );
    };
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.close(
        `The import stopped unexpectedly (${e.message || 'the import worker failed'}). Nothing was imported.`,
      );
    };
    this.worker = w;
    return w;
  }

  private send(req: Unsent, transfer: Transferable[] = []): Promise<ImportAnswer> {
    const id = this.nextId++;
    const w = this.ensure();
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      w.postMessage({ ...req, id }, transfer);
    });
  }
}
