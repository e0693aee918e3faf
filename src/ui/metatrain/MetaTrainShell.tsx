/**
 * The training panel's frame: the card, its heading, test id and Close button. One frame while the
 * panel's code loads or fails to load (MetaTrainHost) and once it draws (MetaTrainPanel), so the
 * heading and the test contract live in one place. Part of the page's first load: keep it small.
 */
import type { ReactNode } from 'react';
import { useAppStore } from '../../state/store';
import { Explain } from '../glossary/Explain';

export function MetaTrainShell({ busy, children }: { busy: boolean; children: ReactNode }) {
  const close = useAppStore((s) => s.closeMetaTrain);
  return (
    <section
      className="card metatrain"
      aria-labelledby="metatrain-heading"
      aria-busy={busy}
      data-testid="metatrain-panel"
    >
      <header className="card-head">
        <div>
          <h2 id="metatrain-heading">Meta-train in the page</h2>
          <p className="card-sub">
            The outer loop, live: each meta-step
            <Explain term="metaStep" /> samples a batch of people, adapts to a few of each one&apos;s ratings
            and moves the shared initialization so that the adapted lists find their other favourites.
          </p>
        </div>
        <button type="button" className="btn btn-ghost btn-sm" onClick={close}>
          Close the training panel
        </button>
      </header>
      {children}
    </section>
  );
}
