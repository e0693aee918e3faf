/**
 * Every URL parameter the page reads, declared once (as TensorFlow Playground's state.ts does):
 * its key, where it is read, its parser with its checks, its serializer where the page writes it,
 * and a line saying what it does (the two kinds of parameter: kinds.ts). The shared state's hash
 * (../shareState.ts), the workshop and testing switches (../shareState.ts, ../debugParams.ts,
 * src/main.tsx) and the README's table (`npm run readme`, scripts/lib/readmeUrl.ts) all read this
 * table. Plain data and small pure functions: no DOM, nothing from the store.
 */

import { BACKENDS, type BackendName } from '../../worker/protocol';
import { plain, type ParamDoc, type Read, type StateParam, type SwitchParam } from './kinds';
import { METATRAIN_SWITCHES } from './metatrainParams';
import {
  COMPARE_METHODS,
  DEFAULT_STRATEGY,
  HIDEABLE,
  isSeed,
  lrProblem,
  MAX_LINK_RATINGS,
  MAX_LR,
  MAX_STEPS,
  STRATEGIES,
  STRATEGY_CODES,
  stepsProblem,
  type Hideable,
  type RatedMovie,
} from './values';

const ID = /^[0-9a-z]{1,8}$/;
const code = (s: string) => `\`${s}\``;
const ignored = (what: string) => `Ignored in the address: ${what}.`;

function encodeRatings(ratings: RatedMovie[]): string {
  return ratings.map((r) => r.movieId.toString(36) + Math.round(r.rating * 2).toString(36)).join('.');
}

/** The shared state's keys, in the order they are read and written. */
export const STATE_PARAMS: readonly StateParam[] = [
  {
    key: 'r',
    where: 'hash',
    syntax: '`r=`',
    description: `ratings in the order given (\`movieId\` in base 36 + half stars 1-a), \`.\`-separated; up to ${MAX_LINK_RATINGS}`,
    read(r, d) {
      if (r === '') return null;
      const seen = new Set<number>();
      for (const tok of r.split('.')) {
        const id = tok.slice(0, -1);
        const half = parseInt(tok.slice(-1), 36);
        if (!ID.test(id) || !(half >= 1 && half <= 10)) return `the rating "${tok}" is not valid`;
        const movieId = parseInt(id, 36);
        if (seen.has(movieId)) return `movie ${movieId} is rated twice`;
        seen.add(movieId);
        d.state.ratings.push({ movieId, rating: half / 2 });
      }
      return null;
    },
    write: (s) =>
      s.ratings.length && s.ratings.length <= MAX_LINK_RATINGS ? encodeRatings(s.ratings) : null,
  },
  {
    key: 'rk',
    where: 'hash',
    syntax: '`rk=`',
    description: `instead of \`r=\` above ${MAX_LINK_RATINGS} ratings: how many there are; the link keeps the ratings the browser has`,
    read(rk, d) {
      const n = Number(rk);
      if (!Number.isInteger(n) || n < 0 || d.link.get('r'))
        return 'the count of ratings not in the link is not valid';
      d.ratingsNotInLink = n;
      return null;
    },
    write: (s) => (s.ratings.length > MAX_LINK_RATINGS ? String(s.ratings.length) : null),
  },
  {
    key: 'x',
    where: 'hash',
    syntax: '`x=`',
    description: 'skipped movies (`movieId` in base 36), `.`-separated',
    read(x, d) {
      if (x === '') return null;
      for (const tok of x.split('.')) {
        if (!ID.test(tok)) return `the skipped movie "${tok}" is not valid`;
        d.state.skipped.push(parseInt(tok, 36));
      }
      return null;
    },
    write: (s) => (s.skipped.length ? s.skipped.map((id) => id.toString(36)).join('.') : null),
  },
  {
    key: 'lr',
    where: 'hash',
    syntax: '`lr=`',
    description: `inner learning rate (above 0, at most ${MAX_LR}; none: the trained rates)`,
    read(v, d) {
      const lr = Number(v);
      d.state.inner.lr = lr;
      return lrProblem(lr);
    },
    write: (s) => (s.inner.lr !== null ? String(s.inner.lr) : null),
  },
  {
    key: 'n',
    where: 'hash',
    syntax: '`n=`',
    description: `inner steps (1-${MAX_STEPS}; none: the trained count)`,
    read(v, d) {
      const steps = Number(v);
      d.state.inner.steps = steps;
      return stepsProblem(steps);
    },
    write: (s) => (s.inner.steps !== null ? String(s.inner.steps) : null),
  },
  {
    key: 'b',
    where: 'hash',
    syntax: '`b=0`',
    description: 'freeze the user bias: only the user vector adapts',
    read(b, d) {
      d.state.inner.adaptBias = b !== '0';
      return null;
    },
    write: (s) => (s.inner.adaptBias ? null : '0'),
  },
  {
    key: 'e',
    where: 'hash',
    syntax: `\`e=${STRATEGIES.map((s) => STRATEGY_CODES[s]).join('|')}\``,
    description: 'interview strategy (`src/methods/interview.ts`; none: the measured default)',
    read(e, d) {
      const strategy = STRATEGIES.find((k) => STRATEGY_CODES[k] === e);
      if (!strategy) return `the strategy "${e}" is unknown`;
      d.state.strategy = strategy;
      return null;
    },
    write: (s) => (s.strategy !== DEFAULT_STRATEGY ? STRATEGY_CODES[s.strategy] : null),
  },
  {
    key: 'seed',
    where: 'hash',
    syntax: '`seed=`',
    description: 'random seed, a whole number from 0 to 2^31 (always written)',
    read(v, d) {
      const seed = Number(v);
      if (!isSeed(seed)) return 'the seed is not a whole number from 0 to 2^31';
      d.state.seed = seed;
      return null;
    },
    write: (s) => String(s.seed),
  },
  {
    key: 'm',
    where: 'hash',
    syntax: '`m=maml.reptile.bias`',
    description: `compared methods, \`.\`-separated, of ${COMPARE_METHODS.map(code).join(', ')} (none: all)`,
    read(m, d) {
      const methods = m === '' ? [] : m.split('.');
      if (methods.some((x) => !(COMPARE_METHODS as readonly string[]).includes(x)))
        return 'a compared method is unknown';
      d.state.methods = COMPARE_METHODS.filter((x) => methods.includes(x));
      return null;
    },
    write: (s) => {
      const all = [...COMPARE_METHODS] as string[];
      const same = s.methods.length === all.length && s.methods.every((m, i) => m === all[i]);
      return same ? null : s.methods.join('.');
    },
  },
];

