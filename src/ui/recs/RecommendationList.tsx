import { useMemo, useState } from 'react';
import { recommendationsCsv } from '../../data/import/exportCsv';
import { listChanges } from '../../state/listChanges';
import { movieAt } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { useShownList } from './useShownList';
import { saveTextFile } from '../saveFile';
import { ArrivalInList } from './ArrivalInList';
import { RecommendationCard } from './RecommendationCard';

/** On a phone the full list starts with five cards ("Show all"). */
const SHOWN_NARROW = 5;

export function RecommendationList() {
  const { recs, previous, k, adapting } = useShownList();

  const changes = useMemo(
    () =>
      listChanges(
        previous,
        recs.map((r) => r.index),
      ),
    [previous, recs],
  );
  const [more, setMore] = useState(false);
  return (
    <section
      className={`card recs-card${more ? ' is-expanded' : ''}`}
      id="recommendations"
      tabIndex={-1}
      aria-labelledby="recs-heading"
    >
      <header className="card-head">
        <div>
          <h2 id="recs-heading">{k === 0 ? 'Where a newcomer starts' : 'Recommended for you'}</h2>
          <p className="card-sub">
            {k === 0
              ? 'Before any rating: the meta-learned starting point’s top picks. Rate to make them yours.'
              : `Top ${recs.length} after adapting to your ${k} rating${k === 1 ? '' : 's'} · rated movies left out`}
          </p>
        </div>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          disabled={recs.length === 0}
          onClick={() => exportRecommendations()}
        >
          Export list
        </button>
      </header>
      <ArrivalInList />
      <ol className={`rec-list ${adapting ? 'is-updating' : ''}`}>
        {recs.map((r, i) => (
          <RecommendationCard
            key={r.index}
            rec={r}
            rank={i + 1}
            change={changes[i]?.kind ?? 'same'}
            moved={changes[i]?.by ?? 0}
            extra={i >= SHOWN_NARROW}
          />
        ))}
      </ol>
      {recs.length > SHOWN_NARROW && (
        <button type="button" className="btn btn-ghost btn-sm recs-more" onClick={() => setMore((v) => !v)}>
          {more ? 'Show fewer' : `Show all ${recs.length}`}
        </button>
      )}
    </section>
  );
}

/** The list on screen as CSV (rank, movieId, title, year, score, predicted stars). */
function exportRecommendations(): void {
  const s = useAppStore.getState();
  const rows = s.adapt.recommendations.map((r) => {
    const m = movieAt(s, r.index);
    return {
      movieId: m?.movieId ?? -1,
      title: m?.title ?? '',
      year: m?.year ?? null,
      score: r.score,
      predicted: r.predicted,
    };
  });
  saveTextFile('warmstart-recommendations.csv', recommendationsCsv(rows), 'text/csv');
}
