import { useEffect } from 'react';
import { isHidden } from '../../state/selectors';
import { MAX_STEPS } from '../../state/shareState';
import { useAppStore } from '../../state/store';
import { Explain } from '../glossary/Explain';

/** Learning rates offered by the slider (log scale), up to a deliberately divergent 50. */
const LRS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20, 50];

/** Inner-loop settings and Play / Step / Reset over the comparison's inner steps. */
export function InnerControls() {
  const inner = useAppStore((s) => s.teach.inner);
  const model = useAppStore((s) => s.model);
  const result = useAppStore((s) => s.teach.result);
  const playhead = useAppStore((s) => s.teach.playhead);
  const playing = useAppStore((s) => s.teach.playing);
  const setInner = useAppStore((s) => s.setInner);
  const restoreDefaults = useAppStore((s) => s.restoreDefaults);
  const setPlayhead = useAppStore((s) => s.setPlayhead);
  const setPlaying = useAppStore((s) => s.setPlaying);
  const hidden = useAppStore((s) => isHidden(s, 'controls'));
  const trainedLr = model?.trainedLr ?? 0.5;
  const trainedSteps = model?.trainedSteps ?? 5;
  const lr = inner.lr ?? trainedLr;
  const steps = inner.steps ?? trainedSteps;
  const last = result?.steps ?? 0;
  const isDefault = inner.lr === null && inner.steps === null && inner.adaptBias;
  // Only a rating method's state has a bias to freeze; a list's order ignores one.
  const hasBias = model?.methods.some((m) => m.objective === 'rating' && m.kind === 'gradient') ?? true;

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const s = useAppStore.getState();
      const end = s.teach.result?.steps ?? 0;
      if (s.teach.playhead >= end) s.setPlaying(false);
      else s.setPlayhead(s.teach.playhead + 1);
    }, 350);
    return () => clearInterval(timer);
  }, [playing]);

  const lrIndex = LRS.reduce(
    (best, x, i) => (Math.abs(Math.log(x / lr)) < Math.abs(Math.log((LRS[best] ?? 1) / lr)) ? i : best),
    0,
  );
  return (
    <div className="inner-controls" data-testid="inner-controls">
      <p className="card-sub controls-scope" data-testid="controls-scope">
        These settings drive this comparison only. Your list, map and learning curve above keep the trained
        setting ({trainedSteps} steps, rate ≈{trainedLr}).
      </p>
      {!hidden && (
        <div className="control-grid">
          <label className="control">
            <span>
              Inner learning rate
              <Explain term="learningRate" />{' '}
              <strong data-testid="lr-value">{inner.lr === null ? `trained (≈${trainedLr})` : lr}</strong>
            </span>
            <input
              type="range"
              min={0}
              max={LRS.length - 1}
              step={1}
              value={lrIndex}
              aria-label="Inner learning rate"
              onChange={(e) => setInner({ lr: LRS[Number(e.target.value)] ?? trainedLr })}
            />
          </label>
          <label className="control">
            <span>
              Inner steps
              <Explain term="innerStep" /> <strong>{steps}</strong>
            </span>
            <input
              type="range"
              min={1}
              max={MAX_STEPS}
              step={1}
              value={steps}
              aria-label="Inner steps"
              onChange={(e) => setInner({ steps: Number(e.target.value) })}
            />
          </label>
          {hasBias && (
            <fieldset className="control">
              <legend>What adapts</legend>
              <label className="radio">
                <input
                  type="radio"
                  name="adapts"
                  checked={!inner.adaptBias}
                  onChange={() => setInner({ adaptBias: false })}
                />
                User vector only
              </label>
              <label className="radio">
                <input
                  type="radio"
                  name="adapts"
                  checked={inner.adaptBias}
                  onChange={() => setInner({ adaptBias: true })}
                />
                Vector + bias
              </label>
            </fieldset>
          )}
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            disabled={isDefault}
            onClick={restoreDefaults}
          >
            Defaults
          </button>
        </div>
      )}
      <div className="player" data-testid="player">
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          aria-label="Reset to step 0"
          onClick={() => {
            setPlaying(false);
            setPlayhead(0);
          }}
        >
          ↺ Reset
        </button>
        <button
          type="button"
          className="btn btn-primary btn-sm"
          aria-label={playing ? 'Pause' : 'Play'}
          disabled={last === 0}
          onClick={() => {
            if (!playing && playhead >= last) setPlayhead(0);
            setPlaying(!playing);
          }}
        >
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-sm"
          disabled={playhead >= last}
          onClick={() => {
            setPlaying(false);
            setPlayhead(Math.min(last, playhead + 1));
          }}
        >
          Step +1
        </button>
        <span className="playhead" data-testid="playhead" data-step={playhead} data-steps={last}>
          step {playhead} / {last}
        </span>
      </div>
    </div>
  );
}
