import { useAppStore } from '../../state/store';
import { RecommendationCard } from './RecommendationCard';

export function RecommendationList() {
  const recs = useAppStore((s) => s.adapt.recommendations);
  const k = useAppStore((s) => s.adapt.k);
  const adapting = useAppStore((s) => s.adapt.status === 'adapting');
  return (
    <section className="card recs-card" aria-labelledby="recs-heading">
      <header className="card-head">
        <div>
          <h2 id="recs-heading">{k === 0 ? 'Where a newcomer starts' : 'Recommended for you'}</h2>
          <p className="card-sub">
            {k === 0
              ? 'Before any rating: the meta-learned starting point’s top picks. Rate to make them yours.'
              : `Top ${recs.length} after adapting to your ${k} rating${k === 1 ? '' : 's'} · rated movies left out`}
          </p>
        </div>
      </header>
      <ol className={`rec-list ${adapting ? 'is-updating' : ''}`}>
        {recs.map((r, i) => (
          <RecommendationCard key={r.index} rec={r} rank={i + 1} />
        ))}
      </ol>
    </section>
  );
}
