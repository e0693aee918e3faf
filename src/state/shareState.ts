/**
 * The shareable state: ratings (in the order given), skipped movies, inner-loop settings, the
 * elicitation strategy, the seed and the compared methods. Two forms, both validated on read:
 * a compact URL hash (`#r=8ua.889&lr=0.5&n=10&b=0&e=inf&seed=7`) and a JSON file for export and
 * import. Workshop switches (`hide=` and Playground-style `*_hide=true`) ride along in the hash or
 * the query and are kept when the hash is rewritten. Pure functions, no DOM.
 */

import {
  DEFAULT_STRATEGY,
  INTERVIEW_INFO,
  INTERVIEW_STRATEGIES,
  type InterviewStrategy,
} from '../methods/interview';
import type { ComparedMethod } from '../worker/protocol';

export interface RatedMovie {
  movieId: number;
  /** 0.5 to 5 in half stars. */
  rating: number;
}

export const isHalfStar = (r: unknown): r is number =>
  typeof r === 'number' && Number.isFinite(r) && r >= 0.5 && r <= 5 && Math.round(r * 2) === r * 2;

/**
 * Interview strategies and their `e=` codes (src/methods/interview.ts; pe, pop, rnd and inf as
 * before, codes only added). A link without `e=` means the app's default, DEFAULT_STRATEGY.
 */
export const STRATEGIES = INTERVIEW_STRATEGIES;
export type Strategy = InterviewStrategy;
export { DEFAULT_STRATEGY };
const STRATEGY_CODES = Object.fromEntries(
  INTERVIEW_STRATEGIES.map((s) => [s, INTERVIEW_INFO[s].code]),
) as Record<Strategy, string>;

/**
 * Methods the compare view knows, in display order (the bias baseline is not a shipped method).
 * Only ever extended: a name an older link carries must stay known (an unknown one makes the link
 * invalid), and a name the loaded model lacks is simply not drawn.
 */
export const COMPARE_METHODS = [
  'encoder',
  'maml',
  'fomaml',
  'reptile',
  'metasgd',
  'prototype',
  'pretrain',
  'bias',
] as const satisfies readonly ComparedMethod[];
export type CompareMethod = (typeof COMPARE_METHODS)[number];

/** Panels and controls a workshop link can hide. */
export const HIDEABLE = [
  'rate',
  'search',
  'rated',
  'status',
  'map',
  'charts',
  'recs',
  'compare',
  'controls',
  'strategy',
  'eval',
  'presets',
  'share',
  'settings',
  'tour',
] as const;
export type Hideable = (typeof HIDEABLE)[number];

export interface InnerSettings {
  /** Scalar inner learning rate; null: the trained rates. */
  lr: number | null;
  /** Inner steps 1 to 50; null: the trained count. */
  steps: number | null;
  /** false: only the user vector adapts. */
  adaptBias: boolean;
}

export const defaultInner = (): InnerSettings => ({ lr: null, steps: null, adaptBias: true });
export const MAX_STEPS = 50;
export const MAX_LR = 1000;

export interface SharedState {
  ratings: RatedMovie[];
  skipped: number[];
  inner: InnerSettings;
  strategy: Strategy;
  seed: number;
  /** Compared methods; all of COMPARE_METHODS when not given. */
  methods: CompareMethod[];
}

export const defaultShared = (): SharedState => ({
  ratings: [],
  skipped: [],
  inner: defaultInner(),
  strategy: DEFAULT_STRATEGY,
  seed: 1,
  methods: [...COMPARE_METHODS],
});

const ID = /^[0-9a-z]{1,8}$/;

/**
 * The most ratings a link carries (about 5 characters each). An import of thousands would make
 * an address of tens of kilobytes that mail and chat programs cut or refuse; above this the hash
 * says only how many ratings there are (`rk=5000`), the ratings stay in this browser's storage,
 * and the page says to share them as a CSV (Export ratings) instead.
 */
export const MAX_LINK_RATINGS = 500;

