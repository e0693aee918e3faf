/**
 * The "New arrivals" movie in the visitor's own list: shown above the list when its score for the
 * visitor beats their 20th movie (the worker ranks it; the panel must be open), with the place it
 * would take.
 */
import { useAppStore } from '../../state/store';
import { arrivalInVisitorList } from '../../state/store/slices/arrivals/selectors';

export function ArrivalInList() {
  const arrivals = useAppStore((s) => s.arrivals);
  const fit = arrivalInVisitorList({ arrivals });
  if (!fit) return null;
  return (
    <p
      className="arrival-in-list"
      data-testid="arrival-in-list"
      data-movie-id={fit.movieId}
      data-rank={fit.rank}
    >
      <span className="arrival-badge">New arrival</span> {fit.title} would be #{fit.rank} in your list.
    </p>
  );
}
