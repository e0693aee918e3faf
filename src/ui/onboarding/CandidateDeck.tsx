import { useLayoutEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isHidden, nextCandidates } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { CandidateCard } from './CandidateCard';
import { StrategyPicker } from '../teach/StrategyPicker';
import { SearchBox } from './SearchBox';

const SHOWN = 4;

/** The onboarding card: movies most worth rating, a search for any other, and progress. */
export function CandidateDeck() {
  const next = useAppStore(useShallow((s) => nextCandidates(s, SHOWN)));
  const count = useAppStore((s) => s.rated.length);
  const hideSearch = useAppStore((s) => isHidden(s, 'search'));
  const hideStrategy = useAppStore((s) => isHidden(s, 'strategy'));
  const { ref: listRef, onFocus, onBlur } = useKeepFocus(next);
  return (
    <section className="card deck-card" id="rate-deck" tabIndex={-1} aria-labelledby="rate-heading">
      <header className="card-head">
        <div>
          <h2 id="rate-heading">Rate movies you know</h2>
          <p className="card-sub">
            {count === 0
              ? 'Start with one: the model adapts after every rating.'
              : count < 5
                ? `${count} rated · a few more sharpen the picture`
                : `${count} rated · keep going, or explore your recommendations`}
          </p>
        </div>
        <Progress count={count} />
      </header>
      {!hideStrategy && <StrategyPicker />}
      <div className="candidate-list" ref={listRef} onFocus={onFocus} onBlur={onBlur}>
        {next.map((i) => (
          <CandidateCard key={i} index={i} />
        ))}
        {next.length === 0 && (
          <p className="empty">You have gone through every suggested movie. Search for more below.</p>
        )}
      </div>
      {!hideSearch && <SearchBox />}
    </section>
  );
}

/**
 * The deck's cards change under the visitor: a rated card goes, and an adaptive interview sends
 * new movies to offer a moment later. When the card holding keyboard focus leaves, focus would
 * fall to the page; it goes to the card now in the same place instead.
 */
function useKeepFocus(cards: readonly number[]) {
  const ref = useRef<HTMLDivElement>(null);
  /** Which card (0-based) holds focus; null when focus is elsewhere. */
  const slot = useRef<number | null>(null);
  const controls = () =>
    Array.from(ref.current?.querySelectorAll<HTMLElement>('[data-rating-control]') ?? []);
  useLayoutEffect(() => {
    const at = slot.current;
    const active = document.activeElement;
    if (at === null || (active && active !== document.body)) return;
    const all = controls();
    const target = all[Math.min(at, all.length - 1)];
    (target?.querySelector<HTMLInputElement>('input:checked') ?? target?.querySelector('input'))?.focus();
  }, [cards]);
  return {
    ref,
    onFocus: (e: React.FocusEvent) => {
      const at = controls().findIndex((c) => c.contains(e.target));
      slot.current = at >= 0 ? at : null;
    },
    onBlur: (e: React.FocusEvent) => {
      // Focus moved elsewhere on purpose (a removed card sends no blur with a new target).
      if (e.relatedTarget && !ref.current?.contains(e.relatedTarget as Node)) slot.current = null;
    },
  };
}

function Progress({ count }: { count: number }) {
  const goal = 10;
  const r = 15;
  const c = 2 * Math.PI * r;
  const frac = Math.min(1, count / goal);
  return (
    <svg className="ring" viewBox="0 0 40 40" role="img" aria-label={`${count} ratings`}>
      <circle cx="20" cy="20" r={r} className="ring-bg" />
      <circle
        cx="20"
        cy="20"
        r={r}
        className="ring-fg"
        strokeDasharray={`${c * frac} ${c}`}
        transform="rotate(-90 20 20)"
      />
      <text x="20" y="24.5" textAnchor="middle">
        {count}
      </text>
    </svg>
  );
}
