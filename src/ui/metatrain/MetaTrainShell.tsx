/**
 * The drawn training panel's frame: the card, its heading, test id and Close button. Part of the
 * panel's lazy chunk: MetaTrainHost's placeholder keeps the test id while the chunk loads (importing
 * this frame there split React into a chunk of its own and cost the first load 1.6 KB).
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
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          aria-label="Close the training panel"
          onClick={close}
        >
          Close
        </button>
      </header>
      {children}
    </section>
  );
}
