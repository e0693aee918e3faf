/**
 * The movie picked on the taste map and its nearest neighbours in the model's item space (found
 * by the worker), listed beside the map: each one picks itself, and hover or focus rings it on the
 * map.
 */
import { useAppStore } from '../../state/store';
import type { MovieView } from '../../state/selectors';

export function MapNeighbours({
  picked,
  finding,
  neighbours,
}: {
  picked: MovieView;
  /** The worker has not answered yet. */
  finding: boolean;
  neighbours: MovieView[];
}) {
  const focusOnMap = useAppStore((s) => s.focusOnMap);
  const setHighlight = useAppStore((s) => s.setHighlight);
  return (
    <div className="map-neighbours" data-testid="map-neighbours" data-movie-id={picked.movieId}>
      <h3>
        Nearest to {picked.title} <span className="card-sub">in the model’s space</span>
      </h3>
      {finding ? (
        <p className="card-sub">Finding its neighbours…</p>
      ) : (
        <ol>
          {neighbours.map((m) => (
            <li key={m.index} data-movie-id={m.movieId}>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => focusOnMap(m.index)}
                onMouseEnter={() => setHighlight(m.index)}
                onMouseLeave={() => setHighlight(null)}
                onFocus={() => setHighlight(m.index)}
                onBlur={() => setHighlight(null)}
              >
                {m.title}
              </button>
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => focusOnMap(null)}>
        Clear
      </button>
    </div>
  );
}
