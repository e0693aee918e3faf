/**
 * Where the evaluation panels go: their code (and recharts with it) loads when they are first
 * shown, not with the page. Until it arrives the panel says it is loading (the evaluation panel's
 * own loading state: same test id, heading and data-state); a chunk that cannot be loaded (offline
 * before it was saved, a deploy that replaced it) is said in the panel, and the page stays.
 */
import { lazy } from 'react';
import { LazyPanel } from '../shell/LazyPanel';
import { EvalShell } from './EvalShell';

const EvalPanels = lazy(() => import('./EvalPanels').then((m) => ({ default: m.EvalPanels })));

export function EvalHost() {
  return (
    <LazyPanel
      loading={
        <EvalShell state="loading">
          <p className="card-sub" role="status">
            Loading the evaluation charts…
          </p>
        </EvalShell>
      }
      failed={(message) => (
        <EvalShell state="error">
          <p className="empty">The evaluation charts could not be loaded ({message}).</p>
        </EvalShell>
      )}
    >
      <EvalPanels />
    </LazyPanel>
  );
}
