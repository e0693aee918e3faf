import { memo, useCallback } from 'react';
import { useAppStore } from '../../state/store';
import { movieAt } from '../../state/selectors';
import { StarRating } from '../rating/StarRating';

/** What the visitor has rated: change a rating, remove one, or reset everything. */
export function RatedList() {
  const rated = useAppStore((s) => s.rated);
  const resetAll = useAppStore((s) => s.resetAll);
  return (
    <section className="card rated-card" aria-labelledby="rated-heading">
      <header className="card-head">
        <div>
          <h2 id="rated-heading">Your ratings</h2>
          <p className="card-sub">Stored only in this browser.</p>
        </div>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          disabled={rated.length === 0}
          onClick={() => {
            if (window.confirm('Forget all your ratings and settings?')) resetAll();
          }}
        >
          Reset
        </button>
      </header>
      {rated.length === 0 ? (
        <p className="empty">Nothing yet. Your ratings appear here and on the map.</p>
      ) : (
        <ul className="rated-list">
          {[...rated].reverse().map((r) => (
            <RatedRow key={r.movieId} movieId={r.movieId} rating={r.rating} />
          ))}
        </ul>
      )}
      <SkippedList />
    </section>
  );
}

/** Movies the visitor said they haven't seen: each can be offered again. */
function SkippedList() {
  const skipped = useAppStore((s) => s.skipped);
  const catalog = useAppStore((s) => s.catalog);
  const movieIndex = useAppStore((s) => s.movieIndex);
  const unskip = useAppStore((s) => s.unskip);
  if (skipped.length === 0) return null;
  return (
    <details className="skipped" data-testid="skipped-list">
      <summary>
        Skipped ({skipped.length}) <span className="card-sub">“Haven’t seen”: not asked again</span>
      </summary>
      <ul className="rated-list">
        {[...skipped].reverse().map((id) => {
          const index = movieIndex.get(id);
          const title = (index === undefined ? null : movieAt({ catalog }, index)?.title) ?? `Movie #${id}`;
          return (
            <li key={id} data-testid="skipped" data-movie-id={id}>
              <span className="movie-title" title={title}>
                {title}
              </span>
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                aria-label={`Ask me about ${title} again`}
                onClick={() => unskip(id)}
              >
                Ask again
              </button>
            </li>
          );
        })}
      </ul>
    </details>
  );
}

/** One rated movie; memoized, so a new rating adds a row without re-rendering the others. */
const RatedRow = memo(function RatedRow({ movieId, rating }: { movieId: number; rating: number }) {
  const catalog = useAppStore((s) => s.catalog);
  const index = useAppStore((s) => s.movieIndex.get(movieId));
  const rate = useAppStore((s) => s.rate);
  const unrate = useAppStore((s) => s.unrate);
  const setHighlight = useAppStore((s) => s.setHighlight);
  const movie = index === undefined ? null : movieAt({ catalog }, index);
  const title = movie?.title ?? `Movie #${movieId} (not in this model)`;
  const onRate = useCallback((v: number) => rate(movieId, v), [rate, movieId]);
  return (
    <li
      data-testid="rated"
      data-movie-id={movieId}
      data-rating={rating}
      onMouseEnter={() => setHighlight(index ?? null)}
      onMouseLeave={() => setHighlight(null)}
    >
      <div className="rated-text">
        <span className="movie-title" title={title}>
          {title}
        </span>
        {movie?.year && <span className="movie-meta"> {movie.year}</span>}
      </div>
      <StarRating label={title} value={rating} onRate={onRate} size="sm" />
      <button
        type="button"
        className="icon-btn"
        aria-label={`Remove your rating of ${title}`}
        onClick={() => unrate(movieId)}
      >
        ×
      </button>
    </li>
  );
});
