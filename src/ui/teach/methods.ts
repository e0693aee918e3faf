/**
 * Colours and labels of the methods in the compare view and the evaluation charts: the method
 * registry's (src/methods/registry.ts), with shorter names where a checkbox or a legend has kept
 * one (the bias baseline's name is also the accessible name of its compare-view checkbox).
 */
import { BASELINES, colorOf as registryColor, labelOf as registryLabel } from '../../methods/registry';
import type { MethodTraceView } from '../../worker/protocol';

/** A run the compare view draws: a shipped method's, or the training panel's initialization ('trained'). */
export type ShownTrace = Omit<MethodTraceView, 'method'> & { method: string };

const SHORT: Record<string, string> = {
  bias: 'Bias baseline',
  trained: 'Trained in the page',
};

/** The training panel's initialization is not in the registry: its own colour. */
const TRAINED_COLOR = '#0f766e';

export const colorOf = (m: string): string => (m === 'trained' ? TRAINED_COLOR : registryColor(m));
export const labelOf = (m: string): string => SHORT[m] ?? registryLabel(m);

/**
 * The baselines the evaluation panel draws and pairs the default method with: the registry's,
 * without the two that rank by a constant or a per-movie mean rating (they find almost none of a
 * user's favourites and would only crowd the chart).
 */
export const PANEL_BASELINES: readonly string[] = BASELINES.filter(
  (b) => b !== 'global-mean' && b !== 'item-mean',
);
