import { describe, expect, it } from 'vitest';
import { ratingKey, valueAtX } from './ratingKeys';

describe('ratingKey', () => {
  it('moves by half a star from nothing, from the saved value, and from the pending choice', () => {
    expect(ratingKey('ArrowRight', null, null)).toEqual({ kind: 'move', value: 0.5 });
    expect(ratingKey('ArrowRight', null, 3)).toEqual({ kind: 'move', value: 3.5 });
    expect(ratingKey('ArrowLeft', 2, 3)).toEqual({ kind: 'move', value: 1.5 });
    expect(ratingKey('ArrowUp', 4.5, null)).toEqual({ kind: 'move', value: 5 });
  });

  it('stops at the ends', () => {
    expect(ratingKey('ArrowRight', 5, null)).toEqual({ kind: 'move', value: 5 });
    expect(ratingKey('ArrowLeft', 0.5, null)).toEqual({ kind: 'move', value: 0.5 });
    expect(ratingKey('ArrowLeft', null, null)).toEqual({ kind: 'move', value: 0.5 });
    expect(ratingKey('Home', 3, 4)).toEqual({ kind: 'move', value: 0.5 });
    expect(ratingKey('End', null, null)).toEqual({ kind: 'move', value: 5 });
  });

  it('jumps to whole stars with digits 1-5 and leaves other digits alone', () => {
    expect(ratingKey('4', null, 1)).toEqual({ kind: 'move', value: 4 });
    expect(ratingKey('1', 3.5, null)).toEqual({ kind: 'move', value: 1 });
    expect(ratingKey('6', null, null)).toBeNull();
    expect(ratingKey('0', null, null)).toBeNull();
  });

  it('eight right arrows then Enter save 4 stars', () => {
    let pending: number | null = null;
    for (let i = 0; i < 8; i++) {
      const a = ratingKey('ArrowRight', pending, null);
      if (a?.kind === 'move') pending = a.value;
    }
    expect(ratingKey('Enter', pending, null)).toEqual({ kind: 'save', value: 4 });
  });

  it('saves the pending choice, else the saved value, else does nothing', () => {
    expect(ratingKey(' ', 2.5, 4)).toEqual({ kind: 'save', value: 2.5 });
    expect(ratingKey('Enter', null, 4)).toEqual({ kind: 'save', value: 4 });
    expect(ratingKey('Enter', null, null)).toEqual({ kind: 'ignore' });
  });

  it('Escape drops a pending choice; Tab and letters are not the control’s', () => {
    expect(ratingKey('Escape', 3, null)).toEqual({ kind: 'clear' });
    expect(ratingKey('Escape', null, 3)).toBeNull();
    expect(ratingKey('Tab', 3, null)).toBeNull();
    expect(ratingKey('a', 3, null)).toBeNull();
  });
});

describe('valueAtX', () => {
  it('maps a position across five stars to half stars', () => {
    expect(valueAtX(0, 100)).toBe(0.5);
    expect(valueAtX(9, 100)).toBe(0.5);
    expect(valueAtX(11, 100)).toBe(1);
    expect(valueAtX(79, 100)).toBe(4);
    expect(valueAtX(81, 100)).toBe(4.5);
    expect(valueAtX(100, 100)).toBe(5);
    expect(valueAtX(140, 100)).toBe(5);
    expect(valueAtX(-20, 100)).toBe(0.5);
    expect(valueAtX(50, 0)).toBe(0.5);
  });
});
