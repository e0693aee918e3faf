/**
 * The training's status, for people and tests: the contract's attributes (data-state, data-step,
 * data-loss-first, data-loss-last, data-val-recall) and a sentence. The sentence a screen reader
 * hears is the polite region's, which changes only when the state changes or every 25 meta-steps,
 * not on every step.
 */
import { useAppStore } from '../../state/store';
import { latestValRecall, shownState, statusText } from '../../state/store/slices/metatrain/selectors';

/** How many meta-steps apart the live region speaks while training runs. */
const SPEAK_EVERY = 25;

const attr = (x: number | null) => (x !== null && Number.isFinite(x) ? String(x) : '');

export function MetaTrainStatus() {
  const m = useAppStore((s) => s.metatrain);
  const text = statusText(m);
  const state = shownState(m);
  const spoken =
    m.state === 'running' ? `Training, step ${Math.floor(m.step / SPEAK_EVERY) * SPEAK_EVERY}` : text;
  return (
    <div
      className="metatrain-status"
      data-testid="metatrain-status"
      data-state={state}
      data-step={m.step}
      data-loss-first={attr(m.lossFirst)}
      data-loss-last={attr(m.lossLast)}
      data-val-recall={attr(latestValRecall(m))}
      aria-busy={m.state === 'loading'}
    >
      <p className="metatrain-status-text" aria-hidden="true">
        <span className={`metatrain-dot metatrain-dot-${state}`} /> {text}
      </p>
      <p className="sr-only" role="status" aria-live="polite">
        {spoken}
      </p>
    </div>
  );
}
