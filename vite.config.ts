import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// A static build that works under any base path: relative asset URLs, and the worker as an ES
// module (it code-splits the optional tfjs backends and loads them on demand).
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  preview: { port: 4173, strictPort: true },
});
