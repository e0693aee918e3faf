import { useAppStore } from '../../state/store';
import { backendLabel } from '../../state/selectors';
import { BACKENDS } from '../../worker/protocol';

/** A lost GPU or a crashed worker: say so, and offer to restart on another backend. */
export function RecoveryBanner() {
  const recoverable = useAppStore((s) => s.engine.recoverable);
  const current = useAppStore((s) => s.engine.backend?.name ?? null);
  const restart = useAppStore((s) => s.restartEngine);
  if (!recoverable) return null;
  const others = BACKENDS.filter((b) => b !== current && b !== 'webgpu');
  return (
    <div className="banner banner-warning" role="alert" data-testid="recoverable-error">
      <div>
        <strong>
          {recoverable.kind === 'device-lost' ? 'The GPU was lost.' : 'The recommender stopped.'}
        </strong>{' '}
        {recoverable.message} Your ratings are safe.
      </div>
      <div className="banner-actions">
        <button type="button" className="btn btn-primary btn-sm" onClick={() => restart()}>
          Restart
        </button>
        {others.map((b) => (
          <button key={b} type="button" className="btn btn-ghost btn-sm" onClick={() => restart(b)}>
            Restart on {backendLabel(b)}
          </button>
        ))}
      </div>
    </div>
  );
}
