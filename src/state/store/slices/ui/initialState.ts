/** The ui slice's state: notices, the open panel, the page's display mode and what is highlighted. */
import type { Display } from '../../../shareState';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'warning';
  /** A notice with a key replaces the earlier one with the same key. */
  key?: string;
  /** A file the visitor can save from the notice (e.g. saved data that could not be read). */
  download?: { label: string; filename: string; text: string };
}

export interface UiState {
  notices: Notice[];
  panel: 'about' | 'settings' | null;
  /**
   * How the page is laid out: the full page, presenter mode (`?present`: large type, the panels a
   * room needs, no page chrome) or embed mode (`?embed`: the same, sized for an iframe). Set from the
   * address; not persisted (a room's mode belongs to the link that opened it).
   */
  display: Display;
  /** Catalog index highlighted across views (hover on a list or the map). */
  highlight: number | null;
  /**
   * The movie picked on the map (click, Enter, a neighbour in its list) and its nearest neighbours in
   * the model's item space (catalog indices, most similar first; null until the worker answers).
   */
  mapFocus: { index: number; neighbours: number[] | null } | null;
}

export const initialUiState = (): UiState => ({
  notices: [],
  panel: null,
  display: 'page',
  highlight: null,
  mapFocus: null,
});
