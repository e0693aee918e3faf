/** The settings slice's actions (choosing a backend that restarts the worker is restartEngine). */
import type { Settings } from '../../../persistence';
import type { SliceActions } from '../../initialState';

export interface SettingsAction {
  setBackendSetting: (backend: Settings['backend']) => void;
  setThemeSetting: (theme: Settings['theme']) => void;
}

export const createSettingsSlice: SliceActions<SettingsAction> = (set) => ({
  setBackendSetting: (backend) => set((s) => ({ settings: { ...s.settings, backend } })),
  setThemeSetting: (theme) => set((s) => ({ settings: { ...s.settings, theme } })),
});
