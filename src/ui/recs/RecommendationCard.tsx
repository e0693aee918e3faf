import { useMemo } from 'react';
import { useAppStore } from '../../state/store';
import { movieAt } from '../../state/selectors';
import type { Recommendation } from '../../worker/protocol';
import { Poster } from '../onboarding/Poster';
import { StarRating } from '../onboarding/StarRating';

export function RecommendationCard({ rec, rank }: { rec: Recommendation; rank: number }) {
  const catalog = useAppStore((s) => s.catalog);
  const rated = useAppStore((s) => s.rated);
  const movie = useMemo(() => movieAt({ catalog }, rec.index), [catalog, rec.index]);
  const because = useMemo(
    () =>
      rec.because.map((i) => {
        const m = movieAt({ catalog }, i);
        return m
          ? { title: m.title, rating: rated.find((r) => r.movieId === m.movieId)?.rating ?? null }
          : null;
      }),
    [catalog, rated, rec.because],
  );
  const rate = useAppStore((s) => s.rate);
  const setHighlight = useAppStore((s) => s.setHighlight);
  if (!movie) return null;
  const reasons = because.filter((b): b is NonNullable<typeof b> => b !== null);
  return (
    <li
      className="rec"
      data-testid="recommendation"
      data-movie-id={movie.movieId}
      data-predicted={rec.predicted.toFixed(3)}
      onMouseEnter={() => setHighlight(rec.index)}
      onMouseLeave={() => setHighlight(null)}
    >
      <span className="rank">{rank}</span>
      <Poster title={movie.title} genres={movie.genres} size={40} />
      <div className="rec-body">
        <div className="rec-top">
          <h3 className="movie-title" title={movie.title}>
            {movie.title}
          </h3>
          <span className="predicted" title="Predicted rating for you">
            ★ {rec.predicted.toFixed(1)}
          </span>
        </div>
        <p className="movie-meta">
          {movie.year ?? 'Year unknown'}
          {movie.genres.length > 0 && ` · ${movie.genres.slice(0, 3).join(', ')}`}
        </p>
        <p className="reason">
          {reasons.length === 0
            ? 'Popular with people like a typical newcomer.'
            : `Close to ${reasons.map((r) => `${r.title}${r.rating !== null ? ` (you: ${r.rating}★)` : ''}`).join(' and ')}`}
        </p>
        <div className="rec-rate">
          <span className="card-sub">Seen it?</span>
          <StarRating label={movie.title} value={null} onRate={(r) => rate(movie.movieId, r)} size="sm" />
        </div>
      </div>
    </li>
  );
}
