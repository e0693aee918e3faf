import { describe, expect, it } from 'vitest';
import { DEFAULT_METATRAIN, metatrainFrom, metatrainPairs, withMetaTrain } from './metatrainParams';
import { URL_PARAMS } from './params';

describe("the meta-training panel's address", () => {
  it('is closed with the defaults when absent, open with `metatrain` in the query or the hash', () => {
    expect(metatrainFrom('', '')).toEqual({ open: false, config: DEFAULT_METATRAIN, problems: [] });
    expect(metatrainFrom('?metatrain', '').open).toBe(true);
    expect(metatrainFrom('', '#r=1a&metatrain').open).toBe(true);
    expect(metatrainFrom('?metatrain=0', '').open).toBe(false);
  });

  it('reads every control, clamps what is out of range and ignores what is not a value, saying so', () => {
    const r = metatrainFrom('?metatrain&mt=reptile&mlr=0.05&mis=2&milr=0.5&mb=8&mk=3-10&mseed=7', '');
    expect(r).toEqual({
      open: true,
      config: {
        method: 'reptile',
        outerLr: 0.05,
        innerSteps: 2,
        innerLr: 0.5,
        metaBatch: 8,
        kMin: 3,
        kMax: 10,
        seed: 7,
      },
      problems: [],
    });
    const bad = metatrainFrom('?metatrain&mt=sgd&mlr=x&mis=9&mb=0&mk=30-2', '');
    expect(bad.config).toMatchObject({
      method: 'maml',
      outerLr: DEFAULT_METATRAIN.outerLr,
      innerSteps: 5,
      metaBatch: 1,
      kMin: 2,
      kMax: 30,
    });
    expect(bad.problems).toHaveLength(5);
    expect(bad.problems.join(' ')).toContain('mt=sgd');
    expect(metatrainFrom('?mk=5', '').config).toMatchObject({ kMin: 5, kMax: 5 });
    expect(metatrainFrom('?mlr=1000', '').config.outerLr).toBe(1000);
    expect(metatrainFrom('?mlr=5000', '').config.outerLr).toBe(1000);
  });

  it('writes the non-default controls to the query and round-trips them, keeping the rest of the address', () => {
    const config = { ...DEFAULT_METATRAIN, method: 'fomaml' as const, metaBatch: 8, kMin: 1, kMax: 5 };
    expect(metatrainPairs(true, DEFAULT_METATRAIN)).toEqual(['metatrain']);
    const next = withMetaTrain('?backend=cpu&mb=4', '#r=1a&mk=2-3&hide=map', true, config);
    expect(next).toEqual({ search: '?backend=cpu&metatrain&mt=fomaml&mb=8&mk=1-5', hash: '#r=1a&hide=map' });
    expect(metatrainFrom(next.search, next.hash).config).toEqual(config);
    expect(withMetaTrain(next.search, next.hash, false, config)).toEqual({
      search: '?backend=cpu',
      hash: '#r=1a&hide=map',
    });
  });

  it('has a row in the one table for each key', () => {
    const keys = URL_PARAMS.map((p) => p.key);
    for (const k of ['metatrain', 'mt', 'mlr', 'mis', 'milr', 'mb', 'mk', 'mseed']) expect(keys).toContain(k);
  });
});
