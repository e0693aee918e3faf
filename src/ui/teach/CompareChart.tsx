import { memo, useEffect, useState } from 'react';
import { XLabels, YGrid } from '../charts/Axes';
import { colorOf, labelOf, type ShownTrace } from './methods';
import { usePalette } from '../theme';

const WIDE = 640;
const NARROW = 360;
const H = 200;
const PAD = { l: 40, r: 12, t: 22, b: 36 };

/**
 * Support loss against inner step for every compared method, overlaid (SVG: each curve is one
 * path with data-method). Up to the playhead solid, the rest faint. Closed-form methods are a flat
 * dashed line at their loss.
 */
export const CompareChart = memo(function CompareChart({
  traces,
  steps,
  playhead,
}: {
  traces: ShownTrace[];
  steps: number;
  playhead: number;
}) {
  // A narrower drawing on phones keeps the axis labels readable instead of scaling them down.
  const W = useNarrow() ? NARROW : WIDE;
  const pal = usePalette();
  const max = Math.max(0.5, ...traces.flatMap((t) => Array.from(t.losses)));
  const yMax = Math.ceil(max * 2) / 2;
  const x = (s: number) => PAD.l + ((W - PAD.l - PAD.r) * s) / Math.max(1, steps);
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / yMax);
  const path = (t: ShownTrace, upTo: number) => {
    const pts =
      t.kind === 'closed-form'
        ? [0, steps].map((s) => [x(s), y(t.losses[0] ?? 0)])
        : Array.from(t.losses.subarray(0, upTo + 1), (v, s) => [x(s), y(v)]);
    return pts.map(([a, b], i) => `${i ? 'L' : 'M'}${(a ?? 0).toFixed(1)},${(b ?? 0).toFixed(1)}`).join('');
  };
  const yTicks = [0, yMax / 2, yMax];
  const xTicks =
    steps <= 10 ? Array.from({ length: steps + 1 }, (_, i) => i) : [0, Math.round(steps / 2), steps];
  return (
    <svg
      className="compare-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Support loss against inner step, per method: ${traces
        .map(
          (t) =>
            `${labelOf(t.method)} ${(t.losses[0] ?? 0).toFixed(2)} to ${(t.losses[t.losses.length - 1] ?? 0).toFixed(2)}`,
        )
        .join('; ')}.`}
    >
      <YGrid ticks={yTicks} y={y} left={PAD.l} right={W - PAD.r} />
      <XLabels ticks={xTicks} x={x} baseline={H - 20} />
      <text x={4} y={12} className="axis axis-title">
        ↑ support loss on your ratings (lower fits better)
      </text>
      <text x={W - PAD.r} y={H - 3} textAnchor="end" className="axis axis-title">
        inner step →
      </text>
      <line
        x1={x(playhead)}
        x2={x(playhead)}
        y1={PAD.t}
        y2={H - PAD.b}
        stroke={pal.accentFaint}
        strokeDasharray="3 3"
      />
      {traces.map((t) => (
        <g key={t.method}>
          {t.kind === 'gradient' && (
            <path
              d={path(t, steps)}
              fill="none"
              stroke={colorOf(t.method)}
              strokeOpacity={0.18}
              strokeWidth={2}
            />
          )}
          <path
            data-testid="method-curve"
            data-method={t.method}
            data-series={labelOf(t.method)}
            data-diverged={t.diverged ? 'true' : 'false'}
            data-loss-first={(t.losses[0] ?? 0).toFixed(4)}
            data-loss-last={(t.losses[t.losses.length - 1] ?? 0).toFixed(4)}
            d={path(t, Math.min(playhead, steps))}
            fill="none"
            stroke={colorOf(t.method)}
            strokeWidth={t.diverged ? 2.5 : 2}
            strokeDasharray={t.kind === 'closed-form' ? '5 4' : t.diverged ? '2 3' : undefined}
          />
        </g>
      ))}
    </svg>
  );
});

function useNarrow(): boolean {
  const query = '(max-width: 600px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const mq = window.matchMedia?.(query);
    if (!mq) return;
    const on = () => setNarrow(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return narrow;
}
