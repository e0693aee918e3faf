/**
 * Where the evaluation panels go: their code (and recharts with it) loads when they are first
 * shown, not with the page. Until it arrives the panel says it is loading (the evaluation panel's
 * own loading state: same test id, heading and data-state); a chunk that cannot be loaded (offline
 * before it was saved, a deploy that replaced it) is said in the panel, and the page stays.
 */
import { Component, lazy, Suspense, type ReactNode } from 'react';
import { EvalShell } from './EvalShell';

const EvalPanels = lazy(() => import('./EvalPanels').then((m) => ({ default: m.EvalPanels })));

/** Catches a failed load of the panels' chunk: the panel says so instead of the page going blank. */
class LoadFailed extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  override render() {
    return this.state.error === null ? (
      this.props.children
    ) : (
      <EvalShell state="error">
        <p className="empty">The evaluation charts could not be loaded ({this.state.error}).</p>
      </EvalShell>
    );
  }
}

export function EvalHost() {
  return (
    <LoadFailed>
      <Suspense
        fallback={
          <EvalShell state="loading">
            <p className="card-sub" role="status">
              Loading the evaluation charts…
            </p>
          </EvalShell>
        }
      >
        <EvalPanels />
      </Suspense>
    </LoadFailed>
  );
}
