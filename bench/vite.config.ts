import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The bench page: its worker runs the app's handler; the model comes from public/ as in the app.
const root = resolve(import.meta.dirname, '..');
export default defineConfig({
  root: resolve(root, 'bench/page'),
  base: './',
  publicDir: resolve(root, 'public'),
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: resolve(root, '.tmp/bench-dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
  logLevel: 'warn',
});
