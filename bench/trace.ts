/**
 * Where the main thread's long tasks go, from a Chromium performance trace (the JSON Playwright's
 * `browser.stopTracing()` returns, recorded with TRACE_CATEGORIES). Pure: no I/O.
 *
 * For each top-level task longer than 50 ms on the page's main thread: its duration, the worker
 * messages and user-timing marks inside it, its self time by kind (script, style, layout, paint,
 * gc, other) from the timeline events, and its sampled script time by source module and by the
 * app function (src/ui, src/state) on the stack, from the V8 CPU profile embedded in the trace.
 * Source modules come from a non-minified build, whose `// path` region comments name each
 * bundled module (see `moduleIndex`).
 */

export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
];

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, unknown>;
}

export type Kind = 'script' | 'style' | 'layout' | 'paint' | 'gc' | 'other';

const KIND_OF: Record<string, Kind> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  'v8.compile': 'script',
  'v8.compileModule': 'script',
  'v8.evaluateModule': 'script',
  RunMicrotasks: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  EventDispatch: 'script',
  'v8.callFunction': 'script',
  'v8.run': 'script',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  PaintImage: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  UpdateLayerTree: 'paint',
  CompositeLayers: 'paint',
  Commit: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'V8.GC_MARK_COMPACTOR': 'gc',
  'V8.GCScavenger': 'gc',
  'V8.GCFinalizeMC': 'gc',
  'V8.GCIncrementalMarking': 'gc',
  BlinkGC: 'gc',
};

/** Bundled file name -> sorted [first line (0-based), module path] from the build's region comments. */
export type ModuleIndex = Map<string, [number, string][]>;

/** The `// path` comments rolldown writes above each module in a non-minified bundle. */
export function moduleIndex(files: Record<string, string>): ModuleIndex {
  const out: ModuleIndex = new Map();
  for (const [name, text] of Object.entries(files)) {
    const regions: [number, string][] = [];
    text.split('\n').forEach((line, i) => {
      const m = /^\/\/ (?:\\0)?((?:\.\.\/)*[\w@.-][\w@./-]*\.(?:[cm]?js|tsx?|mjs))\s*$/.exec(line);
      if (m?.[1]) regions.push([i, m[1]]);
    });
    out.set(name, regions);
  }
  return out;
}

/** src/... for the app's own files, the package name for node_modules, else the URL's file. */
export function moduleOf(index: ModuleIndex, url: string, line: number): string {
  const file = url.split('/').pop()?.split('?')[0] ?? '';
  const regions = index.get(file);
  if (!regions || regions.length === 0) return url === '' ? '(native)' : file;
  let lo = 0;
  let hi = regions.length - 1;
  if ((regions[0]?.[0] ?? 0) > line) return file;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((regions[mid]?.[0] ?? 0) <= line) lo = mid;
    else hi = mid - 1;
  }
  const path = regions[lo]?.[1] ?? file;
  const nm = path.lastIndexOf('node_modules/');
  if (nm < 0) return path;
  const parts = path.slice(nm + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? path);
}

export interface LongTask {
  /** Start, ms since the first event of the main thread in the trace. */
  start: number;
  duration: number;
  /** Worker messages (`worker:<type>`) and other user-timing marks inside the task, in order, as name@ms from the task's start. */
  marks: string[];
  selfByKind: Record<Kind, number>;
  /** Sampled self time by source module, ms. */
  scriptByModule: Record<string, number>;
  /** Sampled time under each app function (nearest src/ui or src/state frame from the leaf), ms. */
  scriptByAppFunction: Record<string, number>;
}

export interface TraceSummary {
  longTasks: LongTask[];
  /** All top-level tasks on the main thread in the trace, ms. */
  totalTaskMs: number;
  /** Self time by kind in all of them, ms. */
  totalByKind: Record<Kind, number>;
}

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  parent?: number;
}

const add = (o: Record<string, number>, k: string, v: number) => {
  o[k] = (o[k] ?? 0) + v;
};

