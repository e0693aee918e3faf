import { memo } from 'react';
import { colorOf, labelOf, type ShownTrace } from './methods';
import { usePalette } from '../theme';

const S = 220;

/** Each method's path through the map's user space from its starting state, up to the playhead. */
export const TrailsMap = memo(function TrailsMap({
  traces,
  playhead,
}: {
  traces: ShownTrace[];
  playhead: number;
}) {
  const pal = usePalette();
  const pts = traces.flatMap((t) => Array.from(t.trajectory));
  const ext = Math.max(0.05, ...pts.map((v) => Math.abs(v))) * 1.15;
  const p = (v: number, flip: boolean) => S / 2 + ((flip ? -v : v) / ext) * (S / 2 - 8);
  return (
    <svg
      className="trails"
      viewBox={`0 0 ${S} ${S}`}
      role="img"
      aria-label="Each method's trajectory on the map"
      data-testid="compare-trails"
    >
      <rect x={0} y={0} width={S} height={S} rx={10} fill={pal.card} stroke={pal.line} />
      <line x1={S / 2} x2={S / 2} y1={6} y2={S - 6} stroke={pal.grid} />
      <line y1={S / 2} y2={S / 2} x1={6} x2={S - 6} stroke={pal.grid} />
      {traces.map((t) => {
        const n = t.trajectory.length / 2;
        const upto = t.kind === 'closed-form' ? n - 1 : Math.min(playhead, n - 1);
        const d = Array.from(
          { length: upto + 1 },
          (_, s) =>
            `${s ? 'L' : 'M'}${p(t.trajectory[2 * s] ?? 0, false).toFixed(1)},${p(t.trajectory[2 * s + 1] ?? 0, true).toFixed(1)}`,
        ).join('');
        const ex = p(t.trajectory[2 * upto] ?? 0, false);
        const ey = p(t.trajectory[2 * upto + 1] ?? 0, true);
        return (
          <g key={t.method} data-method={t.method}>
            <title>{labelOf(t.method)}</title>
            <path d={d} fill="none" stroke={colorOf(t.method)} strokeWidth={1.8} />
            <circle
              cx={ex}
              cy={ey}
              r={t.kind === 'closed-form' ? 4 : 3.5}
              fill={colorOf(t.method)}
              stroke={pal.card}
            />
          </g>
        );
      })}
    </svg>
  );
});
