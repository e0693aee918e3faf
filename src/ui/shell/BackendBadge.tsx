import { backendLabel } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { ms } from '../format';

/** Which TensorFlow.js backend runs the model, how long the warm-up took, and what was verified. */
export function BackendBadge() {
  const engine = useAppStore((s) => s.engine);
  const b = engine.backend;
  if (!b) {
    return (
      <span
        className="badge badge-muted"
        data-testid="backend-badge"
        data-backend=""
        title="Choosing a backend…"
      >
        <span className="dot" /> starting…
      </span>
    );
  }
  const gpu = b.gpuResident;
  const lines = [
    `Backend: ${backendLabel(b.name)} (${b.name})${b.forced ? ', chosen in settings or the address' : ', picked automatically'}`,
    `Self-check: passed (matMul and reduction against known values)`,
    `Warm-up (first adaptation incl. shader compile): ${ms(b.warmupMs)}; warm adaptation: ${ms(b.steadyMs)}`,
    `Kernels per adaptation: ${b.kernelsPerAdapt}`,
    gpu
      ? `GPU residency: ${gpu.onGpu}/${gpu.total} probe ops kept their outputs on the GPU`
      : 'Runs on the CPU: no GPU residency to verify',
    Object.keys(b.flags).length > 0
      ? `Flags: ${Object.entries(b.flags)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')}`
      : '',
    ...b.skipped.map((s) => `Skipped ${s.name}: ${s.reason}`),
  ].filter(Boolean);
  const fellBack = b.skipped.length > 0 && !b.forced;
  return (
    <span
      className={`badge badge-${b.name === 'webgpu' || b.name === 'webgl' ? 'gpu' : 'cpu'}`}
      data-testid="backend-badge"
      data-backend={b.name}
      data-warmup-ms={Math.round(b.warmupMs)}
      data-kernels={b.kernelsPerAdapt}
      data-gpu-resident={gpu ? `${gpu.onGpu}/${gpu.total}` : 'n/a'}
      title={lines.join('\n')}
      tabIndex={0}
      aria-label={lines.join('. ')}
    >
      <span className="dot" />
      {b.name}
      <span className="badge-sub">warm-up {ms(b.warmupMs)}</span>
      {fellBack && (
        <span className="badge-sub">· {b.skipped[0]?.name === 'webgpu' ? 'no WebGPU here' : 'fallback'}</span>
      )}
    </span>
  );
}
