/**
 * Where the "New arrivals" panel goes when it is open: its code (and recharts with it) loads when
 * it is first opened, not with the page. A chunk that cannot be loaded is said in the panel's
 * frame, and the page stays.
 */
import { lazy } from 'react';
import { LazyPanel } from '../shell/LazyPanel';
import { useAppStore } from '../../state/store';
import { ArrivalsShell } from './ArrivalsShell';

const ArrivalsPanel = lazy(() => import('./ArrivalsPanel').then((m) => ({ default: m.ArrivalsPanel })));

export function ArrivalsHost() {
  const open = useAppStore((s) => s.arrivals.open);
  if (!open) return null;
  return (
    <LazyPanel
      loading={
        <ArrivalsShell>
          <p className="card-sub" role="status">
            Loading New arrivals…
          </p>
        </ArrivalsShell>
      }
      failed={(message) => (
        <ArrivalsShell>
          <p className="empty">The New arrivals panel could not be loaded ({message}).</p>
        </ArrivalsShell>
      )}
    >
      <ArrivalsPanel />
    </LazyPanel>
  );
}
