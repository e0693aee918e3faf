import { describe, expect, it } from 'vitest';
import { quantile } from './browser';
import { renderMarkdown, type BenchResults } from './report';
import { sliceTask } from './training';

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
});
