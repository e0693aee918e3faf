import { useDeferredValue } from 'react';
import { useAppStore } from '../../state/store';
import { fixed, LOSS_WORDS, ms } from '../format';
import { Explain } from '../glossary/Explain';
import { termOfMethod } from '../glossary/terms';

/** The latest adaptation in one line (and, for tests and harnesses, in data attributes). */
export function AdaptStatus() {
  // Deferred like the recommendations (RecommendationList): it commits with them.
  const a = useDeferredValue(useAppStore((s) => s.adapt));
  const methods = useAppStore((s) => s.model?.methods);
  const appMethod = useAppStore((s) => s.model?.appMethod);
  const method = methods?.find((m) => m.name === (a.method || appMethod));
  const label = method?.label ?? '';
  const words = LOSS_WORDS[method?.objective ?? 'rating'];
  const term = method ? termOfMethod(method.name) : null;
  // A worker restarting after a crash or a lost GPU: the last results stay on screen meanwhile.
  const restarting = useAppStore((s) => s.engine.status === 'loading' && s.catalog !== null);
  const last = a.last;
  const attr = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : '');
  let text: string;
  if (restarting) text = 'Restarting the recommender… your ratings are kept';
  else if (a.status === 'adapting')
    text = `Adapting to ${a.k} rating${a.k === 1 ? '' : 's'}… step ${a.liveLosses.length} of ${a.steps}`;
  else if (a.status === 'error') text = `Adaptation failed: ${a.error ?? 'unknown error'}`;
  else if (a.status === 'done' && last) {
    text =
      a.k === 0
        ? 'No ratings yet: showing what the model suggests to a brand-new visitor.'
        : `Adapted to ${a.k} rating${a.k === 1 ? '' : 's'} ${
            method?.kind === 'closed-form' ? 'in one pass (no steps)' : `in ${last.steps} steps`
          }`;
  } else text = 'Waiting for the model…';
  return (
    <div
      className={`status status-${a.status}`}
      data-testid="adapt-status"
      data-state={a.status}
      data-steps={last?.steps ?? 0}
      data-loss-first={attr(last?.lossFirst)}
      data-loss-last={attr(last?.lossLast)}
      data-ms={attr(last ? Math.round(last.ms) : undefined)}
      data-runs={a.runCount}
      data-k={a.k}
      aria-live="polite"
    >
      <span className="status-dot" aria-hidden="true" />
      <span className="status-text">{text}</span>
      {a.status === 'done' && last && a.k > 0 && (
        <span className="status-stats">
          {Number.isFinite(last.lossFirst) && (
            <span title={`${words.explain}; before and after adapting`}>
              {words.short} {fixed(last.lossFirst)}
              {last.steps > 0 && (
                <>
                  {' '}
                  → <strong>{fixed(last.lossLast)}</strong>
                </>
              )}
            </span>
          )}
          <span>{ms(last.ms)}</span>
          {label && (
            <span className="pill">
              {label}
              <Explain term={term} />
            </span>
          )}
        </span>
      )}
    </div>
  );
}
