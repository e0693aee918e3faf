/** Derived from the meta-training slice: what the buttons allow, and the status in words. */
import type { MetaTrainSliceState } from './initialState';

type M = MetaTrainSliceState['metatrain'];

export const isTraining = (m: M): boolean => m.state === 'running';
/**
 * Play and Step need the training data loaded and the training not running; after an error they try
 * again from the last good initialization (with, say, a smaller meta learning rate). Reset: any
 * time but while loading.
 */
export const canPlay = (m: M): boolean => m.state !== 'running' && m.state !== 'loading';
export const canPause = (m: M): boolean => m.state === 'running';
export const canStep = canPlay;
export const canReset = (m: M): boolean => m.state !== 'loading';

/** The status attribute: the contract's four states ('loading' reads as idle, with aria-busy). */
export const shownState = (m: M): 'idle' | 'running' | 'paused' | 'error' =>
  m.state === 'loading' ? 'idle' : m.state;

/** A number for the screen: fixed digits, or a dash when it is not finite. */
export const fmt = (x: number | null, digits: number): string =>
  x !== null && Number.isFinite(x) ? x.toFixed(digits) : '–';

/** Whether the loss went down since the first meta-step (null before two steps). */
export function lossDirection(m: M): 'lower' | 'higher' | 'same' | null {
  if (m.lossFirst === null || m.lossLast === null || m.step < 2) return null;
  return m.lossLast < m.lossFirst ? 'lower' : m.lossLast > m.lossFirst ? 'higher' : 'same';
}

/** The latest meta-val Recall@20, or null before the first evaluation. */
export const latestValRecall = (m: M): number | null => m.val[m.val.length - 1]?.recall ?? null;

/** "Step 50 · loss 7.41 → 6.93 (lower) · meta-val Recall@20 0.331 · 4.2 steps/s". */
export function statusText(m: M): string {
  if (m.state === 'loading') return 'Loading the training data…';
  if (m.state === 'error') return `Stopped at step ${m.step}: ${m.message ?? 'training failed'}`;
  const parts = [`Step ${m.step}`];
  if (m.lossFirst !== null && m.lossLast !== null) {
    const dir = lossDirection(m);
    parts.push(`loss ${fmt(m.lossFirst, 2)} → ${fmt(m.lossLast, 2)}${dir ? ` (${dir})` : ''}`);
  }
  const recall = latestValRecall(m);
  if (recall !== null) parts.push(`meta-val Recall@20 ${fmt(recall, 3)}`);
  parts.push(`${fmt(m.stepsPerSecond, 1)} steps/s`);
  return parts.join(' · ');
}
