import { useCallback, useEffect, useRef, useState } from 'react';
import { sizeProblem } from '../../data/import/decode';
import type { ImportReview } from '../../data/import/match';
import { useAppStore } from '../../state/store';
import { ImportClient } from '../../worker/importClient';
import type { ImportCatalog } from '../../worker/importProtocol';

export type ImportFlow =
  | { step: 'idle' }
  | { step: 'reading'; fileName: string }
  | { step: 'error'; fileName: string; message: string; details: string[] }
  | { step: 'review'; review: ImportReview };

/** The catalog as the import worker needs it, made once per loaded catalog (and so sent once). */
const forWorker = new WeakMap<object, ImportCatalog>();
function importCatalog(c: NonNullable<ReturnType<typeof useAppStore.getState>['catalog']>): ImportCatalog {
  let out = forWorker.get(c);
  if (!out) forWorker.set(c, (out = { movieIds: c.movieIds, titles: c.titles, years: c.years }));
  return out;
}

/**
 * One import at a time, from a chosen or dropped file to a review: the size is checked here, the
 * bytes go to the import worker (transferred), which answers with a review or a message. Nothing
 * touches the visitor's ratings until the review is confirmed (ImportDialog).
 */
export function useImportFlow() {
  const [flow, setFlow] = useState<ImportFlow>({ step: 'idle' });
  const client = useRef<ImportClient | null>(null);
  const generation = useRef(0);

  const close = useCallback(() => {
    generation.current++;
    client.current?.close();
    client.current = null;
    setFlow({ step: 'idle' });
  }, []);
  useEffect(() => () => client.current?.close(), []);

  const start = useCallback(async (file: File) => {
    const mine = ++generation.current;
    const fileName = file.name;
    const tooBig = sizeProblem(file.size);
    if (tooBig) {
      setFlow({ step: 'error', fileName, message: tooBig, details: [] });
      return;
    }
    const catalog = useAppStore.getState().catalog;
    if (!catalog) {
      setFlow({
        step: 'error',
        fileName,
        message: 'The catalog is still loading: try again in a moment.',
        details: [],
      });
      return;
    }
    setFlow({ step: 'reading', fileName });
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch (e) {
      if (mine === generation.current)
        setFlow({
          step: 'error',
          fileName,
          message: `The file could not be read: ${(e as Error).message}.`,
          details: [],
        });
      return;
    }
    client.current ??= new ImportClient();
    const imdbUrl = new URL(`${import.meta.env.BASE_URL}model/imdb.json`, window.location.href).href;
    const answer = await client.current.read(fileName, bytes, imdbUrl, importCatalog(catalog));
    if (mine !== generation.current) return;
    setFlow(
      answer.ok
        ? { step: 'review', review: answer.review }
        : { step: 'error', fileName, message: answer.message, details: answer.details },
    );
  }, []);

  const pickUser = useCallback(async (userId: number) => {
    if (!client.current) return;
    const mine = generation.current;
    const answer = await client.current.pick(userId);
    if (mine !== generation.current) return;
    if (answer.ok) setFlow({ step: 'review', review: answer.review });
  }, []);

  return { flow, start, pickUser, close };
}