const hide: SwitchParam<Hideable[]> = {
  key: 'hide',
  where: 'query or hash',
  kept: true,
  syntax: '`hide=map,recs` or `map_hide=true`',
  description: `hide panels or controls: ${HIDEABLE.map(code).join(', ')} (\`hide=tour\` also ignores \`tour=\`)`,
  owns: (k) => k === 'hide' || k.endsWith('_hide'),
  read(found) {
    const out = new Set<Hideable>();
    for (const [k, v] of found) {
      const names = k === 'hide' ? v.split(',') : v !== 'false' && v !== '0' ? [k.slice(0, -5)] : [];
      for (const n of names) if ((HIDEABLE as readonly string[]).includes(n)) out.add(n as Hideable);
    }
    return plain(HIDEABLE.filter((h) => out.has(h)));
  },
};

const tour: SwitchParam<number | null> = {
  key: 'tour',
  where: 'query or hash',
  syntax: '`tour`, `tour=N`',
  description: 'open the guided tour at step N (1-based; `tour` alone: step 1; past the last: the last)',
  read(found) {
    const last = found[found.length - 1];
    if (!last) return plain(null);
    const [, v] = last;
    if (v === '') return plain(1);
    const n = Number(v);
    if (/^\d+$/.test(v) && Number.isSafeInteger(n) && n >= 1) return plain(n);
    return { value: null, problems: [ignored(`tour=${v} is not a step number (tour=1 is the first step)`)] };
  },
};

/** A whole number from a switch's last value (null: absent), or the notice for one that is not. */
function wholeSwitch(
  key: string,
  found: [string, string][],
  lo: number,
  hi: number,
  bare: number | null,
  what: string,
): Read<number | null> {
  const last = found[found.length - 1];
  if (!last) return plain(null);
  const [, v] = last;
  if (v === '' && bare !== null) return plain(bare);
  const n = Number(v);
  if (/^\d+$/.test(v) && n >= lo && n <= hi) return plain(n);
  return { value: null, problems: [ignored(`${key}=${v} is not ${what}`)] };
}

const arrival: SwitchParam<number | null> = {
  key: 'arrival',
  where: 'query or hash',
  syntax: '`arrival`, `arrival=N`',
  description: 'open the New arrivals panel at its N-th movie (1-based; `arrival` alone: the first)',
  read: (found) => wholeSwitch('arrival', found, 1, 1000, 1, 'a movie number (arrival=1 is the first)'),
};

