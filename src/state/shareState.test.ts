import { describe, expect, it } from 'vitest';
import { MODEL_METHODS } from '../methods/registry';
import {
  COMPARE_METHODS,
  decodeHash,
  displayFrom,
  defaultShared,
  encodeHash,
  fromFile,
  hiddenFrom,
  MAX_LINK_RATINGS,
  toFile,
  tourFrom,
  withDisplay,
  workshopKeys,
  type SharedState,
} from './shareState';

const state: SharedState = {
  ratings: [
    { movieId: 318, rating: 5 },
    { movieId: 296, rating: 0.5 },
    { movieId: 109487, rating: 3.5 },
  ],
  skipped: [1, 2571],
  inner: { lr: 0.25, steps: 12, adaptBias: false },
  strategy: 'informative',
  seed: 42,
  methods: ['maml', 'reptile', 'bias'],
};

describe('URL hash codec', () => {
  it('round-trips a full state and keeps the rating order', () => {
    const hash = encodeHash(state);
    expect(hash.length).toBeLessThan(90);
    expect(decodeHash(`#${hash}`)).toEqual({ kind: 'ok', state });
  });

  it('leaves defaults out and reads them back', () => {
    const s = defaultShared();
    expect(encodeHash(s)).toBe('seed=1');
    expect(decodeHash('seed=1')).toEqual({ kind: 'ok', state: s });
  });

  it('says "none" for a hash without state and keeps workshop keys apart', () => {
    expect(decodeHash('')).toEqual({ kind: 'none' });
    expect(decodeHash('#map_hide=true')).toEqual({ kind: 'none' });
    expect(workshopKeys('#r=8ua&map_hide=true&hide=recs')).toEqual([
      ['map_hide', 'true'],
      ['hide', 'recs'],
    ]);
    expect(encodeHash(defaultShared(), [['hide', 'recs']])).toBe('seed=1&hide=recs');
  });

  it('knows every method a model can hold, and the bias baseline', () => {
    for (const m of [...MODEL_METHODS, 'bias']) expect(COMPARE_METHODS).toContain(m);
  });

  it('reads the method list of a link made before the set encoder, and one that names it', () => {
    const old = ['maml', 'fomaml', 'reptile', 'metasgd', 'prototype', 'pretrain', 'bias'];
    const d = decodeHash(`m=${old.join('.')}`);
    expect(d.kind === 'ok' && d.state.methods).toEqual(old);
    const withEncoder = decodeHash('m=bias.encoder');
    expect(withEncoder.kind === 'ok' && withEncoder.state.methods).toEqual(['encoder', 'bias']);
    expect(encodeHash({ ...defaultShared(), methods: ['encoder', 'bias'] })).toBe('seed=1&m=encoder.bias');
  });

  it.each([
    ['r=8u0', 'rating'],
    ['r=8uz', 'rating'],
    ['r=8ua.8ua', 'twice'],
    ['r=%%%', 'rating'],
    ['lr=-1', 'learning rate'],
    ['lr=NaN', 'learning rate'],
    ['lr=1e9', 'learning rate'],
    ['n=0', 'steps'],
    ['n=51', 'steps'],
    ['n=2.5', 'steps'],
    ['e=magic', 'strategy'],
    ['seed=-3', 'seed'],
    ['m=maml.nope', 'method'],
    ['x=!!', 'skipped'],
  ])('rejects %s with a reason', (hash, word) => {
    const d = decodeHash(hash);
    expect(d.kind).toBe('invalid');
    if (d.kind === 'invalid') expect(d.reason).toContain(word);
  });
});

describe('a link and thousands of ratings', () => {
  it('carries up to MAX_LINK_RATINGS ratings, then only their count, which keeps the ratings it has', () => {
    const many = (n: number) => ({
      ...defaultShared(),
      ratings: Array.from({ length: n }, (_, i) => ({ movieId: i + 1, rating: 4 })),
    });
    const at = encodeHash(many(MAX_LINK_RATINGS));
    const atDecoded = decodeHash(at);
    expect(atDecoded.kind === 'ok' && atDecoded.state.ratings.length).toBe(MAX_LINK_RATINGS);
    const over = encodeHash(many(5000));
    expect(over).toMatch(/^rk=5000&seed=1$/);
    expect(decodeHash(over)).toEqual({ kind: 'ok', state: defaultShared(), ratingsNotInLink: 5000 });
    expect(decodeHash('rk=x').kind).toBe('invalid');
    expect(decodeHash('r=11&rk=3').kind).toBe('invalid');
  });
});

