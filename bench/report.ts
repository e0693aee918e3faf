/** bench/results.md from the results (and the baseline run, when there is one). Pure: no I/O. */
import type { ProjectResult } from './browser';
import { renderMetatrain, type MetaTrainProject } from './metatrain';
import { renderMetatrainApp, type MetatrainAppResult } from './metatrainApp';
import { INITIAL_JS_TARGET_KB, type Payload } from './payload';
import type { TrainingBench } from './training';

export interface BenchResults {
  startedAt: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    chromium: string;
    commit: string;
    dirty: boolean;
    /** os.loadavg() (1, 5, 15 min) at the start and after each part. */
    loadAverages: number[][];
  };
  browser: ProjectResult[];
  training: TrainingBench;
  trainWallSeconds: number | null;
  payload: Payload;
  /** The training panel's meta-steps per project (absent in runs before issue 19). */
  metatrain?: MetaTrainProject[];
  /**
   * The app's main-thread long tasks while its training panel trains N meta-steps, per project
   * (`npm run bench -- --metatrain-longtasks`; absent before); `measured`: when, commit, load.
   */
  metatrainApp?: (MetatrainAppResult & { measured?: string })[];
  /** A sentence about the conditions of that measurement (e.g. a loaded machine). */
  metatrainAppNote?: string;
}