const ak: SwitchParam<number | null> = {
  key: 'ak',
  where: 'query or hash',
  syntax: '`ak=K`',
  description: "with `arrival`: how many of the new movie's first ratings are in (0 to 20; default 0)",
  read: (found) => wholeSwitch('ak', found, 0, 20, null, 'a number of ratings from 0 to 20'),
};

/** A switch given bare (`?present`) or with a value; `=0`, `=false`, `=no` and `=off` turn it off. */
const on = (v: string) => !['0', 'false', 'no', 'off'].includes(v.toLowerCase());
const displaySwitch = (key: 'present' | 'embed', description: string): SwitchParam<boolean> => ({
  key,
  where: 'query or hash',
  kept: true,
  syntax: code(key),
  description,
  read: (found) => plain(found.some(([, v]) => on(v))),
});

export const MAX_PAUSE_MS = 10_000;

const pause: SwitchParam<number | null> = {
  key: 'pause',
  where: 'query',
  syntax: '`pause=ms`',
  description: `pause between a persona's ratings (default 1500, at most ${MAX_PAUSE_MS})`,
  read(found) {
    const ms = Number(found[0]?.[1]);
    const ok = found.length > 0 && Number.isFinite(ms) && ms >= 0;
    return plain(ok ? Math.min(ms, MAX_PAUSE_MS) : null);
  },
};

const backend: SwitchParam<BackendName | null> = {
  key: 'backend',
  where: 'query',
  syntax: '`backend=`',
  description: 'force `webgpu`, `webgl`, `wasm` or `cpu`',
  read(found) {
    const param = found[0]?.[1];
    if (param === undefined) return plain(null);
    if (BACKENDS.includes(param as BackendName)) return plain(param as BackendName);
    const notice = `Unknown backend "${param}" in the address: choosing automatically. Use webgpu, webgl, wasm or cpu.`;
    return { value: null, problems: [notice] };
  },
};

export const MAX_TIMEOUT_S = 600;

const timeout: SwitchParam<number | null> = {
  key: 'timeout',
  where: 'query',
  syntax: '`timeout=S`',
  description: `testing: a model file that sends nothing for S seconds (0 to ${MAX_TIMEOUT_S}) fails the load (default 30); the watchdog allows 4 x S`,
  read(found) {
    const v = found[0]?.[1];
    if (v === undefined) return plain(null);
    const seconds = Number(v);
    if (v !== '' && Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_TIMEOUT_S)
      return plain(Math.round(seconds * 1000));
    return {
      value: null,
      problems: [ignored(`timeout=${v} is not a number of seconds from 0 to ${MAX_TIMEOUT_S}`)],
    };
  },
};

const fault: SwitchParam<{ hook: boolean; failSelfCheck: BackendName[] }> = {
  key: 'fault',
  where: 'query',
  syntax: '`fault=selfcheck:webgl`',
  description:
    "testing: that backend's self-check fails (`,`-separated); any `fault` installs `window.__warmstartFault(kind)`",
  read(found) {
    const failSelfCheck: BackendName[] = [];
    const problems: string[] = [];
    for (const token of (found[0]?.[1] ?? '').split(',').filter(Boolean)) {
      const m = /^selfcheck:(\w+)$/.exec(token);
      if (m && BACKENDS.includes(m[1] as BackendName)) failSelfCheck.push(m[1] as BackendName);
      else problems.push(ignored(`fault=${token} is unknown (use selfcheck:webgpu, webgl, wasm or cpu)`));
    }
    return { value: { hook: found.length > 0, failSelfCheck }, problems };
  },
};

/** The switches, by name. */
export const SWITCHES = {
  hide,
  tour,
  arrival,
  ak,
  present: displaySwitch(
    'present',
    'presenter mode: larger type, only the rating deck, map, learning curve and top 10, no page chrome (`present=0`: off)',
  ),
  embed: displaySwitch(
    'embed',
    'embed mode: the same panels at normal size for an iframe, with a link to the full page (wins over `present`)',
  ),
  pause,
  backend,
  timeout,
  fault,
  ...METATRAIN_SWITCHES,
};

/** Every parameter, in the README's order. */
export const URL_PARAMS: readonly ParamDoc[] = [...STATE_PARAMS, ...Object.values(SWITCHES)];
