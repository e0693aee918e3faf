/**
 * Where the training panel goes once opened (the teaching view's button, or `?metatrain`): its code
 * (and recharts with it) loads only then, and the panel fetches its training data only then. A
 * chunk that cannot be loaded is said in the panel, and the page stays.
 */
import { Component, lazy, Suspense, type ReactNode } from 'react';
import { useAppStore } from '../../state/store';
import { MetaTrainShell } from './MetaTrainShell';

const MetaTrainPanel = lazy(() => import('./MetaTrainPanel').then((m) => ({ default: m.MetaTrainPanel })));

class LoadFailed extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  override render() {
    return this.state.error === null ? (
      this.props.children
    ) : (
      <MetaTrainShell busy={false}>
        <p className="empty" role="alert">
          The training panel could not be loaded ({this.state.error}).
        </p>
      </MetaTrainShell>
    );
  }
}

export function MetaTrainHost() {
  const open = useAppStore((s) => s.metatrain.open);
  if (!open) return null;
  return (
    <LoadFailed>
      <Suspense
        fallback={
          <MetaTrainShell busy>
            <p className="card-sub" role="status">
              Loading the training panel…
            </p>
          </MetaTrainShell>
        }
      >
        <MetaTrainPanel />
      </Suspense>
    </LoadFailed>
  );
}
