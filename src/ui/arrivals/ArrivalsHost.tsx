/**
 * Where the "New arrivals" panel goes when it is open: its code (and recharts with it) loads when
 * it is first opened, not with the page. A chunk that cannot be loaded is said in the panel's
 * frame, and the page stays.
 */
import { Component, lazy, Suspense, type ReactNode } from 'react';
import { useAppStore } from '../../state/store';
import { ArrivalsShell } from './ArrivalsShell';

const ArrivalsPanel = lazy(() => import('./ArrivalsPanel').then((m) => ({ default: m.ArrivalsPanel })));

class LoadFailed extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  override render() {
    return this.state.error === null ? (
      this.props.children
    ) : (
      <ArrivalsShell>
        <p className="empty">The New arrivals panel could not be loaded ({this.state.error}).</p>
      </ArrivalsShell>
    );
  }
}

export function ArrivalsHost() {
  const open = useAppStore((s) => s.arrivals.open);
  if (!open) return null;
  return (
    <LoadFailed>
      <Suspense
        fallback={
          <ArrivalsShell>
            <p className="card-sub" role="status">
              Loading New arrivals…
            </p>
          </ArrivalsShell>
        }
      >
        <ArrivalsPanel />
      </Suspense>
    </LoadFailed>
  );
}
