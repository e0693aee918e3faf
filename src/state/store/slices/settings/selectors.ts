/** Derived from the settings slice. */
import type { BackendName } from '../../../../worker/protocol';
import type { SettingsState } from './initialState';

/** The backend the next start will ask for: the URL wins over the setting; null is automatic. */
export const requestedBackend = (s: SettingsState): BackendName | null =>
  s.urlBackend ?? (s.settings.backend === 'auto' ? null : s.settings.backend);
