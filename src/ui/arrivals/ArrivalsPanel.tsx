/**
 * The "New arrivals" panel (issue 17): pick a held-out movie, watch it placed from its features
 * (K = 0), add its ratings one at a time, and see its inner loop and whom it would be shown to.
 * The worker does the work (src/worker/arrivals.ts); this reads the store's arrivals slice.
 */
import { useAppStore } from '../../state/store';
import { arrivalAudienceCount, arrivalPosition } from '../../state/store/slices/arrivals/selectors';
import { ArrivalAudience } from './ArrivalAudience';
import { ArrivalControls } from './ArrivalControls';
import { ArrivalLossChart } from './ArrivalLossChart';
import { ArrivalsShell } from './ArrivalsShell';

export function ArrivalsPanel() {
  const a = useAppStore((s) => s.arrivals);
  // Derived from the slice here: a selector that returns a new array would re-render forever.
  const xy = arrivalPosition({ arrivals: a });
  const reached = arrivalAudienceCount({ arrivals: a });
  const r = a.result;
  const movie = r?.movies[r.index];
  return (
    <ArrivalsShell>
      <p
        className="arrival-status"
        role="status"
        data-testid="arrival-status"
        data-state={a.status}
        data-k={r ? r.k : ''}
        data-x={xy ? xy[0].toFixed(4) : ''}
        data-y={xy ? xy[1].toFixed(4) : ''}
        data-audience={r ? reached : ''}
      >
        {a.status === 'error'
          ? `New arrivals are unavailable: ${a.message ?? 'the worker could not place the movie'}`
          : !r
            ? 'Placing the movie…'
            : `${movie?.title ?? 'The movie'}: ${r.k === 0 ? 'placed from its genres and year alone' : `after its first ${r.k} rating${r.k === 1 ? '' : 's'}`}; in the top 20 of ${reached} of ${r.audience.length} personas${r.visitor.inTop ? ' and in yours' : ''}.`}
      </p>
      {r && a.status !== 'error' && (
        <>
          <ArrivalControls result={r} k={a.k} busy={a.status === 'running'} />
          <div className="arrivals-grid">
            <ArrivalLossChart losses={r.losses} k={r.k} />
            <ArrivalAudience result={r} />
          </div>
          <p className="card-sub arrivals-placer">
            Placed by: {r.placer}. Its path is drawn on the taste map (square: from its features; dot: now).
          </p>
        </>
      )}
    </ArrivalsShell>
  );
}
