import { memo, useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../state/store';
import { movieAt, type MovieView } from '../../state/selectors';
import type { Recommendation } from '../../worker/protocol';
import { Poster } from '../onboarding/Poster';
import { StarRating } from '../rating/StarRating';
import { ChangeMark } from './TopList';

interface CardProps {
  rec: Recommendation;
  rank: number;
  /** Since the last change of ratings (listChanges). */
  change?: 'new' | 'up' | 'down' | 'same';
  moved?: number;
  /** Beyond the first five: folded away on a phone until "Show all". */
  extra?: boolean;
}

/**
 * One recommendation. Memoized, and it reads only the ratings of its own "because" movies from
 * the store: a new rating re-renders the cards whose reasons it changes, not all twenty.
 */
export const RecommendationCard = memo(function RecommendationCard({
  rec,
  rank,
  change = 'same',
  moved = 0,
  extra = false,
}: CardProps) {
  const catalog = useAppStore((s) => s.catalog);
  const movie = useMemo(() => movieAt({ catalog }, rec.index), [catalog, rec.index]);
  const reasons = useMemo(
    () => rec.because.map((i) => movieAt({ catalog }, i)).filter((m): m is MovieView => m !== null),
    [catalog, rec.because],
  );
  const reasonRatings = useAppStore(
    useShallow((s) => reasons.map((m) => s.rated.find((r) => r.movieId === m.movieId)?.rating ?? null)),
  );
  const rate = useAppStore((s) => s.rate);
  const setHighlight = useAppStore((s) => s.setHighlight);
  const movieId = movie?.movieId ?? -1;
  const onRate = useCallback((r: number) => rate(movieId, r), [rate, movieId]);
  if (!movie) return null;
  return (
    <li
      className={`rec${extra ? ' is-extra' : ''}`}
      data-testid="recommendation"
      data-movie-id={movie.movieId}
      data-change={change}
      data-predicted={rec.predicted === null ? '' : rec.predicted.toFixed(3)}
      data-score={rec.score.toFixed(3)}
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
          <ChangeMark change={{ kind: change, by: moved }} />
          {rec.predicted !== null && (
            <span className="predicted" data-testid="predicted">
              <span className="predicted-value">★ {rec.predicted.toFixed(1)}</span> predicted for you
            </span>
          )}
        </div>
        <p className="movie-meta">
          {movie.year ?? 'Year unknown'}
          {movie.genres.length > 0 && ` · ${movie.genres.slice(0, 3).join(', ')}`}
        </p>
        <p className="reason">
          {reasons.length === 0
            ? 'Popular with people like a typical newcomer.'
            : `Close to ${reasons
                .map((m, j) => {
                  const r = reasonRatings[j] ?? null;
                  return `${m.title}${r !== null ? ` (you: ${r}★)` : ''}`;
                })
                .join(' and ')}`}
        </p>
        <div className="rec-rate">
          <span className="card-sub">Seen it?</span>
          <StarRating label={movie.title} value={null} onRate={onRate} size="sm" />
        </div>
      </div>
    </li>
  );
}, sameCard);

/** Each adaptation sends new objects: a card re-renders only if what it shows changed. */
function sameCard(a: CardProps, b: CardProps): boolean {
  return (
    a.rank === b.rank &&
    a.change === b.change &&
    a.moved === b.moved &&
    a.extra === b.extra &&
    a.rec.index === b.rec.index &&
    a.rec.predicted?.toFixed(3) === b.rec.predicted?.toFixed(3) &&
    a.rec.score.toFixed(3) === b.rec.score.toFixed(3) &&
    a.rec.because.length === b.rec.because.length &&
    a.rec.because.every((x, i) => x === b.rec.because[i])
  );
}
