/**
 * End-to-end tests against the built app (`vite preview`) in the system Chromium, once per backend
 * configuration: WebGPU (unsafe flag: a SwiftShader adapter), WebGL (no WebGPU adapter), and no GPU
 * at all (the app must fall back to WebAssembly or CPU by itself). Browsers cannot be downloaded
 * here: CHROME_PATH or /usr/bin/chromium.
 */
import { defineConfig } from '@playwright/test';
import { CHROME_PATH, COMMON_ARGS, PROJECT_ARGS } from './e2e/chromium';

const APP_ONLY_FILES = [/storm\.spec\.ts/, /model-files\.spec\.ts/, /metatrain-equality\.spec\.ts/];
const port = Number(process.env.E2E_PORT ?? 4317);
const launch = (args: string[]) => ({
  launchOptions: { executablePath: CHROME_PATH, args: [...COMMON_ARGS, ...args] },
});

export default defineConfig({
  testDir: 'e2e',
  // Two cores and software rendering: one test at a time, generous timeouts.
  workers: 1,
  fullyParallel: false,
  timeout: 240_000,
  expect: { timeout: 90_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}/`,
    // Never reuse: a server already on the port may be another checkout's build (set E2E_PORT to run two suites at once).
    reuseExistingServer: false,
    timeout: 60_000,
  },
  // Tests of the app's own logic, whatever computes the adaptation (model-file faults, saved state,
  // links, export, personas, markup in titles, the input storm's races; tagged @app or in the files
  // below), run once, on the cpu project: running them on every backend tested nothing more and took
  // CI past its time budget. Everything that touches a backend runs on all three.
  projects: [
    {
      name: 'webgpu',
      use: launch(PROJECT_ARGS.webgpu),
      metadata: { expectBackend: 'webgpu' },
      testIgnore: APP_ONLY_FILES,
      grepInvert: /@app/,
    },
    {
      name: 'webgl',
      use: launch(PROJECT_ARGS.webgl),
      metadata: { expectBackend: 'webgl' },
      testIgnore: APP_ONLY_FILES,
      grepInvert: /@app/,
    },
    {
      name: 'cpu',
      use: launch(PROJECT_ARGS.cpu),
      metadata: { expectBackend: 'wasm|cpu' },
    },
  ],
});
