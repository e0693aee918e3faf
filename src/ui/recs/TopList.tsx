import { useMemo, useState } from 'react';
import { changeSummary, listChanges, type ListChange } from '../../state/listChanges';
import { movieAt } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { useShownList } from './useShownList';

const SHOWN = 10;
/** On a phone the list starts shorter ("Show more"): the map and the curve come right after it. */
const SHOWN_NARROW = 5;

/**
 * The visitor's top 10 in one glance, beside the rating deck: what a rating did to the list
 * (new, moved up, moved down) without scrolling. The full list with reasons is further down.
 */
export function TopList() {
  const { recs, previous, k, adapting } = useShownList();

  const catalog = useAppStore((s) => s.catalog);
  const setHighlight = useAppStore((s) => s.setHighlight);
  const [more, setMore] = useState(false);
  const top = recs.slice(0, SHOWN);
  const changes = useMemo(
    () =>
      listChanges(
        previous?.slice(0, SHOWN) ?? null,
        top.map((r) => r.index),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- top is derived from recs
    [previous, recs],
  );
  const summary = previous ? changeSummary(changes) : null;
  return (
    <section
      className={`card top-card${more ? ' is-expanded' : ''}`}
      id="your-list"
      tabIndex={-1}
      aria-labelledby="top-heading"
      data-testid="top-list"
      data-summary={summary ?? ''}
    >
      <header className="card-head">
        <div>
          <h2 id="top-heading">{k === 0 ? 'A newcomer’s top 10' : 'Your top 10'}</h2>
          <p className="card-sub" aria-live="polite">
            {k === 0
              ? 'Before any rating. Rate a movie and watch this list change.'
              : summary === null
                ? `After ${k} rating${k === 1 ? '' : 's'}`
                : `Your last change: ${summary}`}
          </p>
        </div>
      </header>
      <ol className={`top-list${adapting ? ' is-updating' : ''}`}>
        {top.map((r, i) => {
          const m = movieAt({ catalog }, r.index);
          const c = changes[i] ?? { kind: 'same', by: 0 };
          return (
            <li
              key={r.index}
              className={`top-item${i >= SHOWN_NARROW ? ' is-extra' : ''}`}
              data-testid="top-item"
              data-movie-id={m?.movieId ?? ''}
              data-change={c.kind}
              data-moved={c.by}
              onMouseEnter={() => setHighlight(r.index)}
              onMouseLeave={() => setHighlight(null)}
              onFocus={() => setHighlight(r.index)}
              onBlur={() => setHighlight(null)}
            >
              <span className="top-rank">{i + 1}</span>
              <span className="top-title" title={m?.title}>
                {m?.title ?? ''}
                {m?.year ? <span className="movie-meta"> {m.year}</span> : null}
              </span>
              <ChangeMark change={c} />
            </li>
          );
        })}
      </ol>
      {top.length > SHOWN_NARROW && (
        <button type="button" className="btn btn-ghost btn-sm top-more" onClick={() => setMore((v) => !v)}>
          {more ? 'Show fewer' : `Show all ${top.length}`}
        </button>
      )}
    </section>
  );
}

/** New, up n, down n; nothing for a movie in the same place. */
export function ChangeMark({ change }: { change: ListChange }) {
  if (change.kind === 'same') return null;
  const text = change.kind === 'new' ? 'new' : `${change.kind === 'up' ? '▲' : '▼'}${change.by}`;
  const label =
    change.kind === 'new'
      ? 'new in your list'
      : `moved ${change.kind} ${change.by} place${change.by === 1 ? '' : 's'}`;
  return (
    <span className={`change change-${change.kind}`} title={label}>
      <span aria-hidden="true">{text}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}
