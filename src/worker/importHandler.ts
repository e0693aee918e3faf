/**
 * The import worker's logic (import.worker.ts is its thin entry): reads a file with
 * src/data/import, keeps the parsed rows for a later choice of user, and fetches imdb.json from the
 * page's origin the first time an IMDb file needs it. Never touches `self`; imports no TensorFlow.js.
 */
import { readImdbMap } from '../data/import/imdbMap';
import { readImport, reviewImport } from '../data/import/importFile';
import type { ParsedRows } from '../data/import/formats';
import type { MatchContext } from '../data/import/match';
import { TitleIndex } from '../data/import/titles';
import type { ImportCatalog, ImportEvent, ImportRequest } from './importProtocol';

export interface ImportHandlerDeps {
  post: (event: ImportEvent) => void;
  fetch: (url: string) => Promise<Response>;
}

export function createImportHandler(deps: ImportHandlerDeps) {
  let ctx: MatchContext | null = null;
  let imdbLoaded = false;
  let last: { parsed: ParsedRows; name: string; warning: string | null } | null = null;

  const setCatalog = (c: ImportCatalog) => {
    ctx = {
      movieIndex: new Map(Array.from(c.movieIds, (id, i) => [id, i])),
      movieIds: c.movieIds,
      titles: new TitleIndex(c),
      imdb: ctx?.imdb ?? null,
    };
  };

  /** Loads imdb.json once; a failure is a warning (IMDb rows then match by title only). */
  async function loadImdb(url: string): Promise<string | null> {
    if (imdbLoaded || !ctx) return null;
    try {
      const res = await deps.fetch(url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const map = readImdbMap(await res.json());
      if (typeof map === 'string') throw new Error(map);
      ctx = { ...ctx, imdb: map };
      imdbLoaded = true;
      return null;
    } catch (e) {
      return `The IMDb id mapping (imdb.json) could not be loaded (${(e as Error).message}), so IMDb rows were matched by title and year only.`;
    }
  }

  function send(requestId: number, userId: number | null): void {
    if (!last || !ctx) return;
    const review = reviewImport(last.parsed, last.name, ctx, userId);
    deps.post({
      type: 'review',
      requestId,
      review: last.warning ? { ...review, warning: last.warning } : review,
    });
  }

  async function handle(req: ImportRequest): Promise<void> {
    try {
      switch (req.type) {
        case 'read': {
          if (req.catalog) setCatalog(req.catalog);
          if (!ctx) throw new Error('the catalog was never sent');
          const read = readImport(new Uint8Array(req.bytes), req.name);
          if (!read.ok) {
            last = null;
            deps.post({ type: 'failed', requestId: req.id, message: read.message, details: read.details });
            return;
          }
          const warning = read.parsed.format === 'imdb' ? await loadImdb(req.imdbUrl) : null;
          last = { parsed: read.parsed, name: req.name, warning };
          send(req.id, null);
          return;
        }
        case 'pick':
          if (!last) throw new Error('no file has been read');
          send(req.id, req.userId);
          return;
      }
    } catch (e) {
      deps.post({
        type: 'failed',
        requestId: req.id,
        message: `The file could not be read: ${(e as Error).message}. Nothing was imported.`,
        details: [],
      });
    }
  }
  return { handle };
}
