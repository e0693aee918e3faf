/** The ui slice's actions: notices, panels, display mode, highlight and the map's picked movie. */
import type { Display } from '../../../shareState';
import type { SliceActions } from '../../initialState';
import type { Notice, UiState } from './initialState';

export interface UiAction {
  addNotice: (text: string, tone?: Notice['tone'], extra?: Pick<Notice, 'key' | 'download'>) => void;
  dismissNotice: (id: number) => void;
  setPanel: (panel: UiState['panel']) => void;
  setDisplay: (display: Display) => void;
  setHighlight: (index: number | null) => void;
  focusOnMap: (index: number | null) => void;
  /** The worker's answer for `index`; ignored unless it is still the movie picked. */
  neighboursFound: (index: number, items: number[]) => void;
}

let noticeId = 0;
export const createUiSlice: SliceActions<UiAction> = (set) => ({
  addNotice: (text, tone = 'info', extra = {}) =>
    set((s) => ({
      notices: [
        ...s.notices.filter((n) => n.text !== text && (extra.key === undefined || n.key !== extra.key)),
        { id: ++noticeId, text, tone, ...extra },
      ],
    })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setPanel: (panel) => set({ panel }),
  setDisplay: (display) => set({ display }),
  setHighlight: (highlight) => set({ highlight }),
  focusOnMap: (index) => set({ mapFocus: index === null ? null : { index, neighbours: null } }),
  neighboursFound: (index, neighbours) =>
    set((s) => (s.mapFocus?.index === index ? { mapFocus: { index, neighbours } } : {})),
});
