import { beforeEach, describe, expect, it } from 'vitest';
import type {
  MetaTrainCheckpoint,
  MetaTrainRequest,
  MetaTrainStatusEvent,
} from '../worker/metatrainProtocol';
import { createMetaTrainLink, type MetaTrainLink, type Visibility } from './metatrainLink';
import { getInitialState, useAppStore } from './store';

type Req = Omit<MetaTrainRequest, 'type' | 'id'>;

let sent: Req[];
let hidden: boolean;
let onChange: () => void;
const visibility: Visibility = {
  hidden: () => hidden,
  subscribe: (fn) => {
    onChange = fn;
    return () => undefined;
  },
};
const client = { metatrain: (r: Req) => (sent.push(r), { id: sent.length }) };
const actions = () => sent.map((r) => r.action);
const setReady = () => useAppStore.setState((s) => ({ engine: { ...s.engine, status: 'ready' } }));

const status = (over: Partial<MetaTrainStatusEvent>): MetaTrainStatusEvent => ({
  type: 'metatrainStatus',
  requestId: 1,
  state: 'running',
  step: 0,
  lossFirst: null,
  lossLast: null,
  losses: [],
  val: [],
  shippedValRecall: null,
  stepsPerSecond: 0,
  init: null,
  k0: null,
  ...over,
});

let link: MetaTrainLink;
beforeEach(() => {
  useAppStore.setState(getInitialState());
  sent = [];
  hidden = false;
  link?.stop();
  link = createMetaTrainLink(useAppStore, { client: () => client, dataUrl: 'http://x/pack.bin', visibility });
});

describe('the meta-training link', () => {
  it('opens once the worker is ready, then sends each button and control change', () => {
    const s = useAppStore.getState();
    s.openMetaTrain();
    expect(sent).toEqual([]);
    setReady();
    link.ready();
    expect(sent[0]).toMatchObject({
      action: 'open',
      dataUrl: 'http://x/pack.bin',
      config: { method: 'maml' },
    });
    s.metaTrainCommand('step');
    s.metaTrainCommand('step');
    s.setMetaTrainConfig({ outerLr: 0.5 });
    expect(actions()).toEqual(['open', 'step', 'step', 'configure']);
    expect(sent[3]?.config?.outerLr).toBe(0.5);
    s.closeMetaTrain();
    s.metaTrainCommand('play');
    expect(actions()).toEqual(['open', 'step', 'step', 'configure', 'close']);
  });

  it('after a worker restart opens at the last checkpoint and plays on if it was playing', () => {
    setReady();
    const s = useAppStore.getState();
    s.openMetaTrain();
    s.metaTrainCommand('play');
    const checkpoint = {
      step: 40,
      config: s.metatrain.config,
      weights: {},
      losses: [],
      val: [],
    } as MetaTrainCheckpoint;
    link.onEvent({ type: 'metatrainCheckpoint', requestId: 2, checkpoint });
    link.onEvent(status({ step: 42 }));
    expect(useAppStore.getState().metatrain.step).toBe(42);
    sent = [];
    link.ready();
    // Play waits until the worker has opened the checkpoint (a play while it loads is ignored).
    link.onEvent({ type: 'metatrainLoad', requestId: 3, loaded: 1, total: 2 });
    expect(actions()).toEqual(['open']);
    link.onEvent(status({ state: 'idle', step: 40 }));
    expect(actions()).toEqual(['open', 'play']);
    expect(sent[0]?.checkpoint?.step).toBe(40);
    // A Reset forgets the checkpoint; an error stops the playing.
    s.metaTrainCommand('reset');
    link.onEvent(status({ state: 'error', step: 0, message: 'diverged' }));
    sent = [];
    link.ready();
    expect(actions()).toEqual(['open']);
    expect(sent[0]?.checkpoint).toBeUndefined();
  });

  it('a hidden tab pauses training; shown again it plays on only if hiding paused it', () => {
    setReady();
    const s = useAppStore.getState();
    s.openMetaTrain();
    s.metaTrainCommand('play');
    hidden = true;
    onChange();
    hidden = false;
    onChange();
    expect(actions()).toEqual(['open', 'play', 'pause', 'play']);
    s.metaTrainCommand('pause');
    hidden = true;
    onChange();
    hidden = false;
    onChange();
    expect(actions()).toEqual(['open', 'play', 'pause', 'play', 'pause']);
  });
});
