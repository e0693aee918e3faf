import { memo, useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../state/store';
import { movieAt, type MovieView } from '../../state/selectors';
import type { Recommendation, RecommendationReason } from '../../worker/protocol';
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
 * One recommendation. Memoized, and it reads only the ratings of the movies its reason cites from
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
  const cited = useMemo(
    () =>
      rec.reasons.flatMap((r) => {
        const m = movieAt({ catalog }, r.index);
        return m ? [{ ...r, movie: m }] : [];
      }),
    [catalog, rec.reasons],
  );
  const citedRatings = useAppStore(
    useShallow((s) => cited.map((c) => s.rated.find((r) => r.movieId === c.movie.movieId)?.rating ?? null)),
  );
  const anyRating = useAppStore((s) => s.rated.length > 0);
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
      onFocus={() => setHighlight(rec.index)}
      onBlur={() => setHighlight(null)}
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
        <p
          className="reason"
          data-testid="reason"
          data-kind={cited[0]?.kind ?? 'prior'}
          data-liked={cited
            .filter((c) => c.kind === 'liked')
            .map((c) => c.movie.movieId)
            .join(',')}
          title={cited
            .map(
              (c) =>
                `${c.movie.title}: ${Math.round(c.share * 100)}% of what your ratings added to its score`,
            )
            .join('\n')}
        >
          {reasonText(cited, citedRatings, anyRating)}
        </p>
        <div className="rec-rate">
          <span className="card-sub">Seen it?</span>
          <StarRating label={movie.title} value={null} onRate={onRate} size="sm" />
        </div>
      </div>
    </li>
  );
}, sameCard);

type Cited = RecommendationReason & { movie: MovieView };

/**
 * The reason in words: "Because you liked X and Y" only for movies rated 3.5 stars or more; a low
 * rating that raised the movie is said as what it is (src/model/reasons.ts).
 */
function reasonText(cited: Cited[], ratings: (number | null)[], anyRating: boolean): string {
  const name = (j: number) => {
    const c = cited[j] as Cited;
    const r = ratings[j] ?? null;
    return `${c.movie.title}${r !== null ? ` (you: ${r}★)` : ''}`;
  };
  const first = cited[0];
  if (!first)
    return anyRating
      ? 'Many people like this one; your ratings did not raise it.'
      : 'Many people like this one: the crowd’s favourite before any rating.';
  const liked = cited.flatMap((c, j) => (c.kind === 'liked' ? [name(j)] : []));
  if (first.kind === 'liked') return `Because you liked ${liked.join(' and ')}`;
  const lead =
    first.kind === 'watched' ? `People who watch ${name(0)} often watch this` : `Unlike ${name(0)}`;
  return liked.length > 0 ? `${lead}; and you liked ${liked.join(' and ')}` : lead;
}

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
    a.rec.because.every((x, i) => x === b.rec.because[i]) &&
    a.rec.reasons.length === b.rec.reasons.length &&
    a.rec.reasons.every((x, i) => {
      const y = b.rec.reasons[i];
      return (
        y !== undefined &&
        x.index === y.index &&
        x.kind === y.kind &&
        x.share.toFixed(2) === y.share.toFixed(2)
      );
    })
  );
}