function encodeRatings(ratings: RatedMovie[]): string {
  return ratings.map((r) => r.movieId.toString(36) + Math.round(r.rating * 2).toString(36)).join('.');
}

/** The hash (without '#') for a state; default values are left out. Workshop keys are appended. */
export function encodeHash(s: SharedState, keep: [string, string][] = []): string {
  const p: [string, string][] = [];
  if (s.ratings.length > MAX_LINK_RATINGS) p.push(['rk', String(s.ratings.length)]);
  else if (s.ratings.length) p.push(['r', encodeRatings(s.ratings)]);
  if (s.skipped.length) p.push(['x', s.skipped.map((id) => id.toString(36)).join('.')]);
  if (s.inner.lr !== null) p.push(['lr', String(s.inner.lr)]);
  if (s.inner.steps !== null) p.push(['n', String(s.inner.steps)]);
  if (!s.inner.adaptBias) p.push(['b', '0']);
  if (s.strategy !== DEFAULT_STRATEGY) p.push(['e', STRATEGY_CODES[s.strategy]]);
  p.push(['seed', String(s.seed)]);
  const all = [...COMPARE_METHODS] as string[];
  if (s.methods.length !== all.length || s.methods.some((m, i) => m !== all[i]))
    p.push(['m', s.methods.join('.')]);
  return [...p, ...keep].map(([k, v]) => `${k}=${v}`).join('&');
}

export type Decoded =
  | { kind: 'none' }
  /** `ratingsNotInLink`: the link was made with that many ratings and carries none of them (rk=). */
  | { kind: 'ok'; state: SharedState; ratingsNotInLink?: number }
  | { kind: 'invalid'; reason: string };

const STATE_KEYS = new Set(['r', 'rk', 'x', 'lr', 'n', 'b', 'e', 'seed', 'm']);

function pairs(hash: string): [string, string][] {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '') return [];
  return h.split('&').map((kv) => {
    const at = kv.indexOf('=');
    const k = at < 0 ? kv : kv.slice(0, at);
    const v = at < 0 ? '' : kv.slice(at + 1);
    try {
      return [decodeURIComponent(k), decodeURIComponent(v)];
    } catch {
      return [k, v];
    }
  });
}

/** The workshop keys of a hash (`hide`, `*_hide`, `present`, `embed`), to keep when the hash is rewritten. */
export function workshopKeys(hash: string): [string, string][] {
  return pairs(hash).filter(([k]) => k === 'hide' || k.endsWith('_hide') || k === 'present' || k === 'embed');
}

/** Read a hash. No state keys: 'none'. Anything malformed: 'invalid' with the reason. */
export function decodeHash(hash: string): Decoded {
  const kv = pairs(hash).filter(([k]) => STATE_KEYS.has(k));
  if (kv.length === 0) return { kind: 'none' };
  const map = new Map(kv);
  const fail = (reason: string): Decoded => ({ kind: 'invalid', reason });
  const s = defaultShared();
  const r = map.get('r');
  if (r !== undefined && r !== '') {
    const seen = new Set<number>();
    for (const tok of r.split('.')) {
      const id = tok.slice(0, -1);
      const half = parseInt(tok.slice(-1), 36);
      if (!ID.test(id) || !(half >= 1 && half <= 10)) return fail(`the rating "${tok}" is not valid`);
      const movieId = parseInt(id, 36);
      if (seen.has(movieId)) return fail(`movie ${movieId} is rated twice`);
      seen.add(movieId);
      s.ratings.push({ movieId, rating: half / 2 });
    }
  }
  const rk = map.get('rk');
  let ratingsNotInLink: number | undefined;
  if (rk !== undefined) {
    const n = Number(rk);
    if (!Number.isInteger(n) || n < 0 || r) return fail('the count of ratings not in the link is not valid');
    ratingsNotInLink = n;
  }
  const x = map.get('x');
  if (x !== undefined && x !== '') {
    for (const tok of x.split('.')) {
      if (!ID.test(tok)) return fail(`the skipped movie "${tok}" is not valid`);
      s.skipped.push(parseInt(tok, 36));
    }
  }
  const inner = validateInner({
    lr: map.has('lr') ? Number(map.get('lr')) : null,
    steps: map.has('n') ? Number(map.get('n')) : null,
    adaptBias: map.get('b') !== '0',
  });
  if (typeof inner === 'string') return fail(inner);
  s.inner = inner;
  const e = map.get('e');
  if (e !== undefined) {
    const strategy = STRATEGIES.find((k) => STRATEGY_CODES[k] === e);
    if (!strategy) return fail(`the strategy "${e}" is unknown`);
    s.strategy = strategy;
  }
  if (map.has('seed')) {
    const seed = Number(map.get('seed'));
    if (!isSeed(seed)) return fail('the seed is not a whole number from 0 to 2^31');
    s.seed = seed;
  }
  const m = map.get('m');
  if (m !== undefined) {
    const methods = m === '' ? [] : m.split('.');
    if (methods.some((x) => !(COMPARE_METHODS as readonly string[]).includes(x)))
      return fail('a compared method is unknown');
    s.methods = COMPARE_METHODS.filter((x) => methods.includes(x));
  }
  return ratingsNotInLink === undefined
    ? { kind: 'ok', state: s }
    : { kind: 'ok', state: s, ratingsNotInLink };
}

