import { useRef, useState } from 'react';
import { playPersona, PERSONAS } from '../../state/presets';
import { isHidden, sharedOf } from '../../state/selectors';
import { toFile } from '../../state/shareState';
import { useAppStore } from '../../state/store';
import { chooseRatingsFile } from '../import/ImportRatings';
import { importStateFile } from './stateFile';

let stopPlaying: (() => void) | null = null;

/** Demo personas that rate one by one, and the state as a link or a JSON file. */
export function DemoBar() {
  const preset = useAppStore((s) => s.teach.preset);
  const pauseMs = useAppStore((s) => s.teach.pauseMs);
  const hidePresets = useAppStore((s) => isHidden(s, 'presets'));
  const hideShare = useAppStore((s) => isHidden(s, 'share'));
  const addNotice = useAppStore((s) => s.addNotice);
  const arrivalsOpen = useAppStore((s) => s.arrivals.open);
  const fileRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  if (hidePresets && hideShare) return null;

  const exportFile = () => {
    const blob = new Blob([JSON.stringify(toFile(sharedOf(useAppStore.getState())), null, 2)], {
      type: 'application/json',
    });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'warmstart-state.json';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      addNotice('Copy the address from the address bar: it holds your ratings and settings.');
    }
  };

  return (
    <section className="card demo" aria-label="Demo and sharing" data-testid="demo-bar">
      {!hidePresets && (
        <div className="demo-row">
          <span className="demo-label">Personas</span>
          {PERSONAS.map((p) => (
            <button
              key={p.id}
              type="button"
              className={`btn btn-sm ${preset?.id === p.id ? 'btn-primary' : 'btn-ghost'}`}
              title={p.blurb}
              data-testid="preset"
              data-preset={p.id}
              onClick={() => {
                stopPlaying?.();
                stopPlaying = playPersona(useAppStore, p, pauseMs);
              }}
            >
              {p.name}
            </button>
          ))}
          <button
            type="button"
            className={`btn btn-sm demo-arrivals ${arrivalsOpen ? 'btn-primary' : 'btn-ghost'}`}
            aria-pressed={arrivalsOpen}
            title="A movie nobody rated yet finds its audience"
            onClick={() => {
              const s = useAppStore.getState();
              if (arrivalsOpen) s.closeArrivals();
              else s.openArrivals();
            }}
          >
            New arrivals
          </button>
          {preset && (
            <>
              <span
                className="preset-progress"
                data-testid="preset-progress"
                data-done={preset.done}
                data-total={preset.total}
              >
                rating {preset.done} of {preset.total}…
              </span>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => stopPlaying?.()}>
                Stop
              </button>
            </>
          )}
        </div>
      )}
      {!hideShare && (
        <div className="demo-row">
          <span className="demo-label">Share</span>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void copyLink()}>
            {copied ? 'Link copied' : 'Copy link'}
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={exportFile}>
            Export state
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => fileRef.current?.click()}>
            Import state
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            title="Your ratings from IMDb, Letterboxd or a MovieLens CSV"
            onClick={chooseRatingsFile}
          >
            Import ratings
          </button>
          <input
            ref={fileRef}
            type="file"
            accept="application/json,.json"
            hidden
            data-testid="import-state-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importStateFile(f);
            }}
          />
        </div>
      )}
    </section>
  );
}
