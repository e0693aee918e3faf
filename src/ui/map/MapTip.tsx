/**
 * The taste map's tooltip: the title, year and genres of the movie under the pointer (or under
 * keyboard focus), and what the visitor did with it (rated, recommended).
 */
import type { MovieView } from '../../state/selectors';
import { tipPosition } from './geometry';

export function MapTip({
  movie,
  at,
  width,
  rating,
  recRank,
}: {
  movie: MovieView;
  /** The movie's point on screen (CSS pixels in the map). */
  at: [number, number];
  /** The map's width: the tooltip stays inside it. */
  width: number;
  /** The visitor's stars for it, if rated. */
  rating: number | undefined;
  /** Its place in the recommendations (0-based), -1 when not recommended. */
  recRank: number;
}) {
  return (
    <div className="map-tip" style={tipPosition(at[0], at[1], width)} role="status">
      <strong>{movie.title}</strong>
      <span>
        {movie.year ?? ''} {movie.genres.slice(0, 2).join(', ')}
      </span>
      {rating !== undefined && <span>You rated {rating}★</span>}
      {recRank >= 0 && <span>Recommendation #{recRank + 1}</span>}
    </div>
  );
}
