import { beforeEach, describe, expect, it } from 'vitest';
import type { MetaTrainStatusEvent } from '../../../../worker/metatrainProtocol';
import { getInitialState, useAppStore } from '../..';
import { decimate } from './action';
import { MAX_POINTS } from './initialState';
import { canPause, canPlay, lossDirection, shownState, statusText } from './selectors';

const status = (over: Partial<MetaTrainStatusEvent>): MetaTrainStatusEvent => ({
  type: 'metatrainStatus',
  requestId: 1,
  state: 'running',
  step: 0,
  lossFirst: null,
  lossLast: null,
  losses: [],
  val: [],
  shippedValRecall: 0.3,
  stepsPerSecond: 0,
  init: null,
  k0: null,
  ...over,
});

const mt = () => useAppStore.getState().metatrain;

beforeEach(() => useAppStore.setState(getInitialState()));

describe('meta-training slice', () => {
  it('appends the points each status carries, skips repeats, and starts over when the step goes back', () => {
    const s = useAppStore.getState();
    s.metaTrainStatus(status({ step: 1, lossFirst: 7, lossLast: 7, losses: [{ step: 1, loss: 7 }] }));
    s.metaTrainStatus(
      status({
        step: 3,
        lossFirst: 7,
        lossLast: 6.5,
        losses: [
          { step: 1, loss: 7 },
          { step: 2, loss: 6.8 },
          { step: 3, loss: 6.5 },
        ],
        val: [{ step: 3, recall: 0.2 }],
      }),
    );
    expect(mt().losses.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(mt().val).toEqual([{ step: 3, recall: 0.2 }]);
    expect(lossDirection(mt())).toBe('lower');
    s.metaTrainStatus(status({ state: 'idle', step: 0, val: [{ step: 0, recall: 0.1 }] }));
    expect(mt()).toMatchObject({ step: 0, losses: [], lossFirst: null, state: 'idle' });
    expect(mt().val).toEqual([{ step: 0, recall: 0.1 }]);
    // A later status at the same step with nothing new keeps what was sent.
    s.metaTrainStatus(status({ state: 'paused', step: 0 }));
    expect(mt().val).toEqual([{ step: 0, recall: 0.1 }]);
  });

  it('never stores a number that cannot be drawn, and keeps the last good initialization', () => {
    const s = useAppStore.getState();
    s.metaTrainStatus(status({ step: 2, init: [0.1, 0.2], k0: Int32Array.of(3, 1, 2) }));
    s.metaTrainStatus(
      status({
        state: 'error',
        step: 3,
        lossFirst: 7,
        lossLast: NaN,
        losses: [{ step: 3, loss: NaN }],
        init: [NaN, 0],
        k0: null,
        stepsPerSecond: Infinity,
        message: 'The loss diverged',
      }),
    );
    expect(mt()).toMatchObject({ lossLast: null, init: [0.1, 0.2], k0: [3, 1, 2], stepsPerSecond: 0 });
    expect(mt().losses).toEqual([]);
    expect(shownState(mt())).toBe('error');
    expect(statusText(mt())).toBe('Stopped at step 3: The loss diverged');
    expect(statusText(mt())).not.toContain('NaN');
  });

  it('bounds a curve by decimation, keeping its first and last points', () => {
    const points = Array.from({ length: MAX_POINTS * 2 + 3 }, (_, i) => ({ step: i + 1, loss: 1 }));
    const out = decimate(points);
    expect(out.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(out.length).toBeGreaterThan(MAX_POINTS / 2);
    expect(out[0]?.step).toBe(1);
    expect(out[out.length - 1]?.step).toBe(points.length);
  });

  it('records each button press as a new command, and loading reads as idle', () => {
    const s = useAppStore.getState();
    s.openMetaTrain();
    expect(mt()).toMatchObject({ open: true, state: 'loading', load: { loaded: 0, total: null } });
    s.metaTrainCommand('step');
    s.metaTrainCommand('step');
    expect(mt().command).toEqual({ seq: 2, action: 'step' });
    s.metaTrainLoad({ type: 'metatrainLoad', requestId: 1, loaded: 10, total: 100 });
    expect(shownState(mt())).toBe('idle');
    expect(canPlay(mt())).toBe(false);
    expect(statusText(mt())).toBe('Loading the training data…');
    s.metaTrainStatus(status({ state: 'paused', step: 0 }));
    expect(mt().load).toBeNull();
    expect([canPlay(mt()), canPause(mt())]).toEqual([true, false]);
  });

  it('says the status in words, and closing keeps the controls', () => {
    const s = useAppStore.getState();
    s.openMetaTrain();
    s.setMetaTrainConfig({ metaBatch: 8, method: 'reptile' });
    s.metaTrainStatus(
      status({
        step: 50,
        lossFirst: 7.414,
        lossLast: 6.93,
        val: [{ step: 50, recall: 0.3312 }],
        stepsPerSecond: 4.21,
      }),
    );
    expect(statusText(mt())).toBe(
      'Step 50 · loss 7.41 → 6.93 (lower) · meta-val Recall@20 0.331 · 4.2 steps/s',
    );
    s.closeMetaTrain();
    expect(mt()).toMatchObject({ open: false, step: 0, config: { metaBatch: 8, method: 'reptile' } });
  });
});
