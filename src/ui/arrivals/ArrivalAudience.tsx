/** Whom the new movie would now be shown to: the personas by its rank in their list, and you. */
import type { ArrivalDone } from '../../worker/arrivalsProtocol';

export function ArrivalAudience({ result }: { result: ArrivalDone }) {
  return (
    <div className="arrival-audience">
      <h3>Who would see it now</h3>
      <ol aria-label="Personas by its rank in their list">
        {result.audience.map((p) => (
          <li key={p.id} data-testid="arrival-persona" data-in-top={p.inTop}>
            <span className="arrival-who">{p.name}</span>
            <span className="arrival-rank">#{p.rank}</span>
            {p.inTop && <span className="arrival-top">would be in the top 20</span>}
          </li>
        ))}
        <li data-testid="arrival-you" data-in-top={result.visitor.inTop}>
          <span className="arrival-who">You</span>
          <span className="arrival-rank">#{result.visitor.rank}</span>
          {result.visitor.inTop && <span className="arrival-top">would be in your top 20</span>}
        </li>
      </ol>
    </div>
  );
}