/** The page's main thread: the CrRendererMain with the most top-level task time. */
function mainThread(events: TraceEvent[]): { pid: number; tid: number } | null {
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const busy = new Map<string, number>();
  for (const e of events)
    if (e.name === 'RunTask' && e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`))
      busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
  const best = [...busy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!best) return null;
  const [pid, tid] = best.split(':').map(Number);
  return { pid: pid ?? 0, tid: tid ?? 0 };
}

export function summarizeTrace(events: TraceEvent[], index: ModuleIndex, threshold = 50): TraceSummary {
  const main = mainThread(events);
  if (!main) return { longTasks: [], totalTaskMs: 0, totalByKind: emptyKinds() };
  const onMain = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tasks = onMain.filter((e) => e.name === 'RunTask');
  const t0 = onMain[0]?.ts ?? 0;
  const marks = events
    .filter((e) => e.pid === main.pid && (e.cat ?? '').includes('blink.user_timing') && e.ph !== 'X')
    .map((e) => ({ ts: e.ts, name: e.name }));

  // The CPU profile: samples of the main thread's isolate, on the trace's clock.
  const nodes = new Map<number, ProfileNode>();
  const samples: { ts: number; node: number }[] = [];
  const profileIds = new Set(
    events.filter((e) => e.name === 'Profile' && e.pid === main.pid && e.tid === main.tid).map((e) => e.id),
  );
  const clock = new Map<string | undefined, number>();
  for (const e of events) {
    if (e.name === 'Profile' && profileIds.has(e.id)) {
      const data = e.args?.data as { startTime?: number } | undefined;
      clock.set(e.id, data?.startTime ?? e.ts);
    }
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !profileIds.has(e.id)) continue;
    const data = e.args?.data as
      | {
          cpuProfile?: {
            nodes?: { id: number; callFrame: ProfileNode['callFrame']; parent?: number }[];
            samples?: number[];
          };
          timeDeltas?: number[];
        }
      | undefined;
    for (const n of data?.cpuProfile?.nodes ?? [])
      nodes.set(n.id, { callFrame: n.callFrame, ...(n.parent === undefined ? {} : { parent: n.parent }) });
    let t = clock.get(e.id) ?? 0;
    const deltas = data?.timeDeltas ?? [];
    (data?.cpuProfile?.samples ?? []).forEach((node, i) => {
      t += deltas[i] ?? 0;
      samples.push({ ts: t, node });
    });
    clock.set(e.id, t);
  }
  samples.sort((a, b) => a.ts - b.ts);
  const moduleCache = new Map<number, string>();
  const modOf = (id: number) => {
    let m = moduleCache.get(id);
    if (m === undefined) {
      const f = nodes.get(id)?.callFrame;
      m = f ? (f.url ? moduleOf(index, f.url, f.lineNumber) : `(${f.functionName || 'native'})`) : '?';
      moduleCache.set(id, m);
    }
    return m;
  };
  const appFunctionOf = (leaf: number): string => {
    for (let id: number | undefined = leaf; id !== undefined; id = nodes.get(id)?.parent) {
      const m = modOf(id);
      if (m.startsWith('src/ui/') || m.startsWith('src/state/'))
        return `${m} ${nodes.get(id)?.callFrame.functionName || '(anonymous)'}`;
    }
    return '(no app frame)';
  };

  const longTasks: LongTask[] = [];
  let totalTaskMs = 0;
  const totalByKind = emptyKinds();
  let from = 0;
  for (const task of tasks) {
    totalTaskMs += (task.dur ?? 0) / 1000;
    const long = (task.dur ?? 0) / 1000 > threshold;
    const end = task.ts + (task.dur ?? 0);
    while (from < onMain.length && (onMain[from]?.ts ?? 0) < task.ts) from++;
    const inside: TraceEvent[] = [];
    for (let i = from; i < onMain.length && (onMain[i]?.ts ?? 0) < end; i++)
      inside.push(onMain[i] as TraceEvent);
    // Self time per event: its duration minus its direct children's, credited to the kind of the
    // nearest classified ancestor (the task itself is 'other').
    const selfByKind = emptyKinds();
    const stack: { end: number; kind: Kind; self: number }[] = [];
    const pop = () => {
      const s = stack.pop();
      if (s) selfByKind[s.kind] += s.self / 1000;
    };
    for (const e of inside) {
      while (stack.length > 0 && (stack[stack.length - 1]?.end ?? 0) <= e.ts) pop();
      const parent = stack[stack.length - 1];
      const dur = Math.min(e.dur ?? 0, (parent?.end ?? end) - e.ts);
      if (parent) parent.self -= dur;
      stack.push({ end: e.ts + dur, kind: KIND_OF[e.name] ?? parent?.kind ?? 'other', self: dur });
    }
    while (stack.length > 0) pop();
    for (const k of Object.keys(selfByKind) as Kind[]) totalByKind[k] += selfByKind[k];
    if (!long) continue;
    const scriptByModule: Record<string, number> = {};
    const scriptByAppFunction: Record<string, number> = {};
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i];
      if (!s || s.ts < task.ts || s.ts >= end) continue;
      const next = samples[i + 1]?.ts ?? s.ts;
      const dt = Math.min(next, end) - s.ts;
      const m = modOf(s.node);
      if (m === '(idle)' || m === '(program)') continue;
      add(scriptByModule, m, dt / 1000);
      add(scriptByAppFunction, appFunctionOf(s.node), dt / 1000);
    }
    longTasks.push({
      start: (task.ts - t0) / 1000,
      duration: (task.dur ?? 0) / 1000,
      marks: marks
        .filter((m) => m.ts >= task.ts && m.ts < end)
        .map((m) => `${m.name}@${((m.ts - task.ts) / 1000).toFixed(0)}`),
      selfByKind,
      scriptByModule,
      scriptByAppFunction,
    });
  }
  return { longTasks, totalTaskMs, totalByKind };
}

const emptyKinds = (): Record<Kind, number> => ({
  script: 0,
  style: 0,
  layout: 0,
  paint: 0,
  gc: 0,
  other: 0,
});

/** The `n` largest entries of a record, summed over tasks, as "name ms" strings. */
export function topEntries(records: Record<string, number>[], n: number): [string, number][] {
  const sum: Record<string, number> = {};
  for (const r of records) for (const [k, v] of Object.entries(r)) add(sum, k, v);
  return Object.entries(sum)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}