describe('state file', () => {
  it('round-trips through JSON', () => {
    expect(fromFile(JSON.parse(JSON.stringify(toFile(state))))).toEqual(state);
  });

  it.each([
    [null, 'object'],
    [[], 'object'],
    [{ format: 'other' }, 'warmstart'],
    [{ format: 'warmstart-state', version: 2, ratings: [] }, 'version'],
    [{ format: 'warmstart-state', version: 1, ratings: [{ movieId: 1, rating: 7 }] }, 'half stars'],
    [{ format: 'warmstart-state', version: 1, ratings: [], inner: { lr: 'fast' } }, 'learning rate'],
    [{ format: 'warmstart-state', version: 1, ratings: [], strategy: 'x' }, 'strategy'],
  ])('rejects %j', (value, word) => {
    const out = fromFile(value);
    expect(typeof out).toBe('string');
    expect(out as string).toContain(word);
  });

  it('fills defaults for missing optional fields', () => {
    expect(fromFile({ format: 'warmstart-state', version: 1, ratings: [{ movieId: 5, rating: 4 }] })).toEqual(
      {
        ...defaultShared(),
        ratings: [{ movieId: 5, rating: 4 }],
      },
    );
  });
});

describe('workshop switches', () => {
  it('reads hide= and *_hide from the query and the hash, ignoring unknown names', () => {
    expect(hiddenFrom('?hide=map,nope', '#recs_hide=true&eval_hide=false')).toEqual(['map', 'recs']);
    expect(hiddenFrom('', '')).toEqual([]);
    expect(hiddenFrom('?hide=tour', '')).toEqual(['tour']);
    expect(hiddenFrom('', '#tour_hide=true')).toEqual(['tour']);
  });

  it("reads the guided tour's step, tour=N, from the query or the hash", () => {
    expect(tourFrom('', '')).toEqual({ step: null, problem: null });
    expect(tourFrom('?tour', '')).toEqual({ step: 1, problem: null });
    expect(tourFrom('?tour=3', '')).toEqual({ step: 3, problem: null });
    expect(tourFrom('', '#r=8ua&tour=5')).toEqual({ step: 5, problem: null });
    for (const bad of ['0', '-1', '2.5', 'x', '1e3'])
      expect(tourFrom(`?tour=${bad}`, '')).toEqual({ step: null, problem: expect.stringContaining(bad) });
    // A tour step is not shared state: a link with only tour= carries no state.
    expect(decodeHash('#tour=2')).toEqual({ kind: 'none' });
  });
});

describe('presenter and embed mode in the address', () => {
  it('reads ?present and ?embed from the query or the hash; embed wins; =0 turns it off', () => {
    expect(displayFrom('', '')).toBe('page');
    expect(displayFrom('?present', '')).toBe('present');
    expect(displayFrom('?present=1&hide=eval', '#r=1a')).toBe('present');
    expect(displayFrom('', '#r=1a&present')).toBe('present');
    expect(displayFrom('?embed', '#present')).toBe('embed');
    expect(displayFrom('?present=0', '')).toBe('page');
    expect(displayFrom('?present=false', '#embed=no')).toBe('page');
  });

  it('the toggle rewrites the query and keeps everything else', () => {
    expect(withDisplay('?hide=eval', '#r=1a&seed=1', 'present')).toEqual({
      search: '?hide=eval&present',
      hash: '#r=1a&seed=1',
    });
    expect(withDisplay('?present&hide=eval', '#r=1a&present=', 'page')).toEqual({
      search: '?hide=eval',
      hash: '#r=1a',
    });
    expect(withDisplay('?present', '', 'page')).toEqual({ search: '', hash: '' });
    expect(withDisplay('', '', 'embed')).toEqual({ search: '?embed', hash: '' });
  });

  it('keeps present and embed when the hash is rewritten', () => {
    expect(workshopKeys('#r=1a&present&hide=recs')).toEqual([
      ['present', ''],
      ['hide', 'recs'],
    ]);
  });
});
