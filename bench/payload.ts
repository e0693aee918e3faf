/** What a visitor downloads: gzipped bytes of the built app's files (level 9, as a server would send). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** What the page may load up front, gzipped (KB of 1024 bytes): the first screen, not the evaluation charts. */
export const INITIAL_JS_TARGET_KB = 120;

export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

export interface Payload {
  /**
   * The JavaScript the page loads up front: index.html's entry script and the chunks it
   * modulepreloads (and anything they import statically, which Vite preloads too). Not the CSS,
   * not the chunks loaded on demand (import()), not the workers.
   */
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

/**
 * The scripts index.html loads before anything runs, as paths under `distDir`: its module scripts
 * (`<script type="module" src>`) and modulepreloads (`<link rel="modulepreload" href>`), then what
 * those import statically (`import … from "./x.js"`; an `import("./x.js")` is loaded on demand).
 */
export function initialScripts(distDir: string): string[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1] ?? null;
  const refs: string[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    const isScript = tag.startsWith('<script') && attr(tag, 'type') === 'module';
    const isPreload = tag.startsWith('<link') && attr(tag, 'rel') === 'modulepreload';
    const url = isScript ? attr(tag, 'src') : isPreload ? attr(tag, 'href') : null;
    if (url) refs.push(url.replace(/^\.?\//, ''));
  }
  const initial: string[] = [];
  const queue = [...new Set(refs)];
  while (queue.length > 0) {
    const f = queue.shift() ?? '';
    if (initial.includes(f)) continue;
    initial.push(f);
    const text = readFileSync(join(distDir, f), 'utf8');
    const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/') + 1) : '';
    for (const m of text.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g))
      queue.push(`${dir}${m[1] ?? ''}`);
  }
  return initial;
}

export function measurePayload(distDir: string): Payload {
  const initial = initialScripts(distDir);
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
