/**
 * Colours and labels of the methods in the compare view and the evaluation charts: the method
 * registry's (src/methods/registry.ts), with shorter names where a checkbox or a legend has kept
 * one (the bias baseline's name is also the accessible name of its compare-view checkbox).
 */
import { colorOf as registryColor, labelOf as registryLabel } from '../../methods/registry';

const SHORT: Record<string, string> = {
  bias: 'Bias baseline',
};

export const colorOf = (m: string): string => registryColor(m);
export const labelOf = (m: string): string => SHORT[m] ?? registryLabel(m);
