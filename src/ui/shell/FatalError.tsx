import { useAppStore } from '../../state/store';
import type { FatalError as Fatal } from '../../state/store';

/**
 * The app could not start (a missing or damaged model file, a load that stalled, no backend):
 * what went wrong in plain words, what to try, and a Retry that loads everything again.
 */
export function FatalError({ fatal }: { fatal: Fatal }) {
  const restart = useAppStore((s) => s.restartEngine);
  return (
    <div className="card fatal" role="alert" data-testid="fatal-error">
      <h2>The recommender could not start</h2>
      <p data-testid="fatal-message">{fatal.message}</p>
      <p className="card-sub" data-testid="fatal-hint">
        {fatal.hint}
      </p>
      <p className="card-sub">Nothing you rated is lost: your ratings stay in this browser.</p>
      <button type="button" className="btn btn-primary" onClick={() => restart()}>
        Retry
      </button>
    </div>
  );
}
