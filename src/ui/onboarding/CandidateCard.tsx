import { useCallback, useMemo } from 'react';
import { useAppStore } from '../../state/store';
import { movieAt, ratingOf } from '../../state/selectors';
import { Poster } from './Poster';
import { StarRating } from '../rating/StarRating';

/** One movie offered for rating: stars, or "Haven't seen" to get another. */
export function CandidateCard({
  index,
  source = 'onboarding',
}: {
  index: number;
  source?: 'onboarding' | 'search';
}) {
  const catalog = useAppStore((s) => s.catalog);
  const movie = useMemo(() => movieAt({ catalog }, index), [catalog, index]);
  const rating = useAppStore((s) => (movie ? ratingOf(s, movie.movieId) : null));
  const rate = useAppStore((s) => s.rate);
  const skip = useAppStore((s) => s.skip);
  const movieId = movie?.movieId ?? -1;
  const onRate = useCallback((r: number) => rate(movieId, r), [rate, movieId]);
  if (!movie) return null;
  return (
    <article className="candidate" data-testid="candidate" data-movie-id={movie.movieId} data-source={source}>
      <Poster title={movie.title} genres={movie.genres} size={44} />
      <div className="candidate-body">
        <h3 className="movie-title" title={movie.title}>
          {movie.title}
        </h3>
        <p className="movie-meta">
          {movie.year ?? 'Year unknown'}
          {movie.genres.length > 0 && ` · ${movie.genres.slice(0, 3).join(', ')}`}
        </p>
        <div className="candidate-actions">
          <StarRating label={movie.title} value={rating} onRate={onRate} />
          {source === 'onboarding' && (
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => skip(movie.movieId)}>
              Haven't seen
            </button>
          )}
        </div>
      </div>
    </article>
  );
}
