/**
 * The evaluation panel's frame: the card, its heading, test id and data-state. One frame for the
 * panel while its code loads or fails to load (EvalHost) and once it draws (EvalCharts), so the
 * heading and the test contract live in one place.
 */
import type { ReactNode } from 'react';

export type EvalState = 'loading' | 'ready' | 'error';

export function EvalShell({
  state,
  sub,
  children,
}: {
  state: EvalState;
  /** Under the heading (the panel's explanation). */
  sub?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      className="card eval-charts"
      aria-labelledby="eval-heading"
      aria-busy={state === 'loading'}
      data-testid="eval-charts"
      data-state={state}
    >
      <header className="card-head">
        <div>
          <h2 id="eval-heading">How good is this really?</h2>
          {sub}
        </div>
      </header>
      {children}
    </section>
  );
}
