/** The settings slice's state: the visitor's saved settings and a backend forced by the address. */
import type { BackendName } from '../../../../worker/protocol';
import { defaultSettings, type Settings } from '../../../persistence';

export interface SettingsState {
  settings: Settings;
  /** `?backend=` in the URL: wins over the setting for this page load. */
  urlBackend: BackendName | null;
}

export const initialSettingsState = (): SettingsState => ({ settings: defaultSettings(), urlBackend: null });
