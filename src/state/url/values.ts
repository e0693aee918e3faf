/**
 * What the shareable state is made of: its types, defaults, bounds and the check of each value.
 * Shared by the address (params.ts, one table of every URL parameter) and the state file
 * (../shareState.ts). Plain data and pure functions: no DOM, and it imports nothing from the store.
 */

import {
  DEFAULT_STRATEGY,
  INTERVIEW_INFO,
  INTERVIEW_STRATEGIES,
  type InterviewStrategy,
} from '../../methods/interview';
import type { ComparedMethod } from '../../worker/protocol';

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
export const STRATEGY_CODES = Object.fromEntries(
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

/**
 * The most ratings a link carries (about 5 characters each). An import of thousands would make
 * an address of tens of kilobytes that mail and chat programs cut or refuse; above this the hash
 * says only how many ratings there are (`rk=5000`), the ratings stay in this browser's storage,
 * and the page says to share them as a CSV (Export ratings) instead.
 */
export const MAX_LINK_RATINGS = 500;

export const isSeed = (x: unknown): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 2 ** 31;

/** Why a learning rate (null: the trained rates) cannot be used, or null when it can. */
export function lrProblem(lr: unknown): string | null {
  return lr !== null && !(typeof lr === 'number' && Number.isFinite(lr) && lr > 0 && lr <= MAX_LR)
    ? `the learning rate must be a number above 0 and at most ${MAX_LR}`
    : null;
}

/** Why a number of inner steps (null: the trained count) cannot be used, or null when it can. */
export function stepsProblem(steps: unknown): string | null {
  return steps !== null &&
    !(typeof steps === 'number' && Number.isInteger(steps) && steps >= 1 && steps <= MAX_STEPS)
    ? `the number of steps must be a whole number from 1 to ${MAX_STEPS}`
    : null;
}

/**
 * How the page is laid out: 'page' (everything), 'present' (a room: large type, the rating deck,
 * map, learning curve and top 10, no page chrome) or 'embed' (the same panels sized for an iframe).
 */
export const DISPLAYS = ['page', 'present', 'embed'] as const;
export type Display = (typeof DISPLAYS)[number];
