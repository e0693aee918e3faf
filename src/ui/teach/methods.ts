/**
 * Colours and labels of the methods in the compare view and the evaluation charts: the method
 * registry's (src/methods/registry.ts), with shorter names where a checkbox or a legend has kept
 * one (the bias baseline's name is also the accessible name of its compare-view checkbox).
 */
import { BASELINES, colorOf as registryColor, labelOf as registryLabel } from '../../methods/registry';

const SHORT: Record<string, string> = {
  bias: 'Bias baseline',
};

export const colorOf = (m: string): string => registryColor(m);
export const labelOf = (m: string): string => SHORT[m] ?? registryLabel(m);

/**
 * The baselines the evaluation panel draws and pairs the default method with: the registry's,
 * without the two that rank by a constant or a per-movie mean rating (they find almost none of a
 * user's favourites and would only crowd the chart).
 */
export const PANEL_BASELINES: readonly string[] = BASELINES.filter(
  (b) => b !== 'global-mean' && b !== 'item-mean',
);
