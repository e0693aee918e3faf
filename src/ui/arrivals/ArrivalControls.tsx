/** The movie picker, "Add next rating", the K slider and the ratings so far. */
import { useAppStore } from '../../state/store';
import type { ArrivalDone } from '../../worker/arrivalsProtocol';

export function ArrivalControls({ result, k, busy }: { result: ArrivalDone; k: number; busy: boolean }) {
  const pick = useAppStore((s) => s.pickArrival);
  const setK = useAppStore((s) => s.setArrivalK);
  const addOne = useAppStore((s) => s.addArrivalRating);
  const max = result.movies[result.index]?.ratings ?? 0;
  return (
    <div className="arrival-controls">
      <label className="arrival-pick">
        <span>Movie</span>
        <select value={result.index} onChange={(e) => pick(Number(e.target.value))}>
          {result.movies.map((m) => (
            <option key={m.index} value={m.index}>
              {m.title}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn-primary btn-sm" disabled={k >= max} onClick={addOne}>
        Add next rating
      </button>
      <label className="arrival-k">
        <span>
          Ratings in: <output>{k}</output> of {max}
        </span>
        <input
          type="range"
          min={0}
          max={max}
          step={1}
          value={k}
          aria-label="Ratings in (K)"
          onChange={(e) => setK(Number(e.target.value))}
        />
      </label>
      <ol className="arrival-ratings" aria-label="Its ratings so far" aria-busy={busy}>
        {Array.from(result.ratings, (r, i) => (
          <li key={i} title={`Rating ${i + 1}: ${r} stars`}>
            {r}★
          </li>
        ))}
      </ol>
    </div>
  );
}
