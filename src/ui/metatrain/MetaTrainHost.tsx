/**
 * Where the training panel goes once opened (the teaching view's button, or `?metatrain`): its code
 * (and recharts with it) loads only then, and the panel fetches its training data only then. Until
 * the code arrives the panel's place says it is loading; a chunk that cannot be loaded is said
 * there, and the page stays. Part of the page's first load: it imports nothing of the panel's.
 */
import { lazy, type ReactNode } from 'react';
import { LazyPanel } from '../shell/LazyPanel';
import { useAppStore } from '../../state/store';

const MetaTrainPanel = lazy(() => import('./MetaTrainPanel').then((m) => ({ default: m.MetaTrainPanel })));

/** The panel's place while its code loads or when it failed to (the drawn panel: MetaTrainShell). */
function Placeholder({ children }: { children: ReactNode }) {
  return (
    <section className="card metatrain" aria-label="Meta-train in the page" data-testid="metatrain-panel">
      {children}
    </section>
  );
}

export function MetaTrainHost() {
  const open = useAppStore((s) => s.metatrain.open);
  if (!open) return null;
  return (
    <LazyPanel
      loading={
        <Placeholder>
          <p className="card-sub" role="status">
            Loading the training panel…
          </p>
        </Placeholder>
      }
      failed={(message) => (
        <Placeholder>
          <p className="empty" role="alert">
            The training panel could not be loaded ({message}).
          </p>
        </Placeholder>
      )}
    >
      <MetaTrainPanel />
    </LazyPanel>
  );
}
