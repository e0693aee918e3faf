import { useAppStore } from '../../state/store';
import { megabytes } from '../format';

const PHASES = {
  download: 'Downloading the model',
  backend: 'Starting TensorFlow.js',
  parse: 'Reading the model',
  warmup: 'Warming up',
} as const;

/** Progress of the model download and the warm-up (shader compile). */
export function LoadingCard() {
  const { phase, loaded, total } = useAppStore((s) => s.engine);
  const order = ['download', 'backend', 'parse', 'warmup'] as const;
  const at = order.indexOf(phase);
  const within = phase === 'download' ? (total > 0 ? loaded / total : 0) : total > 0 ? loaded / total : 0;
  const pct = Math.round(((at + Math.min(1, within)) / order.length) * 100);
  const detail =
    phase === 'download'
      ? total > 0
        ? `${megabytes(loaded)} of ${megabytes(total)}`
        : 'Connecting…'
      : phase === 'backend'
        ? 'Trying WebGPU, then WebGL, WebAssembly and CPU'
        : phase === 'warmup'
          ? 'Running a first adaptation so yours is instant (this compiles the GPU programs)'
          : 'Checking the files';
  return (
    <div className="loading card" role="status" aria-live="polite">
      <h2>{PHASES[phase]}…</h2>
      <div
        className="bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label="Loading the recommender"
      >
        <div className="bar-fill" style={{ width: `${pct}%` }} />
      </div>
      <p className="card-sub">{detail}</p>
      <ol className="steps">
        {order.map((p, i) => (
          <li key={p} className={i < at ? 'done' : i === at ? 'now' : ''}>
            {PHASES[p]}
          </li>
        ))}
      </ol>
    </div>
  );
}
