import { useSyncExternalStore } from 'react';
import { offlineCopy } from '../../offline/register';

const WORDS = {
  saving: 'Saving the app and the model in this browser…',
  saved: 'The app and the model are saved in this browser: it opens and adapts without the network.',
  error: 'The app is saved in this browser, but the model could not be saved this time',
  forgotten: 'The saved copy was deleted. Reload to save it again.',
} as const;

/**
 * Settings: whether this browser keeps an offline copy (src/offline), and a way to delete it.
 * Nothing is shown where there is none (the dev server, a browser without service workers).
 */
export function OfflineCopy() {
  const view = useSyncExternalStore(offlineCopy.subscribe, offlineCopy.get);
  if (view.state === 'off' || view.state === 'unsupported') return null;
  return (
    <div className="offline-copy" data-testid="offline-copy" data-state={view.state}>
      <h3>Offline copy</h3>
      <p className="card-sub">
        {WORDS[view.state]}
        {view.state === 'error' && view.message ? ` (${view.message}).` : ''}
      </p>
      {view.state !== 'forgotten' && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => offlineCopy.forget()}>
          Forget offline copy
        </button>
      )}
    </div>
  );
}
