import { describe, expect, it } from 'vitest';
import { readSwitch } from './kinds';
import { STATE_PARAMS, SWITCHES, URL_PARAMS } from './params';

describe('the URL table', () => {
  it('declares every key once, each with how it is written and what it does', () => {
    const keys = URL_PARAMS.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of URL_PARAMS) {
      expect(p.syntax).toContain(p.key);
      expect(p.description.length).toBeGreaterThan(10);
    }
    expect(STATE_PARAMS.every((p) => p.where === 'hash')).toBe(true);
  });

  it('reads pause= from the query only, in ms, capped at 10 s; what it cannot use it ignores silently', () => {
    const pause = (search: string, hash = '') => readSwitch(SWITCHES.pause, search, hash);
    expect(pause('?pause=200')).toEqual({ value: 200, problems: [] });
    expect(pause('?pause=99999').value).toBe(10_000);
    expect(pause('?pause=').value).toBe(0);
    for (const search of ['', '?pause=-1', '?pause=x'])
      expect(pause(search)).toEqual({ value: null, problems: [] });
    expect(pause('', '#pause=200').value).toBeNull();
  });

  it('reads backend= from the query only; an unknown one is a notice', () => {
    const backend = (search: string, hash = '') => readSwitch(SWITCHES.backend, search, hash);
    expect(backend('?backend=wasm')).toEqual({ value: 'wasm', problems: [] });
    expect(backend('?backend=cpu&backend=webgl').value).toBe('cpu');
    expect(backend('', '#backend=wasm').value).toBeNull();
    expect(backend('?backend=quantum')).toEqual({
      value: null,
      problems: [
        'Unknown backend "quantum" in the address: choosing automatically. Use webgpu, webgl, wasm or cpu.',
      ],
    });
  });
});
