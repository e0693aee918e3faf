/** Play, Pause, Step and Reset, as in TensorFlow Playground: each press is a command the bridge sends. */
import { useAppStore } from '../../state/store';
import { canPause, canPlay, canReset, canStep } from '../../state/store/slices/metatrain/selectors';

export function MetaTrainButtons() {
  const m = useAppStore((s) => s.metatrain);
  const command = useAppStore((s) => s.metaTrainCommand);
  return (
    <div className="metatrain-buttons" role="group" aria-label="Training">
      <button
        type="button"
        className="btn btn-primary btn-sm"
        disabled={!canPlay(m)}
        onClick={() => command('play')}
      >
        Play
      </button>
      <button type="button" className="btn btn-sm" disabled={!canPause(m)} onClick={() => command('pause')}>
        Pause
      </button>
      <button type="button" className="btn btn-sm" disabled={!canStep(m)} onClick={() => command('step')}>
        Step
      </button>
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        disabled={!canReset(m)}
        onClick={() => command('reset')}
      >
        Reset
      </button>
    </div>
  );
}
