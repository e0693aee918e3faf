/**
 * The system Chromium and its three backend configurations, shared by the end-to-end suite
 * (playwright.config.ts) and the benchmark (bench/browser.ts) so both test the same browsers.
 * Browsers cannot be downloaded here: CHROME_PATH, else Debian's /usr/bin/chromium.
 */
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Without the networking flags Chromium keeps dialling out of this closed network. */
export const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * webgpu: a SwiftShader adapter only with the unsafe flag; webgl: no WebGPU adapter, so the app
 * falls back; cpu: no GPU and no WebGL (--disable-webgl alone leaves WebGL on in workers).
 */
export const PROJECT_ARGS: Record<'webgpu' | 'webgl' | 'cpu', string[]> = {
  webgpu: ['--enable-unsafe-webgpu'],
  webgl: [],
  cpu: ['--disable-gpu', '--disable-webgl', '--disable-software-rasterizer'],
};
