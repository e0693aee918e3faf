/**
 * The shareable state: ratings (in the order given), skipped movies, inner-loop settings, the
 * elicitation strategy, the seed and the compared methods. Two forms, both validated on read:
 * a compact URL hash (`#r=8ua.889&lr=0.5&n=10&b=0&e=inf&seed=7`) and a JSON file for export and
 * import. Workshop switches (`hide=` and Playground-style `*_hide=true`) ride along in the hash or
 * the query and are kept when the hash is rewritten. Every URL parameter, its parser and its checks
 * are declared once in url/params.ts; this module reads and writes the address through that table.
 * Pure functions, no DOM.
 */

import { decodeURIComponentSafe, pairs } from './url/address';
import { owns, readSwitch, type HashDraft } from './url/kinds';
import { STATE_PARAMS, SWITCHES } from './url/params';
import {
  COMPARE_METHODS,
  DEFAULT_STRATEGY,
  defaultShared,
  isHalfStar,
  isSeed,
  lrProblem,
  STRATEGIES,
  stepsProblem,
  type Display,
  type Hideable,
  type InnerSettings,
  type RatedMovie,
  type SharedState,
  type Strategy,
} from './url/values';

export {
  COMPARE_METHODS,
  DEFAULT_STRATEGY,
  defaultInner,
  defaultShared,
  DISPLAYS,
  HIDEABLE,
  isHalfStar,
  MAX_LINK_RATINGS,
  MAX_LR,
  MAX_STEPS,
  STRATEGIES,
  type Display,
  type CompareMethod,
  type Hideable,
  type InnerSettings,
  type RatedMovie,
  type SharedState,
  type Strategy,
} from './url/values';

/** The hash (without '#') for a state; default values are left out. Workshop keys are appended. */
export function encodeHash(s: SharedState, keep: [string, string][] = []): string {
  const p: [string, string][] = [];
  for (const param of STATE_PARAMS) {
    const v = param.write(s);
    if (v !== null) p.push([param.key, v]);
  }
  return [...p, ...keep].map(([k, v]) => `${k}=${v}`).join('&');
}

export type Decoded =
  | { kind: 'none' }
  /** `ratingsNotInLink`: the link was made with that many ratings and carries none of them (rk=). */
  | { kind: 'ok'; state: SharedState; ratingsNotInLink?: number }
  | { kind: 'invalid'; reason: string };

const STATE_KEYS = new Set(STATE_PARAMS.map((p) => p.key));
const KEPT = Object.values(SWITCHES).filter((p) => p.kept);

/** The workshop keys of a hash (`hide`, `*_hide`, `present`, `embed`), to keep when the hash is rewritten. */
export function workshopKeys(hash: string): [string, string][] {
  return pairs(hash).filter(([k]) => KEPT.some((p) => owns(p, k)));
}

/** Read a hash. No state keys: 'none'. Anything malformed: 'invalid' with the reason. */
export function decodeHash(hash: string): Decoded {
  const kv = pairs(hash).filter(([k]) => STATE_KEYS.has(k));
  if (kv.length === 0) return { kind: 'none' };
  const draft: HashDraft = { state: defaultShared(), link: new Map(kv) };
  for (const param of STATE_PARAMS) {
    const v = draft.link.get(param.key);
    if (v === undefined) continue;
    const reason = param.read(v, draft);
    if (reason !== null) return { kind: 'invalid', reason };
  }
  return draft.ratingsNotInLink === undefined
    ? { kind: 'ok', state: draft.state }
    : { kind: 'ok', state: draft.state, ratingsNotInLink: draft.ratingsNotInLink };
}

function validateInner(v: { lr: unknown; steps: unknown; adaptBias: unknown }): InnerSettings | string {
  const { lr, steps, adaptBias } = v;
  const problem = lrProblem(lr) ?? stepsProblem(steps);
  if (problem !== null) return problem;
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
  return readSwitch(SWITCHES.hide, search, hash).value;
}

/**
 * The guided tour's step from the query or the hash: `tour` or `tour=1` opens it at the first step,
 * `tour=N` at step N (1-based; the tour clamps N to its last step). Absent: null. Anything else is
 * a problem, the notice to show, and no tour.
 */
export function tourFrom(search: string, hash: string): { step: number | null; problem: string | null } {
  const { value, problems } = readSwitch(SWITCHES.tour, search, hash);
  return { step: value, problem: problems[0] ?? null };
}

/**
 * The layout the address asks for, from the query or the hash: `present` or `embed` (bare or
 * `=1`); embed wins when both are given (an iframe cannot be a room's full screen).
 */
export function displayFrom(search: string, hash: string): Display {
  const asks = (key: 'present' | 'embed') => readSwitch(SWITCHES[key], search, hash).value;
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
  const keys = [SWITCHES.present.key, SWITCHES.embed.key];
  const strip = (s: string, lead: string) => {
    const body = s.startsWith(lead) ? s.slice(1) : s;
    return body
      .split('&')
      .filter((kv) => kv !== '' && !keys.includes(decodeURIComponentSafe(kv.split('=')[0] ?? '')));
  };
  const q = strip(search, '?');
  if (display !== 'page') q.push(display);
  const h = strip(hash, '#');
  return { search: q.length ? `?${q.join('&')}` : '', hash: h.length ? `#${h.join('&')}` : '' };
}
