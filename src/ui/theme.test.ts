import { describe, expect, it } from 'vitest';
import { FALLBACK_PALETTE, resolveTheme } from './theme';

describe('theme', () => {
  it('system follows the preference; light and dark are fixed', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('has a light palette for environments without styles', () => {
    expect(FALLBACK_PALETTE.theme).toBe('light');
    for (const v of Object.values(FALLBACK_PALETTE)) expect(v).toMatch(/^(#[0-9a-f]{6}|light)$/);
  });
});
