import { useDeferredValue, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { COMPARE_METHODS } from '../../state/shareState';
import { useAppStore } from '../../state/store';
import { LOSS_WORDS } from '../format';
import { ExportButton } from '../export/ExportButton';
import { Explain } from '../glossary/Explain';
import { termOfMethod } from '../glossary/terms';
import { CompareChart } from './CompareChart';
import { MetaTrainOpener } from '../metatrain/MetaTrainOpener';
import { InnerControls } from './InnerControls';
import { colorOf, labelOf, type ShownTrace } from './methods';
import { TopLists } from './TopLists';
import { TrailsMap } from './TrailsMap';

/** Every method on the same ratings: loss curves, trajectories and top-10 lists, stepped by the player. */
export function ComparePanel() {
  // Deferred: a new comparison's curves, paths and top-10 lists render in a background render React
  // splits into short tasks, not in the task that received it (with its playhead, which a result
  // moves to its last step). The panel says 'running' until the result on screen is the latest.
  const latest = useAppStore(useShallow((s) => ({ result: s.teach.result, playhead: s.teach.playhead })));
  const { result, playhead } = useDeferredValue(latest);
  const compareStatus = useAppStore((s) => s.teach.compareStatus);
  const status = result === latest.result ? compareStatus : 'running';
  const methods = useAppStore(useShallow((s) => s.teach.methods));
  const toggle = useAppStore((s) => s.toggleMethod);
  const empty = useAppStore((s) => s.rated.length === 0);
  // Stable between results, so the memoized charts and lists skip the panel's other updates.
  // The training panel's initialization ("Adapt my ratings from this initialization") beside them.
  const traces = useMemo(
    (): ShownTrace[] => [
      ...(result?.traces ?? []).filter((t) => methods.includes(t.method)),
      ...(result?.trained ? [result.trained] : []),
    ],
    [result, methods],
  );
  const steps = result?.steps ?? 0;
  const diverged = traces.filter((t) => t.diverged);
  // One loss per chart: a list loss and a squared error of stars do not share an axis. The list
  // loss wins when any list method is compared (the others, e.g. the bias baseline, are listed).
  const objective = traces.some((t) => t.objective === 'list') ? 'list' : 'rating';
  const charted = useMemo(() => traces.filter((t) => t.objective === objective), [traces, objective]);
  const uncharted = traces.filter((t) => t.objective !== objective);
  return (
    <section
      className="card compare"
      aria-labelledby="compare-heading"
      data-testid="compare-view"
      data-state={status}
      data-k={result ? result.prefixTops.length / 10 : 0}
    >
      <header className="card-head">
        <div>
          <h2 id="compare-heading">Compare the methods on your ratings</h2>
          <p className="card-sub">
            Same ratings, every method at once. Step through the inner loop to see how each one moves.
          </p>
        </div>
        <MetaTrainOpener />
      </header>
      <div className="method-chips" role="group" aria-label="Methods to compare">
        {COMPARE_METHODS.map((m) => (
          <label
            key={m}
            className="chip"
            style={{ borderColor: methods.includes(m) ? colorOf(m) : undefined }}
          >
            <input type="checkbox" checked={methods.includes(m)} onChange={() => toggle(m)} />
            <span className="swatch" style={{ background: colorOf(m) }} />
            {labelOf(m)}
          </label>
        ))}
      </div>
      {diverged.length > 0 && (
        <p
          className="diverged"
          role="alert"
          data-testid="diverged"
          data-methods={diverged.map((t) => t.method).join(',')}
        >
          <strong>Diverging:</strong> with this learning rate{' '}
          {diverged.map((t) => labelOf(t.method)).join(', ')}{' '}
          {diverged.length === 1 ? 'overshoots' : 'overshoot'}: the first step throws the user state so far
          {objective === 'list'
            ? 'that it shoots past the movies you rated, and the list loss stops falling (or grows).'
            : 'that the predictions pin at the ends of the star scale, and the error stops falling (or grows).'}{' '}
          Values are clamped for display; press Defaults to go back to the trained setting.
        </p>
      )}
      {empty ? (
        <>
          <InnerControls />
          <p className="empty">Rate a movie (or play a persona) to compare the methods.</p>
        </>
      ) : (
        <>
          <div className="compare-viz">
            <InnerControls />
            <figure className="chart">
              <figcaption>
                <span>
                  <strong>{LOSS_WORDS[objective].title}</strong>
                  <ExportButton
                    figure="compare-methods"
                    what="the methods' learning curves"
                    spec={() => {
                      const { inner } = useAppStore.getState().teach;
                      return {
                        name: {
                          figure: 'compare-methods',
                          k: result ? result.prefixTops.length / 10 : null,
                          extra: [
                            inner.lr === null ? null : `lr${inner.lr}`,
                            `steps${steps}`,
                            inner.adaptBias ? null : 'no-bias',
                          ],
                        },
                        title: `${LOSS_WORDS[objective].title} per inner step, every method on the same ratings`,
                        subtitle: `step ${playhead} of ${steps}; learning rate ${inner.lr ?? 'as trained'}; dashed: closed-form methods`,
                      };
                    }}
                  />
                </span>
                <span className="card-sub" title={LOSS_WORDS[objective].explain}>
                  per inner step{objective === 'list' ? ', lower fits better' : ''} · dashed: closed-form
                  methods
                </span>
              </figcaption>
              <div className="scroll-x">
                <CompareChart traces={charted} steps={steps} playhead={playhead} />
              </div>
              <ul className="mlegend">
                {traces.map((t) => (
                  <li key={t.method}>
                    <span className="swatch" style={{ background: colorOf(t.method) }} />
                    {labelOf(t.method)}
                    <Explain term={termOfMethod(t.method)} />
                    {t.diverged && <em className="tag-warn"> diverging</em>}
                    {t.objective !== objective && <em className="card-sub"> (not drawn)</em>}
                  </li>
                ))}
              </ul>
              {uncharted.length > 0 && (
                <p className="card-sub" data-testid="uncharted">
                  Not drawn (no {LOSS_WORDS[objective].short} to draw):{' '}
                  {uncharted.map((t) => labelOf(t.method)).join(', ')}: ranked by predicted stars, shown in
                  the top-10 lists below.
                </p>
              )}
            </figure>
            <figure className="chart">
              <figcaption>
                <strong>Paths on the map</strong>
                <span className="card-sub">from each starting point, step by step</span>
              </figcaption>
              <TrailsMap traces={traces} playhead={playhead} />
            </figure>
          </div>
          <TopLists traces={traces} playhead={playhead} />
        </>
      )}
    </section>
  );
}
