import { Pager } from '../shell/Pager';
import { memo, useState } from 'react';
import type { UnmatchedRow } from '../../data/import/match';
import { movieAt, searchCatalog } from '../../state/selectors';
import { useAppStore } from '../../state/store';

const PAGE = 20;

/** The rows the import could not match, a page at a time: each can be matched by hand or skipped. */
export function UnmatchedList({
  rows,
  manual,
  skipped,
  onMatch,
  onSkip,
}: {
  rows: UnmatchedRow[];
  manual: ReadonlyMap<number, number>;
  skipped: ReadonlySet<number>;
  onMatch: (line: number, movieId: number | null) => void;
  onSkip: (line: number) => void;
}) {
  const [page, setPage] = useState(0);
  const shown = rows.slice(page * PAGE, (page + 1) * PAGE);
  return (
    <section className="import-unmatched" aria-label="Not found in the catalog">
      <h3>
        Not found ({rows.length}){' '}
        <span className="card-sub">match by hand, or skip: skipped rows are left out</span>
      </h3>
      <ul>
        {shown.map((row) => (
          <UnmatchedItem
            key={row.line}
            row={row}
            matched={manual.get(row.line) ?? null}
            skipped={skipped.has(row.line)}
            onMatch={onMatch}
            onSkip={onSkip}
          />
        ))}
      </ul>
      <Pager
        label="Pages of rows not found"
        page={page}
        pageSize={PAGE}
        total={rows.length}
        onPage={setPage}
        back="Previous"
        forward="Next"
      />
    </section>
  );
}

const UnmatchedItem = memo(function UnmatchedItem({
  row,
  matched,
  skipped,
  onMatch,
  onSkip,
}: {
  row: UnmatchedRow;
  matched: number | null;
  skipped: boolean;
  onMatch: (line: number, movieId: number | null) => void;
  onSkip: (line: number) => void;
}) {
  const [query, setQuery] = useState('');
  const hits = useAppStore((s) => {
    const found = query.trim().length >= 2 ? searchCatalog(s, query, 6) : row.candidates.slice(0, 6);
    return found.join(',');
  });
  const catalog = useAppStore((s) => s.catalog);
  const movieIndex = useAppStore((s) => s.movieIndex);
  const label = `${row.title}${row.year ? ` (${row.year})` : ''}`;
  const nameOf = (index: number) => {
    const m = movieAt({ catalog }, index);
    return m ? `${m.title}${m.year ? ` (${m.year})` : ''}` : '';
  };
  /** Two movies of one title and year (MovieLens has a few) differ by genres and popularity. */
  const detailOf = (index: number) => {
    const m = movieAt({ catalog }, index);
    const n = catalog?.ratingCounts[index] ?? 0;
    return m ? ` · ${m.genres.slice(0, 3).join(', ') || 'no genre'} · ${n} rating${n === 1 ? '' : 's'}` : '';
  };
  const state = matched !== null ? 'matched' : skipped ? 'skipped' : 'open';
  return (
    <li data-testid="import-unmatched" data-line={row.line} data-state={state}>
      <div className="unmatched-head">
        <span>
          <strong>{label}</strong> · {row.rating}★{' '}
          <span className="card-sub">
            line {row.line}: {row.why}
          </span>
        </span>
      </div>
      {state === 'matched' && matched !== null ? (
        <div className="unmatched-done">
          → {nameOf(movieIndex.get(matched) ?? -1)}{' '}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onMatch(row.line, null)}>
            Change
          </button>
        </div>
      ) : state === 'skipped' ? (
        <div className="unmatched-done">
          Skipped{' '}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onMatch(row.line, null)}>
            Match it
          </button>
        </div>
      ) : (
        <div className="unmatched-find">
          <input
            type="search"
            value={query}
            placeholder="Search the catalog…"
            aria-label={`Find “${label}” in the catalog`}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onSkip(row.line)}>
            Skip
          </button>
          {hits !== '' && (
            <ul className="unmatched-hits">
              {hits.split(',').map((h) => {
                const index = Number(h);
                const movieId = catalog?.movieIds[index] ?? -1;
                return (
                  <li key={h}>
                    <button
                      type="button"
                      className="link"
                      data-testid="import-candidate"
                      data-movie-id={movieId}
                      onClick={() => onMatch(row.line, movieId)}
                    >
                      {nameOf(index)}
                    </button>
                    <span className="card-sub">{detailOf(index)}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </li>
  );
});