const isSeed = (x: unknown): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 2 ** 31;

function validateInner(v: { lr: unknown; steps: unknown; adaptBias: unknown }): InnerSettings | string {
  const { lr, steps, adaptBias } = v;
  if (lr !== null && !(typeof lr === 'number' && Number.isFinite(lr) && lr > 0 && lr <= MAX_LR))
    return `the learning rate must be a number above 0 and at most ${MAX_LR}`;
  if (
    steps !== null &&
    !(typeof steps === 'number' && Number.isInteger(steps) && steps >= 1 && steps <= MAX_STEPS)
  )
    return `the number of steps must be a whole number from 1 to ${MAX_STEPS}`;
  if (typeof adaptBias !== 'boolean') return 'adaptBias must be true or false';
  return { lr: lr as number | null, steps: steps as number | null, adaptBias };
}

export const FILE_FORMAT = 'warmstart-state';

/** The exported file's content. */
export function toFile(s: SharedState): object {
  return { format: FILE_FORMAT, version: 1, ...s };
}

/** Validate an imported file's parsed JSON: the state, or a reason a person can read. */
export function fromFile(value: unknown): SharedState | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'the file is not a JSON object';
  const v = value as Record<string, unknown>;
  if (v.format !== FILE_FORMAT) return `the file is not a warmstart state (no "format": "${FILE_FORMAT}")`;
  if (v.version !== 1) return `the file has version ${String(v.version)}; this page reads version 1`;
  if (!Array.isArray(v.ratings)) return '"ratings" must be a list';
  const ratings: RatedMovie[] = [];
  const seen = new Set<number>();
  for (const r of v.ratings) {
    const { movieId, rating } = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    if (typeof movieId !== 'number' || !Number.isInteger(movieId) || movieId < 0 || !isHalfStar(rating))
      return 'every rating needs a whole "movieId" and a "rating" from 0.5 to 5 in half stars';
    if (seen.has(movieId)) return `movie ${movieId} is rated twice`;
    seen.add(movieId);
    ratings.push({ movieId, rating });
  }
  const skipped = v.skipped ?? [];
  if (
    !Array.isArray(skipped) ||
    !skipped.every((x) => typeof x === 'number' && Number.isInteger(x) && x >= 0)
  )
    return '"skipped" must be a list of movie ids';
  const innerIn = (v.inner ?? {}) as Record<string, unknown>;
  const inner = validateInner({
    lr: innerIn.lr ?? null,
    steps: innerIn.steps ?? null,
    adaptBias: innerIn.adaptBias ?? true,
  });
  if (typeof inner === 'string') return inner;
  const strategy = v.strategy ?? DEFAULT_STRATEGY;
  if (!STRATEGIES.includes(strategy as Strategy)) return `the strategy "${String(strategy)}" is unknown`;
  const seed = v.seed ?? 1;
  if (!isSeed(seed)) return 'the seed must be a whole number from 0 to 2^31';
  const methods = v.methods ?? [...COMPARE_METHODS];
  if (!Array.isArray(methods) || methods.some((m) => !(COMPARE_METHODS as readonly string[]).includes(m)))
    return '"methods" must list known methods';
  return {
    ratings,
    skipped: skipped as number[],
    inner,
    strategy: strategy as Strategy,
    seed,
    methods: COMPARE_METHODS.filter((m) => (methods as string[]).includes(m)),
  };
}

