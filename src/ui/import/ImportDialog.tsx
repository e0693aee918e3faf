import { useMemo, useState } from 'react';
import { formatBytes, MAX_IMPORT_BYTES } from '../../data/import/decode';
import { FORMAT_LABELS } from '../../data/import/formats';
import { resolveImport, type ImportReview } from '../../data/import/match';
import { useAppStore } from '../../state/store';
import { Panel } from '../shell/Panel';
import type { ImportFlow } from './useImportFlow';
import { UnmatchedList } from './UnmatchedList';

/** What the import dialog shows: reading, a message about a bad file, or the review. */
export function ImportDialog({
  flow,
  onClose,
  onPickUser,
  onChooseAnother,
}: {
  flow: Exclude<ImportFlow, { step: 'idle' }>;
  onClose: () => void;
  onPickUser: (userId: number) => void;
  onChooseAnother: () => void;
}) {
  return (
    <Panel title="Import ratings" onClose={onClose} testId="import-dialog">
      {flow.step === 'reading' && (
        <p data-testid="import-reading" role="status">
          Reading {flow.fileName}… (in this page: the file is not uploaded anywhere)
        </p>
      )}
      {flow.step === 'error' && (
        <div data-testid="import-error" role="alert" className="import-error">
          <p>
            <strong>{flow.fileName}</strong> was not imported. {flow.message}
          </p>
          {flow.details.length > 0 && (
            <ul className="import-problems">
              {flow.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
          <p className="card-sub">Your ratings are unchanged.</p>
          <div className="import-actions">
            <button type="button" className="btn btn-primary" onClick={onChooseAnother}>
              Choose another file
            </button>
            <button type="button" className="btn btn-ghost" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      )}
      {flow.step === 'review' && (
        <Review
          key={`${flow.review.fileName}:${flow.review.userId ?? ''}:${flow.review.rows}`}
          review={flow.review}
          onClose={onClose}
          onPickUser={onPickUser}
        />
      )}
      <p className="card-sub import-formats">
        Reads an IMDb “Your ratings” export, Letterboxd’s ratings.csv or diary.csv, or a MovieLens-style CSV
        (userId,movieId,rating), up to {formatBytes(MAX_IMPORT_BYTES)}. Matched against the MovieLens catalog
        (MovieLens by GroupLens Research; IMDb ids through its links.csv). Nothing leaves this page.
      </p>
    </Panel>
  );
}

function Review({
  review,
  onClose,
  onPickUser,
}: {
  review: ImportReview;
  onClose: () => void;
  onPickUser: (userId: number) => void;
}) {
  const current = useAppStore((s) => s.rated.length);
  const importRatings = useAppStore((s) => s.importRatings);
  const [manual, setManual] = useState<Map<number, number>>(() => new Map());
  const [skipped, setSkipped] = useState<Set<number>>(() => new Set());
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const ratings = useMemo(() => resolveImport(review, manual), [review, manual]);
  const open = review.unmatched.length - manual.size - skipped.size;
  const { rows, duplicates, unrated, problems, users } = review;
  return (
    <div
      data-testid="import-review"
      data-format={review.format}
      data-rows={rows}
      data-matched={ratings.length}
      data-unmatched={review.unmatched.length - manual.size}
      data-duplicates={duplicates}
      className="import-review"
    >
      <p>
        <strong>{FORMAT_LABELS[review.format]}</strong> · {review.fileName}
        {review.userId !== null && ` · user ${review.userId}`}
      </p>
      <p data-testid="import-summary">
        {rows} rating{rows === 1 ? '' : 's'} read: <strong>{review.matched.length} matched</strong> to the
        catalog
        {review.unmatched.length > 0 && `, ${review.unmatched.length} not found`}
        {duplicates > 0 &&
          `; ${duplicates} duplicate${duplicates === 1 ? '' : 's'} resolved (the latest rating wins)`}
        {unrated > 0 && `; ${unrated} diary entr${unrated === 1 ? 'y' : 'ies'} without a rating left out`}.
        {manual.size > 0 && ` ${manual.size} matched by hand.`}
      </p>
      {review.warning && <p className="import-warning">{review.warning}</p>}
      {problems.length > 0 && (
        <details className="import-problems" data-testid="import-problems">
          <summary>
            {problems.length} row{problems.length === 1 ? '' : 's'} skipped (could not be read)
          </summary>
          <ul>
            {problems.slice(0, 50).map((p) => (
              <li key={p.line}>
                line {p.line}: {p.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {users && (
        <label className="import-user">
          This file holds {users.length} users: import the ratings of user{' '}
          <select
            data-testid="import-user"
            value={review.userId ?? ''}
            onChange={(e) => onPickUser(Number(e.target.value))}
          >
            {users.map((u) => (
              <option key={u.userId} value={u.userId}>
                {u.userId} ({u.rows} ratings)
              </option>
            ))}
          </select>
        </label>
      )}
      {review.unmatched.length > 0 && (
        <UnmatchedList
          rows={review.unmatched}
          manual={manual}
          skipped={skipped}
          onMatch={(line, movieId) => {
            setManual((m) => {
              const next = new Map(m);
              if (movieId === null) next.delete(line);
              else next.set(line, movieId);
              return next;
            });
            setSkipped((s) => {
              const next = new Set(s);
              next.delete(line);
              return next;
            });
          }}
          onSkip={(line) => setSkipped((s) => new Set(s).add(line))}
        />
      )}
      {current > 0 && (
        <fieldset className="choice import-mode">
          <legend>Your {current} current ratings</legend>
          <label className={`choice-row ${mode === 'merge' ? 'on' : ''}`}>
            <input
              type="radio"
              name="import-mode"
              checked={mode === 'merge'}
              onChange={() => setMode('merge')}
            />
            <span>
              <strong>Merge</strong>
              <span className="card-sub">Keep them; a movie in both takes the file’s rating.</span>
            </span>
          </label>
          <label className={`choice-row ${mode === 'replace' ? 'on' : ''}`}>
            <input
              type="radio"
              name="import-mode"
              checked={mode === 'replace'}
              onChange={() => setMode('replace')}
            />
            <span>
              <strong>Replace</strong>
              <span className="card-sub">Forget them; only the file’s ratings remain.</span>
            </span>
          </label>
        </fieldset>
      )}
      <div className="import-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={ratings.length === 0}
          onClick={() => {
            importRatings(ratings, mode);
            onClose();
          }}
        >
          Use these ratings
        </button>
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          Cancel
        </button>
        <span className="card-sub">
          {ratings.length} movie{ratings.length === 1 ? '' : 's'} to import
          {open > 0 && ` · ${open} not found left out`} · Undo afterwards puts your ratings back
        </span>
      </div>
    </div>
  );
}
