/**
 * The "New arrivals" panel's frame: the card, its heading, explanation, close button and test id,
 * shared by the panel while its code loads (ArrivalsHost) and once it draws (ArrivalsPanel).
 */
import type { ReactNode } from 'react';
import { useAppStore } from '../../state/store';

export function ArrivalsShell({ children }: { children: ReactNode }) {
  const close = useAppStore((s) => s.closeArrivals);
  return (
    <section className="card arrivals" aria-labelledby="arrivals-heading" data-testid="arrivals-panel">
      <header className="card-head">
        <div>
          <h2 id="arrivals-heading">New arrivals</h2>
          <p className="card-sub">
            A movie the model never trained on arrives. From its genres and year alone it is placed on the
            taste map; then its first ratings come in one at a time, each from a real viewer whose taste is
            known, and it settles where its audience is.
          </p>
        </div>
        <button type="button" className="btn btn-ghost btn-sm" onClick={close}>
          Close
        </button>
      </header>
      {children}
    </section>
  );
}
