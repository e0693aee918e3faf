import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, selfCheck, watchBackend } from './backend';

// Node has no WebGPU, WebGL or (here) wasm binaries: excluding them leaves the CPU, which is what
// these tests need to reach the self-check and the chain's end deterministically.
const NO_GPU = ['webgpu', 'webgl', 'wasm'] as const;

describe('backend choice', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('the self-check passes on a working backend and fails when its comparison is made to fail', async () => {
    expect(await selfCheck()).toBeNull();
    expect(await selfCheck(true)).toMatch(
      /numeric self-check computed \[4\.000, 4\.000, 9\.000, 6\.250, 145\.063\], expected \[3, 4, 9, 6\.25, 145\.0625\]/,
    );
  });

  it('skips excluded backends and says why each one it tried was passed over', async () => {
    const chosen = await chooseBackend('webgl', null, { exclude: [...NO_GPU] });
    expect(chosen).toMatchObject({ name: 'cpu', forced: false, skipped: [] });
  });

  it('a backend that fails its self-check is passed over; with none left it says what failed', async () => {
    await expect(chooseBackend(null, null, { exclude: [...NO_GPU], failSelfCheck: ['cpu'] })).rejects.toThrow(
      /No TensorFlow\.js backend works here: cpu: its numeric self-check computed/,
    );
  });

  it('on the CPU a lost GPU can only be simulated, and is reported once', () => {
    const reports: string[] = [];
    const watch = watchBackend((m) => reports.push(m));
    expect(watch.lost()).toBeNull();
    watch.lose();
    watch.lose();
    expect(reports).toEqual(['the cpu backend failed (simulated by the test hook: it has no GPU to lose)']);
    expect(watch.lost()).toBe(reports[0]);
  });
});
