import { describe, expect, it } from 'vitest';
import { quantile } from './browser';
import { renderMarkdown, type BenchResults } from './report';
import { moduleIndex, moduleOf, summarizeTrace, type TraceEvent } from './trace';
import { sliceTask, trainingShape } from './training';

const results: BenchResults = {
  startedAt: '2026-01-01T00:00:00.000Z',
  machine: {
    cpu: 'test cpu',
    cores: 2,
    memoryGiB: 4,
    node: 'v20',
    chromium: '1.0',
    commit: 'abc',
    dirty: false,
    loadAverages: [[1, 1, 1]],
  },
  browser: [],
  training: {
    backend: 'cpu',
    tasks: 4,
    innerSteps: 5,
    dim: 8,
    rounds: 1,
    methods: [{ method: 'maml', vectorizedTasksPerSec: 100, loopedTasksPerSec: 10, ratio: 10, lossGap: 0 }],
  },
  trainWallSeconds: null,
  payload: {
    initialJs: [{ file: 'assets/index.js', bytes: 2048, gzip: 1024 }],
    initialJsGzip: 1024,
    worker: [],
    workerGzip: 0,
    lazyJs: [],
    wasm: [],
    model: [],
    modelGzip: 0,
  },
};

describe('bench harness', () => {
  it('quantile interpolates between sorted samples', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('sliceTask keeps one task with the batch padding', () => {
    const batch = {
      numTasks: 2,
      supportSize: 2,
      querySize: 1,
      supportItems: Int32Array.of(1, 2, 3, 4),
      supportRatings: Float32Array.of(1, 2, 3, 4),
      supportMask: Float32Array.of(1, 1, 1, 0),
      queryItems: Int32Array.of(5, 6),
      queryRatings: Float32Array.of(5, 6),
      queryMask: Float32Array.of(1, 1),
    };
    const one = sliceTask(batch, 1);
    expect(one.numTasks).toBe(1);
    expect([...one.supportItems]).toEqual([3, 4]);
    expect([...one.supportMask]).toEqual([1, 0]);
    expect([...one.queryItems]).toEqual([6]);
  });

  it('renders the results and a before/after comparison', () => {
    const md = renderMarkdown(results, results, '## Notes\n\nhand-written');
    expect(md).toContain('| measure | target | before | after |');
    expect(md).toContain('10.0x');
    expect(md).toContain('hand-written');
    expect(renderMarkdown(results, null)).toContain('| measure | target | value |');
  });

  it('the training bench takes its shape from the manifest', () => {
    expect(trainingShape({ innerSteps: 10, normFloor: 20, metaBatch: 64, dim: 32 })).toMatchObject({
      innerSteps: 10,
      normFloor: 20,
      tasks: 64,
      dim: 32,
    });
    expect(trainingShape({ normFloor: 'x' }).normFloor).toBe(1);
  });

  it('maps bundle lines to modules and breaks a long task down', () => {
    const index = moduleIndex({
      'index-abc.js': ['// ../main/node_modules/react-dom/cjs/x.js', 'a', '// src/ui/App.tsx', 'b', 'c'].join(
        '\n',
      ),
    });
    expect(moduleOf(index, 'http://x/assets/index-abc.js', 1)).toBe('react-dom');
    expect(moduleOf(index, 'http://x/assets/index-abc.js', 4)).toBe('src/ui/App.tsx');
    const ev = (name: string, ts: number, dur: number, extra: Partial<TraceEvent> = {}): TraceEvent => ({
      name,
      ph: 'X',
      ts,
      dur,
      pid: 1,
      tid: 2,
      ...extra,
    });
    const events: TraceEvent[] = [
      { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 2, args: { name: 'CrRendererMain' } },
      ev('RunTask', 0, 80_000),
      ev('FunctionCall', 1_000, 50_000),
      ev('Layout', 60_000, 10_000),
      ev('RunTask', 100_000, 10_000),
      { name: 'worker:adaptDone', ph: 'R', ts: 1_000, pid: 1, tid: 2, cat: 'blink.user_timing' },
      { name: 'Profile', ph: 'P', ts: 0, pid: 1, tid: 2, id: '0x1', args: { data: { startTime: 0 } } },
      {
        name: 'ProfileChunk',
        ph: 'P',
        ts: 0,
        pid: 1,
        tid: 2,
        id: '0x1',
        args: {
          data: {
            cpuProfile: {
              nodes: [
                { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: 0 } },
                {
                  id: 2,
                  parent: 1,
                  callFrame: { functionName: 'App', url: 'http://x/assets/index-abc.js', lineNumber: 3 },
                },
                {
                  id: 3,
                  parent: 2,
                  callFrame: { functionName: 'r', url: 'http://x/assets/index-abc.js', lineNumber: 1 },
                },
              ],
              samples: [3, 3, 2],
            },
            timeDeltas: [10_000, 20_000, 20_000],
          },
        },
      },
    ];
    const s = summarizeTrace(events, index);
    expect(s.longTasks).toHaveLength(1);
    const t = s.longTasks[0];
    expect(t?.duration).toBe(80);
    expect(t?.marks).toEqual(['worker:adaptDone@1']);
    expect(t?.selfByKind.script).toBe(50);
    expect(t?.selfByKind.layout).toBe(10);
    expect(t?.selfByKind.other).toBe(20);
    expect(t?.scriptByModule['react-dom']).toBe(40);
    // Each sample lasts until the next one (the last one, until nothing: 0).
    expect(t?.scriptByAppFunction['src/ui/App.tsx App']).toBe(40);
    expect(s.totalTaskMs).toBe(90);
  });
});
