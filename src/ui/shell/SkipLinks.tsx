/**
 * The page's first two Tab stops (visible when focused): straight to the first movie to rate, and
 * to the list. Buttons, not #anchors: the address holds the shared state and stays as it is.
 */
export function SkipLinks() {
  const go = (selector: string, fallback: string) => {
    const target =
      document.querySelector<HTMLElement>(selector) ?? document.querySelector<HTMLElement>(fallback);
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
  };
  return (
    <nav className="skip-links" aria-label="Skip links">
      <button
        type="button"
        className="skip-link"
        onClick={() => go('.candidate-list [data-rating-control] input', '#rate-deck')}
      >
        Skip to rating movies
      </button>
      <button type="button" className="skip-link" onClick={() => go('#your-list', '#recommendations')}>
        Skip to your list
      </button>
    </nav>
  );
}
