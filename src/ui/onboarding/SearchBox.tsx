import { useDeferredValue, useId, useMemo, useState } from 'react';
import { searchCatalog } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { CandidateCard } from './CandidateCard';

/** Rate any movie in the catalog by title; the result under the pointer or focus is ringed on the map. */
export function SearchBox() {
  const id = useId();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const catalog = useAppStore((s) => s.catalog);
  const excluded = useAppStore((s) => s.excluded);
  const setHighlight = useAppStore((s) => s.setHighlight);
  const hits = useMemo(
    () => searchCatalog({ catalog, excluded }, deferred, 6),
    [catalog, excluded, deferred],
  );
  return (
    <div className="search">
      <label htmlFor={id} className="search-label">
        Or find a movie
      </label>
      <div className="search-field">
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="11" cy="11" r="6.5" />
          <path d="M16 16l4.5 4.5" />
        </svg>
        <input
          id={id}
          type="search"
          placeholder="Search the catalog by title"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          autoComplete="off"
        />
      </div>
      {deferred.trim() !== '' && (
        <div className="search-results" aria-live="polite">
          {hits.length === 0 ? (
            <p className="empty">No title matches “{deferred}”.</p>
          ) : (
            hits.map((i) => (
              <div
                key={i}
                className="search-hit"
                onMouseEnter={() => setHighlight(i)}
                onMouseLeave={() => setHighlight(null)}
                onFocus={() => setHighlight(i)}
                onBlur={() => setHighlight(null)}
              >
                <CandidateCard index={i} source="search" />
              </div>
            ))
          )}
        </div>
      )}
    </div>
  );
}
