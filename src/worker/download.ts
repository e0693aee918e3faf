/**
 * The model's download: manifest.json, weights.json and catalog.json, then the weight shards, with
 * progress and a stall timeout per file (a hung request must not leave an endless spinner), and the
 * JSON and weights-manifest checks. Never touches `self`.
 */
import { ModelFormatError } from '../model/shipped';
import { loadExclusions } from './exclusions';
import { LOAD_TIMEOUT_MS, type ErrorKind, type InitRequest } from './protocol';
import type { HandlerDeps } from './session';

/** A download that failed; `kind` is what the page tells the visitor (see fatalHint in the bridge). */
export class LoadError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The model's files, parsed as JSON but not yet checked against the model format. */
export interface ModelFiles {
  manifest: unknown;
  weights: unknown;
  shards: ArrayBuffer[];
  catalog: unknown;
}

/**
 * Download the model folder of `req`, posting 'download' progress. Resolves with the files and,
 * still in flight, the deployer's exclusions (never rejects: an unusable exclude.json excludes nothing).
 */
export async function downloadModel(
  req: InitRequest,
  deps: Pick<HandlerDeps, 'post' | 'fetch' | 'warn'>,
): Promise<{ files: ModelFiles; exclusions: Promise<number[]> }> {
  const base = req.urls.modelBase;
  const timeoutMs = req.loadTimeoutMs && req.loadTimeoutMs > 0 ? req.loadTimeoutMs : LOAD_TIMEOUT_MS;
  let loaded = 0;
  let total = 0;
  const seen = new Set<string>();
  const progress = (file: string) => (n: number, fileTotal: number) => {
    if (!seen.has(file)) {
      seen.add(file);
      total += fileTotal;
    }
    loaded += n;
    deps.post({
      type: 'progress',
      requestId: req.id,
      phase: 'download',
      loaded,
      total: Math.max(total, loaded),
    });
  };
  const exclusions = loadExclusions(
    req.urls.exclusions,
    deps.fetch,
    deps.warn ?? ((m) => console.warn(m)),
    timeoutMs,
  );
  const [manifestBytes, weightsBytes, catalogBytes] = await Promise.all(
    ['manifest.json', 'weights.json', 'catalog.json'].map((f) =>
      fetchBytes(deps.fetch, base + f, progress(f), timeoutMs),
    ),
  );
  const manifest = parseJson(manifestBytes as ArrayBuffer, 'manifest.json');
  const weights = parseJson(weightsBytes as ArrayBuffer, 'weights.json');
  const catalog = parseJson(catalogBytes as ArrayBuffer, 'catalog.json');
  if (
    !Array.isArray(weights) ||
    weights.some(
      (g) => typeof g !== 'object' || g === null || !Array.isArray((g as { paths?: unknown }).paths),
    )
  ) {
    throw new ModelFormatError(
      'weights.json is not a tfjs weights manifest (a JSON array of groups with "paths").',
    );
  }
  const paths = (weights as { paths: string[] }[]).flatMap((g) => g.paths);
  const shards = await Promise.all(
    paths.map((p) => fetchBytes(deps.fetch, base + p, progress(p), timeoutMs)),
  );
  return { files: { manifest, weights, shards, catalog }, exclusions };
}

/**
 * Download one file, reporting bytes as they arrive. Gives up with a message naming the file
 * (`what`: "model file", "training data file") when nothing arrives for `timeoutMs` (a hung
 * request must not leave an endless spinner).
 */
export async function fetchBytes(
  fetchFn: HandlerDeps['fetch'],
  url: string,
  onBytes: (n: number, total: number) => void,
  timeoutMs: number,
  what = 'model file',
): Promise<ArrayBuffer> {
  const file = url.slice(url.lastIndexOf('/') + 1);
  const abort = new AbortController();
  const stalled = () =>
    new LoadError(
      'network',
      `The ${what} ${file} stopped arriving: nothing came for ${seconds(timeoutMs)}. The connection or the server may be down.`,
    );
  // Rejects when the timer fires, whether or not the fetch honours the signal.
  const gaveUp = new Promise<never>((_, reject) =>
    abort.signal.addEventListener('abort', () => reject(stalled())),
  );
  gaveUp.catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(), timeoutMs);
  };
  const within = <T>(p: Promise<T>): Promise<T> => Promise.race([p, gaveUp]);
  arm();
  try {
    let res: Response;
    try {
      res = await within(fetchFn(url, { signal: abort.signal }));
    } catch (e) {
      if (e instanceof LoadError) throw e;
      throw new LoadError(
        'network',
        `Could not download the ${what} ${file}: ${(e as Error).message}. Check the connection.`,
      );
    }
    if (!res.ok)
      throw new LoadError(
        'network',
        `Could not download the ${what} ${file} (HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}). ${what === 'model file' ? 'The model' : 'It'} may not be deployed with this site.`,
      );
    const total = Number(res.headers.get('content-length') ?? 0);
    if (!res.body) {
      const buf = await within(res.arrayBuffer());
      onBytes(buf.byteLength, total || buf.byteLength);
      return buf;
    }
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let got = 0;
    try {
      for (;;) {
        const { done, value } = await within(reader.read());
        if (done) break;
        arm();
        chunks.push(value);
        got += value.byteLength;
        onBytes(value.byteLength, total);
      }
    } catch (e) {
      void reader.cancel().catch(() => {});
      if (e instanceof LoadError) throw e;
      throw new LoadError(
        'network',
        `The download of the ${what} ${file} broke off after ${got} bytes: ${(e as Error).message}. Check the connection.`,
      );
    }
    const out = new Uint8Array(got);
    let off = 0;
    for (const c of chunks) {
      out.set(c, off);
      off += c.byteLength;
    }
    return out.buffer;
  } finally {
    clearTimeout(timer);
  }
}

function parseJson(bytes: ArrayBuffer, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ModelFormatError(
      `${file} is not valid JSON: the model files are damaged or incomplete. Rebuild them with \`npm run train\`.`,
    );
  }
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
