/**
 * The training panel's address: `metatrain` (present: the panel is open, so a teacher can share a
 * link to it) and its controls, one key each (`mt`, `mlr`, `mis`, `milr`, `mb`, `mk`, `mseed`),
 * with their defaults and bounds. A value out of bounds is clamped, one that is not a value is
 * ignored; both are said in a notice. The page writes them to the query as the controls change
 * (`withMetaTrain`, defaults left out) and keeps them when the hash is rewritten. Pure functions,
 * no DOM; the message types come from the worker's contract (types only).
 */
import {
  METATRAIN_METHODS,
  type MetaTrainConfig,
  type MetaTrainMethod,
} from '../../worker/metatrainProtocol';
import { addressPairs, decodeURIComponentSafe } from './address';
import { plain, type Read, type SwitchParam } from './kinds';

/** The panel's defaults: small enough that a meta-step takes a fraction of a second on a CPU. */
export const DEFAULT_METATRAIN: Readonly<MetaTrainConfig> = {
  method: 'maml',
  outerLr: 0.01,
  innerSteps: 1,
  innerLr: 1,
  metaBatch: 16,
  kMin: 1,
  kMax: 20,
  seed: 1,
};

/**
 * Bounds of the numeric controls (the inputs' min and max, and the address's clamp): within the
 * worker's (src/model/panelTrainer.ts PANEL_LIMITS, which the main thread cannot import).
 */
export const METATRAIN_BOUNDS = {
  outerLr: { min: 0.0001, max: 1000 },
  innerSteps: { min: 0, max: 5 },
  innerLr: { min: 0.001, max: 100 },
  metaBatch: { min: 1, max: 256 },
  k: { min: 0, max: 50 },
  seed: { min: 0, max: 2 ** 31 },
} as const;

export const METATRAIN_LABELS: Record<MetaTrainMethod, string> = {
  maml: 'MAML',
  fomaml: 'First-order MAML',
  reptile: 'Reptile',
  pretrain: 'Pretrain (reference)',
};

const clamp = (x: number, b: { min: number; max: number }) => Math.min(b.max, Math.max(b.min, x));
const ignored = (what: string) => `Ignored in the address: ${what}.`;
const clamped = (key: string, v: string, to: number | string) =>
  `In the address, ${key}=${v} is out of range: ${to} is used.`;

/** A number, rounded to a whole one when `whole`, clamped to `b`; or what to say about it. */
function numberIn(
  key: string,
  v: string,
  b: { min: number; max: number },
  whole: boolean,
): Read<number | null> {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x))
    return { value: null, problems: [ignored(`${key}=${v} is not a number`)] };
  const n = clamp(whole ? Math.round(x) : x, b);
  return { value: n, problems: n === x ? [] : [clamped(key, v, n)] };
}

/** One numeric control: the last value given wins. */
function numeric(
  key: string,
  b: { min: number; max: number },
  whole: boolean,
  description: string,
): SwitchParam<number | null> {
  return {
    key,
    where: 'query or hash',
    kept: true,
    syntax: `\`${key}=\``,
    description,
    read(found) {
      const last = found[found.length - 1];
      return last ? numberIn(key, last[1], b, whole) : plain(null);
    },
  };
}

const metatrain: SwitchParam<boolean> = {
  key: 'metatrain',
  where: 'query or hash',
  kept: true,
  syntax: '`metatrain`',
  description: 'open the meta-training panel (a link to it a teacher can share; `metatrain=0`: closed)',
  read: (found) => plain(found.some(([, v]) => !['0', 'false', 'no', 'off'].includes(v.toLowerCase()))),
};

const mt: SwitchParam<MetaTrainMethod | null> = {
  key: 'mt',
  where: 'query or hash',
  kept: true,
  syntax: `\`mt=${METATRAIN_METHODS.join('|')}\``,
  description: 'meta-training panel: the method (`pretrain`: plain pretraining, the reference)',
  read(found) {
    const v = found[found.length - 1]?.[1];
    if (v === undefined) return plain(null);
    if ((METATRAIN_METHODS as readonly string[]).includes(v)) return plain(v as MetaTrainMethod);
    return { value: null, problems: [ignored(`mt=${v} is not a method (${METATRAIN_METHODS.join(', ')})`)] };
  },
};

