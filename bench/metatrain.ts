/**
 * The training panel's cost per backend project (issue 19): meta-steps per second, kernels and
 * readbacks per meta-step and tf.memory() around many meta-steps, measured on the bench page (the
 * app's handler in a worker) with the app's pack. `npm run bench` measures it with the rest;
 * `npm run bench -- --metatrain` measures only this and adds it to the last results.
 */
import { chromium, type Page } from '@playwright/test';
import type { MetaTrainConfig } from '../src/worker/metatrainProtocol';
import type { BackendReport } from '../src/worker/protocol';
import { COMMON_ARGS, PROJECTS } from './browser';
import type { InitResult, MetaTrainBenchResult } from './page/protocol';

/** A small meta-batch: a meta-step on software rendering takes about a second. */
export const BENCH_METATRAIN_CONFIG: MetaTrainConfig = {
  method: 'maml',
  outerLr: 0.01,
  innerSteps: 1,
  innerLr: 1,
  metaBatch: 16,
  kMin: 1,
  kMax: 20,
  seed: 1,
};

export interface MetaTrainProject extends MetaTrainBenchResult {
  project: string;
  backend: string;
}

/** Opens the bench page, starts the handler on the project's backend and meta-trains. */
export async function metatrainOnPage(
  page: Page,
  base: string,
  opts: { timedSteps: number; memorySteps: number; config?: MetaTrainConfig },
): Promise<MetaTrainBenchResult & { backend: BackendReport }> {
  await page.goto(`${base}bench/`);
  await page.waitForFunction(() => 'bench' in window, undefined, { timeout: 120_000 });
  const call = <T>(msg: unknown) =>
    page.evaluate(
      (m) => (window as unknown as { bench: { call(x: unknown): Promise<unknown> } }).bench.call(m),
      msg,
    ) as Promise<T>;
  const init = await call<InitResult>({ cmd: 'init', backend: null, modelBase: `${base}bench/model/` });
  const r = await call<MetaTrainBenchResult>({
    cmd: 'metatrain',
    dataUrl: `${base}bench/metatrain/pack.bin`,
    config: opts.config ?? BENCH_METATRAIN_CONFIG,
    timedSteps: opts.timedSteps,
    memorySteps: opts.memorySteps,
  });
  return { ...r, backend: init.backend };
}

/** Each project in its own browser (the e2e suite's flags). */
export async function benchMetatrain(opts: {
  base: string;
  executablePath: string;
  projects: string[];
  timedSteps: number;
  memorySteps: number;
  log: (s: string) => void;
}): Promise<MetaTrainProject[]> {
  const out: MetaTrainProject[] = [];
  for (const project of opts.projects) {
    const args = PROJECTS[project];
    if (!args) throw new Error(`unknown project ${project}; expected ${Object.keys(PROJECTS).join(', ')}`);
    const browser = await chromium.launch({
      executablePath: opts.executablePath,
      args: [...COMMON_ARGS, ...args],
    });
    try {
      opts.log(`${project}: meta-training (${opts.timedSteps} timed, ${opts.memorySteps} for tf.memory())`);
      const page = await (await browser.newContext()).newPage();
      const r = await metatrainOnPage(page, opts.base, opts);
      out.push({ ...r, project, backend: r.backend.name });
    } finally {
      await browser.close();
    }
  }
  return out;
}

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

/** The results.md section. */
export function renderMetatrain(rs: MetaTrainProject[] | undefined): string[] {
  if (!rs || rs.length === 0) return [];
  const c = rs[0]?.config;
  const L = [
    '## 6. Meta-training in the page (the training panel)',
    '',
    `No GPU on this machine: SwiftShader/software figures. The app's handler on the bench page, the committed pack (public/metatrain), ${c ? `${c.method}, meta-batch ${c.metaBatch}, ${c.innerSteps} inner step(s), K ${c.kMin}-${c.kMax}` : ''}. Steps per second while playing (the worker's play loop: one meta-step per macrotask); kernels (tf.profile) and readbacks (tensor reads) per meta-step averaged over a playing window, including the status after a step, the validation every 10 steps, the checkpoints every 10 steps and at the pauses; tf.memory() after the first window and after the memory window.`,
    '',
    '| project | backend | open ms | first step ms | meta-steps / s | kernels / meta-step | readbacks / meta-step | meta-steps for memory | tensors before -> after | bytes before -> after |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rs)
    L.push(
      `| ${r.project} | ${r.backend} | ${f(r.openMs, 0)} | ${f(r.firstStepMs, 0)} | ${f(r.stepsPerSecond, 2)} | ${f(r.kernelsPerStep)} | ${f(r.readbacksPerStep)} | ${r.memory.steps} | ${r.memory.before.numTensors} -> ${r.memory.after.numTensors} | ${r.memory.before.numBytes} -> ${r.memory.after.numBytes} |`,
    );
  L.push('');
  return L;
}
