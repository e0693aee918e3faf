import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import {
  EXCLUDE_ENV,
  EXCLUDE_FILE,
  mergeExclusions,
  parseExcludeEnv,
  parseExclusions,
} from './src/model/exclusions.ts';
import { isShellFile } from './src/offline/modelCache.ts';
import { FRAME_ANCESTORS_ENV, headersFile, parseFrameAncestors } from './src/deploy/frameAncestors.ts';

/**
 * The shipped offline evaluation (eval/report.json, written by `npm run eval`) and the recipe's
 * cross-validation (eval/crossval/report.json, `npm run crossval`) are served at the same paths in
 * dev and emitted into the build, so the app's "How good is this really?" panel reads the one
 * committed copy of each: no second copy under public/ to keep in sync. A file that is not there
 * is a 404 in dev and left out of the build: the panel says so (or, for the optional
 * cross-validation, says nothing).
 */
function evalReport(): Plugin {
  const files = ['eval/report.json', 'eval/crossval/report.json', 'eval/interview/report.json'];
  const read = (name: string): string | null => {
    const url = new URL(`./${name}`, import.meta.url);
    return existsSync(url) ? slim(readFileSync(url, 'utf8')) : null;
  };
  return {
    name: 'warmstart-eval-report',
    configureServer(server) {
      for (const name of files)
        server.middlewares.use(`/${name}`, (_req, res) => {
          const body = read(name);
          res.statusCode = body ? 200 : 404;
          res.setHeader('content-type', body ? 'application/json' : 'text/plain');
          res.end(body ?? `${name} is not there: run \`npm run eval\`.`);
        });
    },
    generateBundle() {
      for (const name of files) {
        const source = read(name);
        if (source) this.emitFile({ type: 'asset', fileName: name, source });
        else this.warn(`${name} is not there: the build has no copy of it (run \`npm run eval\`).`);
      }
    },
  };
}

/**
 * The report as the page needs it: without the top-N tallies (every recommended item and
 * popularity rank, kept in the committed file so folds pool exactly), which are 85-90% of its
 * bytes. Anything that is not a version-2 report passes unchanged (the panel says what it lacks).
 */
function slim(text: string): string {
  try {
    const report = JSON.parse(text) as { version?: number } & Record<string, unknown>;
    if (report.version !== 2) return text;
    for (const key of ['topn', 'topnTime']) {
      const topn = report[key] as { methods?: { byK?: Record<string, unknown>[] }[] } | null;
      for (const m of topn?.methods ?? []) for (const row of m.byK ?? []) delete row.tally;
    }
    return JSON.stringify(report);
  } catch {
    return text;
  }
}

/**
 * The deployer's exclusions (src/model/exclusions.ts; README, Deploying): public/exclude.json merged
 * with the environment variable WARMSTART_EXCLUDE=id,id,... into exclude.json beside the page,
 * which the worker reads at startup. Served merged in dev; written into the build over public's
 * copy. A malformed file or variable stops the build with the reason: a deployer learns of a typo
 * now, not from a page that shows what they meant to hide.
 */
function exclusions(): Plugin {
  const merged = (): string => {
    const url = new URL(`./public/${EXCLUDE_FILE}`, import.meta.url);
    let file: ReturnType<typeof parseExclusions> = { movieIds: [] };
    if (existsSync(url))
      try {
        file = parseExclusions(JSON.parse(readFileSync(url, 'utf8')));
      } catch (e) {
        throw new Error(`public/${EXCLUDE_FILE} cannot be used: ${(e as Error).message}`, { cause: e });
      }
    return `${JSON.stringify(mergeExclusions(file, parseExcludeEnv(process.env[EXCLUDE_ENV])), null, 2)}\n`;
  };
  let outDir = 'dist';
  return {
    name: 'warmstart-exclusions',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    buildStart() {
      merged();
    },
    configureServer(server) {
      server.middlewares.use(`/${EXCLUDE_FILE}`, (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(merged());
      });
    },
    writeBundle(options) {
      writeFileSync(join(options.dir ?? outDir, EXCLUDE_FILE), merged());
    },
  };
}

/**
 * The offline copy (src/offline, README "Offline"): src/offline/sw.ts is built into sw.js beside
 * index.html (a fixed name: a service worker's URL must not change between builds), and once every
 * other plugin has written its files, the list of the shell's files (everything in the build but
 * sw.js and model/, which the service worker saves as one version of its own) and a hash of their
 * content are written into it. A new build is then a new sw.js, which the browser installs beside
 * the old one. Build only: the dev server registers no service worker.
 */
