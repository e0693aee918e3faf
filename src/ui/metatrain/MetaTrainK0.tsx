/** The K = 0 list of the initialization being trained: what it recommends before any rating. */
import { useAppStore } from '../../state/store';

/** How many of the worker's K = 0 list are shown. */
const SHOWN = 10;

export function MetaTrainK0() {
  const k0 = useAppStore((s) => s.metatrain.k0);
  const catalog = useAppStore((s) => s.catalog);
  const items = (k0 ?? []).slice(0, SHOWN).flatMap((i) => {
    const title = catalog?.titles[i];
    return title === undefined
      ? []
      : [{ i, title, year: catalog?.years[i] ?? 0, movieId: catalog?.movieIds[i] ?? -1 }];
  });
  return (
    <section className="metatrain-k0" aria-labelledby="metatrain-k0-heading">
      <h3 id="metatrain-k0-heading">Its list before any rating (K = 0)</h3>
      {items.length === 0 ? (
        <p className="card-sub">Shown once the training data is loaded.</p>
      ) : (
        <ol data-testid="metatrain-k0" data-ids={items.map((m) => m.movieId).join(',')}>
          {items.map((m) => (
            <li key={m.i}>
              {m.title}
              {m.year > 0 ? ` (${m.year})` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
