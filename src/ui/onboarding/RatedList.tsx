import { memo, useCallback, useDeferredValue, useMemo, useState, type DragEvent } from 'react';
import { ratingsCsv } from '../../data/import/exportCsv';
import { useAppStore } from '../../state/store';
import { movieAt } from '../../state/selectors';
import { chooseRatingsFile, importRatingsFile } from '../import/ImportRatings';
import { StarRating } from '../rating/StarRating';
import { Pager } from '../shell/Pager';
import { saveTextFile } from '../saveFile';

/**
 * Rows shown per page, newest first: an import of thousands would otherwise mount thousands of
 * star widgets (tens of thousands of elements) in one task.
 */
export const RATED_PAGE = 100;

/** What the visitor has rated: change a rating, remove one, import or export them, or reset everything. */
export function RatedList() {
  const rated = useAppStore((s) => s.rated);
  const resetAll = useAppStore((s) => s.resetAll);
  const [dragging, setDragging] = useState(false);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(rated.length / RATED_PAGE));
  const at = Math.min(page, pages - 1);
  // Deferred: a page of new rows (after an import, a hundred star widgets) renders in a background
  // render React splits into short tasks, not in the task of the click.
  const shown = useDeferredValue(
    useMemo(() => {
      const end = rated.length - at * RATED_PAGE;
      return rated.slice(Math.max(0, end - RATED_PAGE), end).reverse();
    }, [rated, at]),
  );
  const exportRatings = () => {
    const s = useAppStore.getState();
    const text = ratingsCsv(s.rated, (id) => {
      const index = s.movieIndex.get(id);
      return (index === undefined ? null : movieAt(s, index)?.title) ?? '';
    });
    saveTextFile('warmstart-ratings.csv', text, 'text/csv');
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f) importRatingsFile(f);
  };
  return (
    <section
      className={`card rated-card${dragging ? ' is-dropping' : ''}`}
      aria-labelledby="rated-heading"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <header className="card-head">
        <div>
          <h2 id="rated-heading">Your ratings</h2>
          <p className="card-sub">Stored only in this browser{rated.length > 0 && ` · ${rated.length}`}.</p>
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
      <div className="rated-io">
        <button type="button" className="btn btn-ghost btn-sm" onClick={chooseRatingsFile}>
          Import ratings
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          disabled={rated.length === 0}
          onClick={exportRatings}
        >
          Export ratings
        </button>
        <span className="card-sub">IMDb, Letterboxd or MovieLens CSV; or drop a file here</span>
      </div>
      {rated.length === 0 ? (
        <p className="empty">Nothing yet. Your ratings appear here and on the map.</p>
      ) : (
        <>
          <ul className="rated-list" data-testid="rated-list" data-count={rated.length}>
            {shown.map((r) => (
              <RatedRow key={r.movieId} movieId={r.movieId} rating={r.rating} />
            ))}
          </ul>
          <Pager
            label="Pages of your ratings"
            page={at}
            pageSize={RATED_PAGE}
            total={rated.length}
            onPage={setPage}
            back="Newer"
            forward="Older"
            rangeTestId="rated-page"
          />
        </>
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