function offlineCopy(): Plugin {
  const PLACEHOLDER = '__WARMSTART_BUILD__';
  let outDir = 'dist';
  return {
    name: 'warmstart-offline-copy',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: resolve('src/offline/sw.ts'), fileName: 'sw.js' });
    },
    closeBundle() {
      const swFile = join(outDir, 'sw.js');
      if (!existsSync(swFile)) return;
      const files = (
        readdirSync(outDir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]
      )
        .filter((d) => d.isFile())
        .map((d) => relative(outDir, join(d.parentPath, d.name)).split(sep).join('/'))
        .filter(isShellFile)
        // tfjs loads its threaded wasm only when cross-origin isolated, which this app never is.
        .filter((f) => !/threaded-simd[\w-]*\.wasm$/.test(f))
        .sort();
      const hash = createHash('sha256');
      for (const f of files)
        hash
          .update(f)
          .update('\0')
          .update(readFileSync(join(outDir, f)));
      const build = { version: hash.digest('hex').slice(0, 16), files };
      const code = readFileSync(swFile, 'utf8');
      if (!code.includes(PLACEHOLDER)) throw new Error(`sw.js lost its ${PLACEHOLDER} placeholder`);
      // Inside whichever quotes the minifier chose: every quote, backslash and $ as a \u escape.
      const literal = JSON.stringify(build).replace(
        /["'`\\$]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      writeFileSync(swFile, code.replace(PLACEHOLDER, literal));
    },
  };
}

/**
 * The Content-Security-Policy: only this origin, no inline script, no eval. Each directive and why
 * it is as loose as it is (README, "Deploying", says how to serve it as a header):
 */
const CSP: Record<string, string[]> = {
  // Anything not named below (media, manifests, frames...): this origin only.
  'default-src': ["'self'"],
  // Our bundles only. 'wasm-unsafe-eval' lets the worker compile tfjs's WebAssembly backend
  // (WebAssembly.instantiate); it does not allow eval() or new Function().
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // The adaptation worker is a module script from this origin. No blob: (tfjs-backend-wasm makes
  // blob: workers only in its threaded build, which needs cross-origin isolation: never used here).
  'worker-src': ["'self'"],
  // fetch() of the model files, eval/report.json and the wasm binaries, all served beside the page.
  'connect-src': ["'self'"],
  // The favicon; posters are CSS gradients and the charts inline SVG built by React.
  'img-src': ["'self'"],
  // The one stylesheet. No 'unsafe-inline': React and recharts set style properties through the
  // CSSOM (element.style), which CSP does not govern; nothing writes style attributes or <style>.
  'style-src': ["'self'"],
  'font-src': ["'self'"],
  // No plugins, no <base> to redirect relative URLs, no form posts anywhere.
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};
/** Directives a <meta> policy cannot carry (browsers ignore them there, with a console error). */
const HEADER_ONLY: Record<string, string[]> = {
  // Nobody may frame the app (clickjacking), unless the deployer lists the origins of their slides or
  // course pages in WARMSTART_FRAME_ANCESTORS (origins only, validated: a bad entry stops the build).
  'frame-ancestors': frameAncestors(),
};
function frameAncestors(): string[] {
  try {
    return parseFrameAncestors(process.env[FRAME_ANCESTORS_ENV]);
  } catch (e) {
    // Thrown while the config loads: Vite prints this message and stops (build, preview and dev).
    throw new Error(`The Content-Security-Policy cannot be written: ${(e as Error).message}`, { cause: e });
  }
}
const policy = (d: Record<string, string[]>) =>
  Object.entries(d)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
export const CONTENT_SECURITY_POLICY = policy({ ...CSP, ...HEADER_ONLY });

/**
 * The policy as a <meta http-equiv> first in <head> of the built page, so it holds on any static
 * host, even one that cannot set headers. Build only: the dev server injects inline scripts and
 * styles (React refresh, HMR) that the policy would rightly refuse. A meta policy covers the page,
 * not the worker (a worker takes the policy of its own script's response): serve the header too.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'warmstart-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: policy(CSP) },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/** Response headers of `vite preview` (what the e2e suite drives); a deployment should send the same. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The same headers as a `_headers` file beside index.html (Netlify and Cloudflare Pages apply it; on
 * other hosts it documents what to send): a deployer serves the policy this build was made with,
 * frame-ancestors included, which no <meta> tag can carry.
 */
function headersForHosts(): Plugin {
  return {
    name: 'warmstart-headers',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile(SECURITY_HEADERS) });
    },
  };
}

// A static build that works under any base path: relative asset URLs, and the worker as an ES
// module (it code-splits the optional tfjs backends and loads them on demand).
export default defineConfig({
  base: './',
  plugins: [react(), evalReport(), exclusions(), contentSecurityPolicy(), headersForHosts(), offlineCopy()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  preview: { port: 4173, strictPort: true, headers: SECURITY_HEADERS },
});