/** Total blocking time: the part of each long task beyond 50 ms. */
const blocking = (tasks: { duration: number }[]) =>
  tasks.reduce((n, t) => n + Math.max(0, t.duration - 50), 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)}` : 'n/a');
const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

function projectTable(rs: ProjectResult[]): string[] {
  const lines = [
    '| project | backend | K | steps | median ms | p95 ms | first-run ms | kernels / adaptation | readbacks / adaptation | steps in result |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rs)
    for (const c of r.cases)
      lines.push(
        `| ${r.project} | ${r.backend.name} | ${c.k} | ${c.steps} | ${ms(c.medianMs)} | ${ms(c.p95Ms)} | ${ms(c.firstMs)} | ${c.kernels} | ${c.readbacks} | ${c.streamedSteps} |`,
      );
  return lines;
}

function summaryRows(r: BenchResults | null) {
  if (!r) return null;
  const perStep = r.browser.flatMap((p) => p.kernelsPerStep);
  return {
    kernelsPerStep: perStep.length ? Math.max(...perStep) : NaN,
    readbacks20: r.browser
      .map((p) => `${p.cases.find((c) => c.k === 20 && c.steps === 20)?.readbacks ?? 'n/a'}`)
      .join(' / '),
    medianByProject: Object.fromEntries(
      r.browser.map((p) => [p.project, p.cases.find((c) => c.k === 20 && c.steps === 20)?.medianMs ?? NaN]),
    ),
    longTasks: r.browser.reduce((n, p) => n + (p.app?.longTasks.length ?? 0), 0),
    longTasksByProject: r.browser.map((p) => p.app?.longTasks.length ?? NaN),
    longestByProject: r.browser.map((p) => Math.max(0, ...(p.app?.longTasks.map((t) => t.duration) ?? []))),
    blockingByProject: r.browser.map((p) => blocking(p.app?.longTasks ?? [])),
    tensorGrowth: r.browser.map((p) => p.memory.after.numTensors - p.memory.before.numTensors),
    ratios: Object.fromEntries(r.training.methods.map((m) => [m.method, m.ratio])),
    /** Results before the list model timed the rating model's meta-training: another computation. */
    ratioModel: r.training.model === 'list' ? '' : ' (rating model)',
    initialJs: r.payload.initialJsGzip,
    model: r.payload.modelGzip,
    firstRecsCpu: r.browser.find((p) => p.project === 'cpu')?.app?.firstRecommendationsMs ?? NaN,
    trainWall: r.trainWallSeconds ?? NaN,
  };
}

/** The summary: each measure against its target, before and after when there is a baseline. */
function summaryTable(r: BenchResults, before: BenchResults | null): string[] {
  const cur = summaryRows(r);
  const old = summaryRows(before);
  if (!cur) return [];
  const L: string[] = [];
  L.push('## Summary and targets', '');
  if (old && before)
    L.push(`Before: commit ${before.machine.commit} (${before.startedAt}). After: this run.`, '');
  L.push(old ? '| measure | target | before | after |' : '| measure | target | value |');
  L.push(old ? '| --- | --- | --- | --- |' : '| --- | --- | --- |');
  const row = (name: string, target: string, f: (x: NonNullable<typeof cur>) => string) =>
    L.push(old ? `| ${name} | ${target} | ${f(old)} | ${f(cur)} |` : `| ${name} | ${target} | ${f(cur)} |`);
  row('kernels per inner step (max over backends, K)', '<= 2x the fwd+bwd ops (see below)', (x) =>
    fmt(x.kernelsPerStep),
  );
  row(
    `readbacks per adaptation, K=20, 20 steps (${r.browser.map((p) => p.project).join(' / ')})`,
    '<= 21 (once one per step); ideally 1',
    (x) => x.readbacks20,
  );
  for (const p of Object.keys(cur.medianByProject))
    row(`median adaptation ms, K=20, 20 steps, ${p} (software)`, 'lower', (x) =>
      ms(x.medianByProject[p] ?? NaN),
    );
  row('tensor growth after 200 adaptations (per project)', '0', (x) => x.tensorGrowth.join(', '));
  row('main-thread long tasks during the app adaptations (all projects)', '0', (x) => String(x.longTasks));
  const names = r.browser.map((p) => p.project).join(' / ');
  row(`long tasks per project (${names})`, '0', (x) => x.longTasksByProject.join(' / '));
  row(`longest main-thread task, ms (${names})`, '<= 50', (x) =>
    x.longestByProject.map((v) => v.toFixed(0)).join(' / '),
  );
  row(`total blocking time (sum of long tasks beyond 50 ms), ms (${names})`, '0', (x) =>
    x.blockingByProject.map((v) => v.toFixed(0)).join(' / '),
  );
  for (const k of Object.keys(cur.ratios))
    row(`vectorized / looped tasks per s, ${k}`, '>= 10x', (x) =>
      x.ratios[k] === undefined ? 'n/a' : `${fmt(x.ratios[k])}x${x.ratioModel}`,
    );
  for (const m of r.metatrainApp ?? [])
    if (!old)
      row(
        `main-thread long tasks while training ${m.targetSteps} meta-steps in the app (${m.project} project)`,
        '0',
        () =>
          `${m.longTasks.count} (max ${m.longTasks.maxMs.toFixed(0)} ms, total ${m.longTasks.totalMs.toFixed(0)} ms)`,
      );
    else
      L.push(
        `| main-thread long tasks while training ${m.targetSteps} meta-steps in the app (${m.project} project) | 0 | n/a | ${m.longTasks.count} (max ${m.longTasks.maxMs.toFixed(0)} ms, total ${m.longTasks.totalMs.toFixed(0)} ms) |`,
      );
  row('initial JS, gzip', `<= ${INITIAL_JS_TARGET_KB} KB`, (x) => kb(x.initialJs));
  row('model + catalog, gzip', '<= 1.5 MB', (x) => kb(x.model));
  row('navigation to first recommendations, cpu project, ms (software)', 'lower', (x) => ms(x.firstRecsCpu));
  row('full `npm run train`, s', '-', (x) => fmt(x.trainWall));
  L.push('');
  return L;
}

export function renderMarkdown(r: BenchResults, before: BenchResults | null, notes = ''): string {
  const m = r.machine;
  const L: string[] = [];
  L.push('# Benchmark results', '');
  L.push(
    `Written by \`npm run bench\` (bench/run.ts) on ${r.startedAt}. Raw numbers: [results.json](results.json).`,
    '',
    'No GPU on this machine: WebGPU and WebGL run on SwiftShader (software), so **absolute browser timings are software-rendered** and do not carry over to a real GPU. The counts (kernels, readbacks, bytes) and the ratios taken side by side in one run do.',
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGiB.toFixed(1)} GiB`,
    `- Node ${m.node}; Chromium ${m.chromium} (headless, system binary)`,
    `- Commit ${m.commit}${m.dirty ? ' (with uncommitted changes)' : ''}`,
    `- Load average (1/5/15 min) at start and after each part: ${m.loadAverages.map((l) => l.join(' / ')).join('; ')} (a shared machine: other test runs may be loading it; prefer the ratios)`,
    '',
  );

  L.push(...summaryTable(r, before));

  if (r.browser.length > 0) {
    L.push('## 1. Adaptation in the browser', '');
    L.push(
      "One adaptation = an `adapt` request to the app's worker handler (src/worker/handler.ts, run by the bench page's worker): inner loop, catalog rescoring and top-20, until `adaptDone` is posted with the run's steps (read back once; steps in result counts them). Support: the K most-rated movies. First-run = the first adaptation of that shape (program compile); the handler's own warm-up is listed per project below. Readbacks = tensor reads (`data()`/`dataSync()`) during one adaptation; kernels = `tf.profile` of one adaptation.",
      '',
    );
    L.push(...projectTable(r.browser), '');
    L.push(
      '| project | backend | kernels per inner step (K=5, K=20) | warm-up ms (handler init) | init ms (download, parse, warm-up) | tf.memory before -> after 200 adaptations |',
    );
    L.push('| --- | --- | --- | --- | --- | --- |');
    for (const p of r.browser)
      L.push(
        `| ${p.project} | ${p.backend.name} | ${p.kernelsPerStep.map((x) => fmt(x)).join(', ')} | ${ms(p.backend.warmupMs)} | ${ms(p.initMs)} | ${p.memory.before.numTensors} tensors / ${p.memory.before.numBytes} B -> ${p.memory.after.numTensors} / ${p.memory.after.numBytes} B |`,
      );
    L.push('');
    const sample = r.browser[0]?.cases.find((c) => c.k === 5 && c.steps === 5);
    if (sample)
      L.push(
        `Kernels of one adaptation (${r.browser[0]?.backend.name}, K=5, 5 steps): ${Object.entries(
          sample.kernelNames,
        )
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}.`,
        '',
      );
    const asked = r.browser.filter((p) => (p.asks?.length ?? 0) > 0);
    if (asked.length > 0) {
      L.push('### Choosing the next movie to offer', '');
      L.push(
        "One ask = an `ask` request to the same handler (the adaptive interview strategies of src/methods/interview.ts): the visitor's state from the K ratings, the strategy's scores over the catalog, four offers posted. Against the median adaptation with the app's steps at the same K (3 inner steps in the shipped model, so the 5-step case above is the nearest); the issue asks that choosing take no longer than adapting.",
        '',
      );
      L.push(
        '| project | backend | strategy | K | median ms | p95 ms | first ms | kernels | readbacks | adaptation median ms (K, 5 steps) |',
      );
      L.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
      for (const p of asked)
        for (const a of p.asks ?? []) {
          const adapt = p.cases.find((c) => c.k === a.k && c.steps === 5)?.medianMs ?? NaN;
          L.push(
            `| ${p.project} | ${p.backend.name} | ${a.strategy} | ${a.k} | ${ms(a.medianMs)} | ${ms(a.p95Ms)} | ${ms(a.firstMs)} | ${a.kernels} | ${a.readbacks} | ${ms(adapt)} |`,
          );
        }
      L.push('');
    }
    L.push('## 2-3. Memory and main-thread responsiveness (the real app)', '');
    L.push(
      '| project | backend | navigation to first recommendations ms | adaptations | long tasks > 50 ms | blocking ms | their durations ms | mean adaptation ms (worker) |',
    );
    L.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const p of r.browser)
      if (p.app)
        L.push(
          `| ${p.project} | ${p.app.backend} | ${ms(p.app.firstRecommendationsMs)} | ${p.app.adaptations} | ${p.app.longTasks.length} | ${blocking(p.app.longTasks).toFixed(0)} | ${p.app.longTasks.map((t) => t.duration.toFixed(0)).join(', ') || '-'} | ${ms(p.app.meanAdaptMs)} |`,
        );
    L.push('');
  }

  const t = r.training;
  L.push('## 4. Training in Node', '');
  L.push(
    t.model === 'list'
      ? `Backend ${t.backend}; the list model's meta-training (src/model/listTrain.ts) on one meta-batch of ${t.tasks} MovieLens tasks (a support of 0 to ${t.maxSupport ?? 'n/a'} ratings each; the targets, the liked movies among the rest, scored over the whole catalog of ${t.numItems ?? 'n/a'} movies), dim ${t.dim}, ${t.innerSteps} inner steps (the encoder: its pass and ${t.encoderInnerSteps ?? 'n/a'} refinement steps): the recipe's shape, from the shipped manifest (src/train/recipe.ts FULL_RECIPE where it has none). Timed: one outer step without the optimizer's update (\`outerStep\`'s batch tensors, adapted states, outer loss and its gradients for the variables the method trains; Reptile also its whole-task states; one readback), for the vectorized meta-batch and for the same tasks one at a time, alternating for ${t.rounds} rounds in one process (tasks/s from the median round of each). "loss gap": |vectorized outer loss - mean of the per-task losses| (same math: should be float noise).`
      : `Backend ${t.backend}; the former rating model's meta-training (src/model/metaTrain.ts \`outerGradients\` on padded task batches): one meta-batch of ${t.tasks} MovieLens tasks (support <= 20, query <= 20), dim ${t.dim}, ${t.innerSteps} inner steps; the vectorized batch and the same tasks one by one (same padding) alternate for ${t.rounds} rounds in one process. "loss gap": |vectorized loss - mean of the looped losses| (same math: should be float noise).`,
    '',
    '| method | vectorized tasks/s | looped tasks/s | ratio | loss gap |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const x of t.methods)
    L.push(
      `| ${x.method} | ${fmt(x.vectorizedTasksPerSec)} | ${fmt(x.loopedTasksPerSec)} | ${fmt(x.ratio)}x | ${x.lossGap.toExponential(1)} |`,
    );
  L.push(
    '',
    `Full \`npm run train\` wall time: ${r.trainWallSeconds === null ? 'not measured (--skip-train)' : `${r.trainWallSeconds.toFixed(1)} s`}.`,
    '',
  );

  const p = r.payload;
  L.push('## 5. Payload (gzip level 9)', '');
  L.push('| part | files | raw | gzip |', '| --- | --- | --- | --- |');
  const part = (name: string, xs: Payload['wasm']) =>
    L.push(
      `| ${name} | ${xs.map((x) => x.file.replace(/^assets\//, '')).join(', ')} | ${kb(xs.reduce((n, x) => n + x.bytes, 0))} | ${kb(xs.reduce((n, x) => n + x.gzip, 0))} |`,
    );
  part('initial JS', p.initialJs);
  part('worker entry', p.worker);
  for (const x of p.lazyJs) part('on-demand chunk', [x]);
  for (const x of p.wasm) part('wasm (one is fetched, only on the wasm backend)', [x]);
  part('model + catalog', p.model);
  L.push('');
  L.push(...renderMetatrain(r.metatrain));
  L.push(
    ...renderMetatrainApp(
      r.metatrainApp,
      [
        r.metatrainAppNote ?? '',
        ...(r.metatrainApp ?? []).map((m) => (m.measured ? `${m.project}: measured ${m.measured}.` : '')),
      ]
        .filter(Boolean)
        .join(' '),
    ),
  );
  if (notes.trim()) L.push(notes.trim(), '');
  return `${L.join('\n')}\n`;
}
