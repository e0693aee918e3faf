import { useMemo } from 'react';
import { topStability } from '../../state/elicitation';
import { INTERVIEW_INFO } from '../../methods/interview';
import { DEFAULT_STRATEGY, STRATEGIES, type Strategy } from '../../state/shareState';
import { useAppStore } from '../../state/store';

/** Which movie to ask about next, and how many ratings it took until the top-10 settled. */
export function StrategyPicker() {
  const strategy = useAppStore((s) => s.teach.strategy);
  const seed = useAppStore((s) => s.teach.seed);
  const setStrategy = useAppStore((s) => s.setStrategy);
  const setSeed = useAppStore((s) => s.setSeed);
  const prefix = useAppStore((s) => s.teach.result?.prefixTops);
  const k = useAppStore((s) => s.rated.length);
  const stability = useMemo(() => topStability(prefix ?? []), [prefix]);
  const lastChange = stability.changes[stability.changes.length - 1];
  return (
    <div className="strategy" data-testid="strategy">
      <label className="control-inline">
        <span>Ask next</span>
        <select
          value={strategy}
          aria-label="Which movie to ask next"
          onChange={(e) => setStrategy(e.target.value as Strategy)}
        >
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {INTERVIEW_INFO[s].label}
              {s === DEFAULT_STRATEGY ? ' (default)' : ''}
            </option>
          ))}
        </select>
      </label>
      {strategy === 'random' && (
        <label className="control-inline">
          <span>Seed</span>
          <input
            type="number"
            min={0}
            value={seed}
            aria-label="Random seed"
            onChange={(e) => {
              const v = Math.floor(Number(e.target.value));
              if (Number.isFinite(v) && v >= 0 && v < 2 ** 31) setSeed(v);
            }}
          />
        </label>
      )}
      <p className="strategy-what" data-testid="strategy-description">
        {INTERVIEW_INFO[strategy].description}
      </p>
      <p
        className="stability"
        data-testid="stability"
        data-settled={stability.settledAt ?? ''}
        data-changes={stability.changes.join(',')}
      >
        {k < 2
          ? 'After two ratings you will see how much each new rating still changes your top-10.'
          : stability.settledAt !== null
            ? `Your top-10 settled after ${stability.settledAt} ratings (later ratings changed at most one movie).`
            : !lastChange
              ? 'Your last rating left your top-10 unchanged; earlier ratings still changed it.'
              : `Your top-10 is still changing: your last rating brought in ${lastChange} new movie${lastChange === 1 ? '' : 's'} of 10.`}
      </p>
    </div>
  );
}