/** Hidden panels from the query and the hash: `hide=map,recs` or `map_hide=true`. */
export function hiddenFrom(search: string, hash: string): Hideable[] {
  const out = new Set<Hideable>();
  const all = [...pairs(search.startsWith('?') ? search.slice(1) : search), ...pairs(hash)];
  for (const [k, v] of all) {
    const names =
      k === 'hide' ? v.split(',') : k.endsWith('_hide') && v !== 'false' && v !== '0' ? [k.slice(0, -5)] : [];
    for (const n of names) if ((HIDEABLE as readonly string[]).includes(n)) out.add(n as Hideable);
  }
  return HIDEABLE.filter((h) => out.has(h));
}

/**
 * The guided tour's step from the query or the hash: `tour` or `tour=1` opens it at the first step,
 * `tour=N` at step N (1-based; the tour clamps N to its last step). Absent: null. Anything else is
 * a problem for a notice, and no tour.
 */
export function tourFrom(search: string, hash: string): { step: number | null; problem: string | null } {
  const all = [...pairs(search.startsWith('?') ? search.slice(1) : search), ...pairs(hash)];
  const found = all.filter(([k]) => k === 'tour').pop();
  if (!found) return { step: null, problem: null };
  const [, v] = found;
  if (v === '') return { step: 1, problem: null };
  const n = Number(v);
  if (/^\d+$/.test(v) && Number.isSafeInteger(n) && n >= 1) return { step: n, problem: null };
  return { step: null, problem: `tour=${v} is not a step number (tour=1 is the first step)` };
}

/**
 * How the page is laid out: 'page' (everything), 'present' (a room: large type, the rating deck,
 * map, learning curve and top 10, no page chrome) or 'embed' (the same panels sized for an iframe).
 */
export const DISPLAYS = ['page', 'present', 'embed'] as const;
export type Display = (typeof DISPLAYS)[number];

/** A switch given bare (`?present`) or with a value; `=0`, `=false` and `=no` turn it off. */
const on = (v: string) => !['0', 'false', 'no', 'off'].includes(v.toLowerCase());

/**
 * The layout the address asks for, from the query or the hash: `present` or `embed` (bare or
 * `=1`); embed wins when both are given (an iframe cannot be a room's full screen).
 */
export function displayFrom(search: string, hash: string): Display {
  const all = [...pairs(search.startsWith('?') ? search.slice(1) : search), ...pairs(hash)];
  const asks = (key: string) => all.some(([k, v]) => k === key && on(v));
  return asks('embed') ? 'embed' : asks('present') ? 'present' : 'page';
}

/**
 * The query and hash with the display switched (the presenter toggle): `present` / `embed` are
 * removed from both and the new one, if any, is added to the query as a bare key. Everything else
 * is kept as written.
 */
export function withDisplay(
  search: string,
  hash: string,
  display: Display,
): { search: string; hash: string } {
  const strip = (s: string, lead: string) => {
    const body = s.startsWith(lead) ? s.slice(1) : s;
    return body
      .split('&')
      .filter(
        (kv) => kv !== '' && !['present', 'embed'].includes(decodeURIComponentSafe(kv.split('=')[0] ?? '')),
      );
  };
  const q = strip(search, '?');
  if (display !== 'page') q.push(display);
  const h = strip(hash, '#');
  return { search: q.length ? `?${q.join('&')}` : '', hash: h.length ? `#${h.join('&')}` : '' };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
