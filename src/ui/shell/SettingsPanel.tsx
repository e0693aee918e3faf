import { THEMES } from '../../state/persistence';
import { backendLabel } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { BACKENDS } from '../../worker/protocol';
import { OfflineCopy } from './OfflineCopy';
import { Panel } from './Panel';
import { SetAsideData } from './SetAsideData';

const HINTS = {
  auto: 'The first that works: WebGPU, then WebGL, WebAssembly, CPU.',
  webgpu: 'The GPU through the modern WebGPU API.',
  webgl: 'The GPU through WebGL 2.',
  wasm: 'The CPU through WebAssembly (SIMD when available).',
  cpu: 'Plain JavaScript on the CPU: slowest, works everywhere.',
} as const;

const THEME_LABELS = {
  system: {
    label: 'Like this device',
    hint: 'Light or dark, as your system is set (and follows it when it changes).',
  },
  light: { label: 'Light', hint: 'Dark text on a light page.' },
  dark: { label: 'Dark', hint: 'Light text on a dark page: easier in a dim room.' },
} as const;

export function SettingsPanel({ onClose }: { onClose: () => void }) {
  const setting = useAppStore((s) => s.settings.backend);
  const urlBackend = useAppStore((s) => s.urlBackend);
  const active = useAppStore((s) => s.engine.backend?.name ?? null);
  const restart = useAppStore((s) => s.restartEngine);
  const resetAll = useAppStore((s) => s.resetAll);
  const theme = useAppStore((s) => s.settings.theme);
  const setTheme = useAppStore((s) => s.setThemeSetting);
  const chosen = urlBackend ?? setting;
  return (
    <Panel title="Settings" onClose={onClose} testId="settings-panel">
      <fieldset className="choice">
        <legend>Compute backend</legend>
        {urlBackend && (
          <p className="card-sub">
            The address asks for {urlBackend} (?backend=). Choosing here overrides it.
          </p>
        )}
        {(['auto', ...BACKENDS] as const).map((b) => (
          <label key={b} className={`choice-row ${chosen === b ? 'on' : ''}`}>
            <input type="radio" name="backend" value={b} checked={chosen === b} onChange={() => restart(b)} />
            <span>
              <strong>{b === 'auto' ? 'Automatic' : backendLabel(b)}</strong>
              {active === b && <span className="pill">active</span>}
              <span className="card-sub">{HINTS[b]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choice" data-testid="theme-choice">
        <legend>Colours</legend>
        {THEMES.map((t) => (
          <label key={t} className={`choice-row ${theme === t ? 'on' : ''}`}>
            <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => setTheme(t)} />
            <span>
              <strong>{THEME_LABELS[t].label}</strong>
              <span className="card-sub">{THEME_LABELS[t].hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <SetAsideData />
      <OfflineCopy />
      <div className="danger">
        <h3>Start over</h3>
        <p className="card-sub">Forget your ratings, skipped movies and settings in this browser.</p>
        <button
          type="button"
          className="btn btn-danger"
          onClick={() => {
            resetAll();
            onClose();
          }}
        >
          Reset everything
        </button>
      </div>
    </Panel>
  );
}
