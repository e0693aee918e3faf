import { describe, expect, it } from 'vitest';
import { parseDebugParams } from './debugParams';

describe('debug parameters', () => {
  it('are inert when absent', () => {
    expect(parseDebugParams('?backend=webgl')).toEqual({
      loadTimeoutMs: null,
      failSelfCheck: [],
      hook: false,
      problems: [],
    });
  });

  it('read a timeout in seconds and self-check faults; any fault parameter installs the hook', () => {
    expect(parseDebugParams('?timeout=2.5&fault=selfcheck:webgl,selfcheck:wasm')).toEqual({
      loadTimeoutMs: 2500,
      failSelfCheck: ['webgl', 'wasm'],
      hook: true,
      problems: [],
    });
    expect(parseDebugParams('?fault').hook).toBe(true);
  });

  it('report what they cannot use', () => {
    const p = parseDebugParams('?timeout=-1&fault=selfcheck:quantum,explode');
    expect(p.loadTimeoutMs).toBeNull();
    expect(p.failSelfCheck).toEqual([]);
    expect(p.problems).toHaveLength(3);
  });
});
