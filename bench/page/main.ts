/** The bench page: owns the bench worker and exposes one call for Playwright (window.bench). */
import type { BenchCommand, BenchReply } from './protocol';

const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: 'bench' });
let queue: Promise<unknown> = Promise.resolve();

function call(msg: BenchCommand): Promise<unknown> {
  const next = queue.then(
    () =>
      new Promise((resolve, reject) => {
        worker.onmessage = (e: MessageEvent<BenchReply>) =>
          e.data.ok ? resolve(e.data.value) : reject(new Error(e.data.error));
        worker.onerror = (e) => reject(new Error(e.message || 'bench worker crashed'));
        worker.postMessage(msg);
      }),
  );
  queue = next.catch(() => undefined);
  return next;
}

(window as unknown as { bench: { call: typeof call } }).bench = { call };
document.getElementById('status')?.setAttribute('data-ready', 'true');
