/**
 * The colour theme. Settings' choice ('system' follows prefers-color-scheme) resolves to light or
 * dark, written as `data-theme` on <html>, which styles/tokens.css keys its palette on. Canvas and
 * SVG drawings cannot use CSS variables directly (a canvas takes colour strings; an exported SVG
 * must stand alone), so usePalette() hands them the same variables' values, read with
 * getComputedStyle once per theme change, never per frame.
 */
import { useSyncExternalStore } from 'react';
import type { ThemeChoice } from '../state/persistence';
import type { AppStore } from '../state/store';

export type ResolvedTheme = 'light' | 'dark';

/** The colours drawings use, as CSS colour strings (the variable each comes from beside it). */
export interface Palette {
  theme: ResolvedTheme;
  /** --card: a drawing's background, and the halo around discs and markers. */
  card: string;
  /** --ink, --ink-2, --ink-3: text and strong lines, secondary text, axis labels. */
  ink: string;
  ink2: string;
  ink3: string;
  /** --subtle: grid lines. */
  grid: string;
  /** --axis: axis lines. */
  axis: string;
  /** --guide: hover rules and reference diagonals. */
  guide: string;
  /** --line: borders. */
  line: string;
  /** --accent and --accent-focus: the visitor's own series, and its earlier runs. */
  accent: string;
  accentFaint: string;
  /** --star, --warn: the fit chart's points. */
  star: string;
  warn: string;
  /** --map-halo, --map-path: the map's marker outlines and the visitor's path. */
  mapHalo: string;
  mapPath: string;
  /** --map-neighbour: the rings of the movie picked on the map and of its nearest neighbours. */
  mapNeighbour: string;
}

const VARS: Record<Exclude<keyof Palette, 'theme'>, [string, string]> = {
  card: ['--card', '#ffffff'],
  ink: ['--ink', '#111827'],
  ink2: ['--ink-2', '#4b5563'],
  ink3: ['--ink-3', '#5f6673'],
  grid: ['--subtle', '#eef0f5'],
  axis: ['--axis', '#d9dce5'],
  guide: ['--guide', '#c7cbe0'],
  line: ['--line', '#e6e8ef'],
  accent: ['--accent', '#4f46e5'],
  accentFaint: ['--accent-focus', '#a5b4fc'],
  star: ['--star', '#f59e0b'],
  warn: ['--warn', '#b45309'],
  mapHalo: ['--map-halo', '#ffffff'],
  mapPath: ['--map-path', '#111827'],
  mapNeighbour: ['--map-neighbour', '#0d9488'],
};

/** The light palette's values, for environments without styles (unit tests, a server render). */
export const FALLBACK_PALETTE: Palette = {
  theme: 'light',
  ...(Object.fromEntries(Object.entries(VARS).map(([k, [, v]]) => [k, v])) as Omit<Palette, 'theme'>),
};

export const resolveTheme = (choice: ThemeChoice, systemDark: boolean): ResolvedTheme =>
  choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;

let current: Palette | null = null;
const listeners = new Set<() => void>();

function readPalette(): Palette {
  if (typeof document === 'undefined') return FALLBACK_PALETTE;
  const style = getComputedStyle(document.documentElement);
  const out = { theme: document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light' } as Palette;
  for (const [key, [name, fallback]] of Object.entries(VARS))
    (out as unknown as Record<string, string>)[key] = style.getPropertyValue(name).trim() || fallback;
  return out;
}

const getPalette = (): Palette => (current ??= readPalette());
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The drawing colours of the current theme; re-renders the caller when the theme changes. */
export const usePalette = (): Palette => useSyncExternalStore(subscribe, getPalette, () => FALLBACK_PALETTE);

/**
 * Keep <html data-theme> in step with Settings and the system's preference. Call once, before the
 * first render, so the first paint has the right colours.
 */
export function startTheme(store: AppStore): void {
  const media =
    typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  const apply = () => {
    const theme = resolveTheme(store.getState().settings.theme, media?.matches ?? false);
    if (document.documentElement.dataset.theme === theme) return;
    document.documentElement.dataset.theme = theme;
    current = null;
    for (const l of listeners) l();
  };
  apply();
  store.subscribe((s, prev) => {
    if (s.settings.theme !== prev.settings.theme) apply();
  });
  media?.addEventListener('change', apply);
}
