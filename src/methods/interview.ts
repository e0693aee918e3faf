/**
 * The one registry of interview strategies: which movie the onboarding offers next. Every name the
 * simulator (`npm run interview`), `npm run predict --ask`, the worker and the UI know, with its
 * URL code (`e=` in a shared link; codes are only ever added, never changed), its label and, in
 * plain words, what it does. Plain data: the main thread reads it too.
 */

import stored from './interviewPolicy.json' with { type: 'json' };

export const INTERVIEW_STRATEGIES = [
  'pop-entropy',
  'popularity',
  'random',
  'informative',
  'entropy',
  'log-entropy',
  'greedy',
  'tree',
  'learned',
] as const;
export type InterviewStrategy = (typeof INTERVIEW_STRATEGIES)[number];

export interface InterviewStrategyInfo {
  /** The `e=` code of a shared link. */
  code: string;
  label: string;
  /** What it does, in plain words (the teaching panel shows it). */
  description: string;
  /** Whether the next movie depends on the answers so far (computed in the worker). */
  adaptive: boolean;
  /** Whether it needs the model's adapted state (else only the answers and the catalog). */
  usesState: boolean;
}

export const INTERVIEW_INFO: Record<InterviewStrategy, InterviewStrategyInfo> = {
  'pop-entropy': {
    code: 'pe',
    label: 'Popularity × disagreement',
    description:
      'Well-known movies people disagree about (log rating count × rating entropy), varied across genres. The same list for everyone.',
    adaptive: false,
    usesState: false,
  },
  popularity: {
    code: 'pop',
    label: 'Most popular',
    description: 'The most rated movies first: you likely know them, but everybody likes most of them.',
    adaptive: false,
    usesState: false,
  },
  random: {
    code: 'rnd',
    label: 'Random (seeded)',
    description: 'A seeded shuffle of the 1,000 most rated movies.',
    adaptive: false,
    usesState: false,
  },
  informative: {
    code: 'inf',
    label: 'Most informative next (model)',
    description:
      'The well-known movie whose rating would move your user state the most (MeLU-style), recomputed after every rating.',
    adaptive: true,
    usesState: true,
  },
  entropy: {
    code: 'ent',
    label: 'Popularity × entropy',
    description: 'Rating count × rating entropy (Rashid et al. 2002): popular movies that split opinion.',
    adaptive: false,
    usesState: false,
  },
  'log-entropy': {
    code: 'lent',
    label: 'log(popularity) × entropy',
    description:
      'log rating count × rating entropy (Rashid et al. 2002), without the genre variety of the default.',
    adaptive: false,
    usesState: false,
  },
  greedy: {
    code: 'gr',
    label: 'Likely seen × informative (model)',
    description:
      'The model guesses which movies you have seen from your answers so far, and asks the one most likely seen whose rating would move your state the most.',
    adaptive: true,
    usesState: true,
  },
  tree: {
    code: 'tree',
    label: 'Decision tree (learned)',
    description:
      'A question tree learned on training users: the next movie depends on whether you liked, disliked or had not seen the last ones (Golbandi et al. 2011).',
    adaptive: true,
    usesState: false,
  },
  learned: {
    code: 'lrn',
    label: 'Learned interviewer',
    description:
      'A scoring rule learned on simulated sign-ups of training users: it weighs popularity, disagreement, how likely you saw a movie and how much it would tell the model, given your answers so far.',
    adaptive: true,
    usesState: true,
  },
};

export const isInterviewStrategy = (x: unknown): x is InterviewStrategy =>
  typeof x === 'string' && (INTERVIEW_STRATEGIES as readonly string[]).includes(x);

/** A strategy by its `e=` code, or null. */
export const strategyOfCode = (code: string): InterviewStrategy | null =>
  INTERVIEW_STRATEGIES.find((s) => INTERVIEW_INFO[s].code === code) ?? null;

/**
 * The app's default: the best strategy on meta-val by Recall@20 after 10 offers, as `npm run
 * interview` recorded it (popularity x disagreement when none is recorded).
 */
export const DEFAULT_STRATEGY: InterviewStrategy = isInterviewStrategy(stored.defaultStrategy)
  ? stored.defaultStrategy
  : 'pop-entropy';
