/** What a visitor downloads: gzipped bytes of the built app's files (level 9, as a server would send). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

export interface Payload {
  /** Scripts the page loads before anything runs (entry + modulepreload) and the CSS. */
  initialJs: FileSize[];
  initialJsGzip: number;
  /** The adaptation worker's entry chunk. */
  worker: FileSize[];
  workerGzip: number;
  /** Chunks loaded on demand (optional tfjs backends, lazy UI). */
  lazyJs: FileSize[];
  wasm: FileSize[];
  /** manifest.json, weights.json, the weight shards and catalog.json (what the worker fetches). */
  model: FileSize[];
  modelGzip: number;
}

function size(dir: string, file: string): FileSize {
  const buf = readFileSync(join(dir, file));
  return { file, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

const sum = (xs: FileSize[]) => xs.reduce((n, x) => n + x.gzip, 0);

export function measurePayload(distDir: string): Payload {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
  // The entry and everything it imports statically (not its dynamic import() chunks).
  const initial: string[] = [];
  const queue = [...new Set(refs)];
  while (queue.length > 0) {
    const f = queue.shift() ?? '';
    if (initial.includes(f)) continue;
    initial.push(f);
    const text = readFileSync(join(distDir, f), 'utf8');
    for (const m of text.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g))
      queue.push(`assets/${m[1] ?? ''}`);
  }
  const assets = readdirSync(join(distDir, 'assets'));
  const js = assets.filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const workerFiles = js.filter((f) => /adapt\.worker/.test(f));
  const lazy = js.filter((f) => !initial.includes(f) && !workerFiles.includes(f));
  const wasm = assets.filter((f) => f.endsWith('.wasm')).map((f) => size(distDir, `assets/${f}`));
  const weights = JSON.parse(readFileSync(join(distDir, 'model/weights.json'), 'utf8')) as {
    paths: string[];
  }[];
  const modelFiles = ['manifest.json', 'weights.json', ...weights.flatMap((g) => g.paths), 'catalog.json'];
  const initialJs = initial.map((f) => size(distDir, f));
  const worker = workerFiles.map((f) => size(distDir, f));
  const model = modelFiles.map((f) => size(distDir, `model/${f}`));
  return {
    initialJs,
    initialJsGzip: sum(initialJs),
    worker,
    workerGzip: sum(worker),
    lazyJs: lazy.map((f) => size(distDir, f)),
    wasm,
    model,
    modelGzip: sum(model),
  };
}
