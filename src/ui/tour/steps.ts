/**
 * The guided tour's steps: the README's workshop exercises, in the page. Each points at the panel
 * it talks about (a CSS selector of a stable test id) and names the `hide=` switch that would
 * remove that panel, so a step whose panel a link hides says so instead of pointing at nothing.
 * Plain data; loaded with the tour (on demand).
 */
import type { Hideable } from '../../state/shareState';

export interface TourAction {
  label: string;
  /** What the button does to the store (see Tour.tsx). */
  kind: 'huge-lr' | 'defaults';
}

export interface TourStep {
  title: string;
  body: string;
  /** The element the step points at. */
  target: string;
  /** The panels a workshop link can hide that would take the target away. */
  panels: Hideable[];
  actions?: TourAction[];
}

export const TOUR_STEPS: readonly TourStep[] = [
  {
    title: 'Rate a few movies',
    body: 'Rate three movies you have seen (click a star, use the arrow keys and Enter, or tap). Each rating starts an adaptation: a few gradient steps from the meta-learned start on your ratings, the support set.',
    target: '#rate-deck',
    panels: ['rate'],
  },
  {
    title: 'Watch the inner loop',
    body: 'The learning curve is the loss on your ratings after each inner step: it falls as your user state fits you. The status line above says how many steps it took and how far the loss fell.',
    target: '[data-testid="adaptation-chart"]',
    panels: ['charts'],
  },
  {
    title: 'Follow your point on the map',
    body: 'Your path runs from the hollow start (the meta-initialization) through each inner step. Close on the map means similar movies, not recommended: your list follows the direction your point moves.',
    target: '[data-testid="embedding-map"]',
    panels: ['map'],
  },
  {
    title: 'Compare the methods',
    body: 'Every method adapts to the same ratings. Press Play or Step +1 to move through the inner steps: which curve falls fastest with three ratings, and do their top-10 lists agree?',
    target: '[data-testid="compare-view"]',
    panels: ['compare'],
  },
  {
    title: 'Break it: a huge learning rate',
    body: 'Drag the inner learning rate to 50, or press the button: the first step throws the user state far past your movies, the curves stop falling and the methods are marked diverging. Defaults brings the trained rate back.',
    target: '[data-testid="inner-controls"]',
    panels: ['compare', 'controls'],
    actions: [
      { label: 'Set the learning rate to 50', kind: 'huge-lr' },
      { label: 'Back to the trained setting', kind: 'defaults' },
    ],
  },
  {
    title: 'Read the evaluation',
    body: 'These charts come from users nobody trained on: Recall@20 and nDCG@20 against the number of ratings, with 95% intervals, your count marked. The sentences under them say which differences are real and which are noise.',
    target: '[data-testid="eval-charts"]',
    panels: ['eval'],
  },
];

/** A linked step number (1-based) within the tour. */
export const clampStep = (step: number): number => Math.min(Math.max(1, Math.round(step)), TOUR_STEPS.length);
