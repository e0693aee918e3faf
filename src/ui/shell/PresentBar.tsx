import { useAppStore } from '../../state/store';
import { withDisplay, type Display } from '../../state/shareState';

/**
 * The one control presenter and embed mode keep in place of the header: leave presenter mode, or,
 * in an iframe, open the full page in a new tab (with the same ratings and settings).
 */
export function PresentBar({ display }: { display: Exclude<Display, 'page'> }) {
  const setDisplay = useAppStore((s) => s.setDisplay);
  if (display === 'embed') {
    const { search, hash } = withDisplay(window.location.search, window.location.hash, 'page');
    return (
      <div className="present-bar">
        <a
          className="btn btn-ghost btn-sm"
          href={`${window.location.pathname}${search}${hash}`}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="embed-open"
        >
          warmstart: open the full page<span className="sr-only"> (new tab)</span> ↗
        </a>
      </div>
    );
  }
  return (
    <div className="present-bar">
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        onClick={() => setDisplay('page')}
        data-testid="present-exit"
      >
        Leave presenter mode
      </button>
    </div>
  );
}
