import { useEffect, useState } from 'react';
import { movieAt } from '../../state/selectors';
import { useAppStore } from '../../state/store';

const SHOWN_MS = 8000;

/**
 * A short message after each rating, skip or removal, with Undo. It stays while the pointer or
 * the keyboard is on it, and goes after a few seconds or with the next action.
 */
export function UndoToast() {
  const action = useAppStore((s) => s.lastAction);
  const undo = useAppStore((s) => s.undo);
  const title = useAppStore((s) => {
    const index = action && action.kind !== 'import' ? s.movieIndex.get(action.movieId) : undefined;
    return index === undefined ? null : (movieAt(s, index)?.title ?? null);
  });
  const [hidden, setHidden] = useState<number | null>(null);
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!action || held) return;
    const t = setTimeout(() => setHidden(action.id), SHOWN_MS);
    return () => clearTimeout(t);
  }, [action, held]);
  if (!action || hidden === action.id) return null;
  const name = title ?? (action.kind === 'import' ? '' : `movie #${action.movieId}`);
  const text =
    action.kind === 'import'
      ? `Imported ${action.count} rating${action.count === 1 ? '' : 's'}${action.mode === 'replace' ? ', replacing your previous ratings' : ''}`
      : action.kind === 'rate'
        ? action.before.rating === null
          ? `Rated ${name} ${action.rating}★`
          : `Changed ${name} from ${action.before.rating}★ to ${action.rating}★`
        : action.kind === 'skip'
          ? `Skipped ${name}: listed under Skipped, where you can bring it back`
          : `Removed your rating of ${name}`;
  return (
    <div
      className="toast"
      role="status"
      data-testid="undo-toast"
      data-kind={action.kind}
      data-movie-id={action.kind === 'import' ? undefined : action.movieId}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span className="toast-text">{text}</span>
      <button type="button" className="btn btn-sm toast-undo" onClick={undo}>
        Undo
      </button>
      <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => setHidden(action.id)}>
        ×
      </button>
    </div>
  );
}
