import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The shipped offline evaluation (eval/report.json, written by `npm run eval`) is served at
 * `eval/report.json` in dev and emitted into the build, so the app's "How good is this really?"
 * charts read the one committed copy: no second copy under public/ to keep in sync.
 */
function evalReport(): Plugin {
  const file = new URL('./eval/report.json', import.meta.url);
  return {
    name: 'warmstart-eval-report',
    configureServer(server) {
      server.middlewares.use('/eval/report.json', (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'eval/report.json', source: readFileSync(file) });
    },
  };
}

// A static build that works under any base path: relative asset URLs, and the worker as an ES
// module (it code-splits the optional tfjs backends and loads them on demand).
export default defineConfig({
  base: './',
  plugins: [react(), evalReport()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  preview: { port: 4173, strictPort: true },
});
