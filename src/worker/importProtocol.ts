/**
 * Messages between the page and the import worker (import.worker.ts): types only, imported by both
 * sides. The worker reads the chosen file's bytes, finds its format and matches its rows to the
 * catalog; the page gets a review or a message. No TensorFlow.js on either side of this protocol.
 */
import type { ImportReview } from '../data/import/match';

/** What the worker needs of the catalog to match titles (sent with the first request only). */
export interface ImportCatalog {
  movieIds: Int32Array;
  titles: string[];
  /** 0 when unknown. */
  years: Int16Array;
}

export type ImportRequest =
  | {
      type: 'read';
      id: number;
      name: string;
      /** The file's bytes (transferred). */
      bytes: ArrayBuffer;
      /** Absolute URL of the model folder's imdb.json on the page's origin (fetched for IMDb files only). */
      imdbUrl: string;
      catalog?: ImportCatalog;
    }
  /** Review the last file read for another user (a MovieLens file with several). */
  | { type: 'pick'; id: number; userId: number };

export type ImportEvent =
  | { type: 'review'; requestId: number; review: ImportReview }
  | { type: 'failed'; requestId: number; message: string; details: string[] };
