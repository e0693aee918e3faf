import { useAppStore } from '../../state/store';
import { BackendBadge } from './BackendBadge';

export function Header() {
  const setPanel = useAppStore((s) => s.setPanel);
  const hideSettings = useAppStore((s) => s.teach.hidden.includes('settings'));
  const hideTour = useAppStore((s) => s.teach.hidden.includes('tour'));
  const tourOpen = useAppStore((s) => s.teach.tourStep !== null);
  const setTourStep = useAppStore((s) => s.setTourStep);
  const setDisplay = useAppStore((s) => s.setDisplay);
  return (
    <header className="topbar">
      <div className="brand">
        <svg viewBox="0 0 32 32" aria-hidden="true" className="logo">
          <rect width="32" height="32" rx="8" />
          <path d="M16 6l2.9 6.2 6.6.7-5 4.5 1.4 6.6L16 20.6 10.1 24l1.4-6.6-5-4.5 6.6-.7z" />
        </svg>
        <div>
          <h1>warmstart</h1>
          <p className="tagline">
            A recommender that learns your taste from a handful of ratings, in your browser.
          </p>
        </div>
      </div>
      <div className="topbar-actions">
        <BackendBadge />
        {!hideTour && (
          <button
            type="button"
            className="btn btn-ghost"
            data-testid="tour-open"
            aria-expanded={tourOpen}
            onClick={() => setTourStep(tourOpen ? null : 1)}
          >
            Guided tour
          </button>
        )}
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => setDisplay('present')}
          title="Large type and only the deck, map, curve and top 10, for a projector (?present)"
          data-testid="present-toggle"
        >
          Present
        </button>
        {!hideSettings && (
          <button type="button" className="btn btn-ghost" onClick={() => setPanel('settings')}>
            Settings
          </button>
        )}
        <button type="button" className="btn btn-ghost" onClick={() => setPanel('about')}>
          About
        </button>
      </div>
    </header>
  );
}
