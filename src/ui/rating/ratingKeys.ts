/**
 * The keyboard contract of a star rating, as a pure function: arrows move the choice by half a
 * star without saving, Home and End go to the ends, digits 1-5 jump to whole stars, Enter or Space
 * saves, Escape drops the choice. The caller keeps the pending choice and does what this returns.
 */
export type RatingKeyAction =
  | { kind: 'move'; value: number }
  | { kind: 'save'; value: number }
  | { kind: 'clear' }
  | { kind: 'ignore' }
  | null;

export const MIN_STARS = 0.5;
export const MAX_STARS = 5;

const clamp = (v: number) => Math.min(MAX_STARS, Math.max(MIN_STARS, v));

/**
 * @param key KeyboardEvent.key.
 * @param pending the choice made with keys so far (null: none yet).
 * @param value the saved rating (null: not rated).
 * @returns what to do; null for a key the control leaves alone (Tab, letters...). 'ignore' means
 *   the key is the control's but there is nothing to do (Enter with nothing chosen): swallow it.
 */
export function ratingKey(key: string, pending: number | null, value: number | null): RatingKeyAction {
  const base = pending ?? value ?? 0;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return { kind: 'move', value: clamp(base + 0.5) };
    case 'ArrowLeft':
    case 'ArrowDown':
      return { kind: 'move', value: clamp(base - 0.5) };
    case 'Home':
      return { kind: 'move', value: MIN_STARS };
    case 'End':
      return { kind: 'move', value: MAX_STARS };
    case 'Enter':
    case ' ': {
      const v = pending ?? value;
      return v === null ? { kind: 'ignore' } : { kind: 'save', value: v };
    }
    case 'Escape':
      return pending === null ? null : { kind: 'clear' };
    default:
      if (/^[1-5]$/.test(key)) return { kind: 'move', value: Number(key) };
      return null;
  }
}

/** The half-star value under a pointer at `x` across a control `width` wide (five stars). */
export function valueAtX(x: number, width: number): number {
  if (!(width > 0)) return MIN_STARS;
  return clamp(Math.ceil((x / width) * 10) / 2);
}