const B = METATRAIN_BOUNDS;
const mk: SwitchParam<[number, number] | null> = {
  key: 'mk',
  where: 'query or hash',
  kept: true,
  syntax: '`mk=1-20`',
  description: `meta-training panel: the range of K (ratings given) per episode, ${B.k.min}-${B.k.max}`,
  read(found) {
    const v = found[found.length - 1]?.[1];
    if (v === undefined) return plain(null);
    const m = /^(\d+)(?:-(\d+))?$/.exec(v.trim());
    if (!m) return { value: null, problems: [ignored(`mk=${v} is not a range like 1-20`)] };
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    const lo = clamp(Math.min(a, b), B.k);
    const hi = clamp(Math.max(a, b), B.k);
    const same = lo === a && hi === b;
    return { value: [lo, hi], problems: same ? [] : [clamped('mk', v, `${lo}-${hi}`)] };
  },
};

/** The panel's switches, by name (url/params.ts adds them to the one table). */
export const METATRAIN_SWITCHES = {
  metatrain,
  mt,
  mlr: numeric(
    'mlr',
    B.outerLr,
    false,
    `meta-training panel: the meta learning rate (Adam), ${B.outerLr.min} to ${B.outerLr.max}`,
  ),
  mis: numeric(
    'mis',
    B.innerSteps,
    true,
    `meta-training panel: inner steps per episode, ${B.innerSteps.min}-${B.innerSteps.max}`,
  ),
  milr: numeric(
    'milr',
    B.innerLr,
    false,
    `meta-training panel: the inner learning rate, ${B.innerLr.min} to ${B.innerLr.max}`,
  ),
  mb: numeric(
    'mb',
    B.metaBatch,
    true,
    `meta-training panel: users per meta-step (meta-batch), ${B.metaBatch.min}-${B.metaBatch.max}`,
  ),
  mk,
  mseed: numeric(
    'mseed',
    B.seed,
    true,
    'meta-training panel: the random seed (initial weights and episodes)',
  ),
};

const KEYS = Object.values(METATRAIN_SWITCHES).map((p) => p.key);

/** The panel as the address asks: open or not, its controls (defaults where not given), and the notices. */
export function metatrainFrom(
  search: string,
  hash: string,
): { open: boolean; config: MetaTrainConfig; problems: string[] } {
  const all = addressPairs(search, hash);
  const problems: string[] = [];
  const read = <T>(p: SwitchParam<T>): T => {
    const r = p.read(all.filter(([k]) => k === p.key));
    problems.push(...r.problems);
    return r.value;
  };
  const S = METATRAIN_SWITCHES;
  const d = DEFAULT_METATRAIN;
  const open = read(S.metatrain);
  const k = read(S.mk);
  const config: MetaTrainConfig = {
    method: read(S.mt) ?? d.method,
    outerLr: read(S.mlr) ?? d.outerLr,
    innerSteps: read(S.mis) ?? d.innerSteps,
    innerLr: read(S.milr) ?? d.innerLr,
    metaBatch: read(S.mb) ?? d.metaBatch,
    kMin: k?.[0] ?? d.kMin,
    kMax: k?.[1] ?? d.kMax,
    seed: read(S.mseed) ?? d.seed,
  };
  return { open, config, problems };
}

/** The address's pairs for the panel (none when closed; defaults left out). */
export function metatrainPairs(open: boolean, c: MetaTrainConfig): string[] {
  if (!open) return [];
  const d = DEFAULT_METATRAIN;
  const out = ['metatrain'];
  if (c.method !== d.method) out.push(`mt=${c.method}`);
  if (c.outerLr !== d.outerLr) out.push(`mlr=${c.outerLr}`);
  if (c.innerSteps !== d.innerSteps) out.push(`mis=${c.innerSteps}`);
  if (c.innerLr !== d.innerLr) out.push(`milr=${c.innerLr}`);
  if (c.metaBatch !== d.metaBatch) out.push(`mb=${c.metaBatch}`);
  if (c.kMin !== d.kMin || c.kMax !== d.kMax) out.push(`mk=${c.kMin}-${c.kMax}`);
  if (c.seed !== d.seed) out.push(`mseed=${c.seed}`);
  return out;
}

/**
 * The query and hash with the panel's keys rewritten: removed from both, and the current ones (if
 * the panel is open) appended to the query. Everything else is kept as written.
 */
export function withMetaTrain(
  search: string,
  hash: string,
  open: boolean,
  config: MetaTrainConfig,
): { search: string; hash: string } {
  const strip = (s: string, lead: string) =>
    (s.startsWith(lead) ? s.slice(1) : s)
      .split('&')
      .filter((kv) => kv !== '' && !KEYS.includes(decodeURIComponentSafe(kv.split('=')[0] ?? '')));
  const q = [...strip(search, '?'), ...metatrainPairs(open, config)];
  const h = strip(hash, '#');
  return { search: q.length ? `?${q.join('&')}` : '', hash: h.length ? `#${h.join('&')}` : '' };
}
