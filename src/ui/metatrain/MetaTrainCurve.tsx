/**
 * One live curve of the training panel, drawn by hand in SVG (no recharts): a polyline of at most
 * one point per pixel column, four y labels between the curve's own low and high, step labels, and
 * an optional dashed reference line. While training runs it is redrawn every second; recharts'
 * LineChart took 100-370 ms per redraw there (bench/results.md, section 7), this takes a few.
 */
import { memo } from 'react';
import { fmt } from '../../state/store/slices/metatrain/selectors';
import { stepTicks } from '../charts/ticks';
import { useWidth } from '../charts/useWidth';
import { usePalette } from '../theme';

export interface CurvePoint {
  step: number;
  value: number;
}

const HEIGHT = 200;
const PAD = { left: 52, right: 16, top: 14, bottom: 22 };

/** At most `n` points: the first, the last and evenly spaced ones between (the curve's shape at that width). */
export function thinPoints(points: CurvePoint[], n: number): CurvePoint[] {
  if (points.length <= n || n < 2) return points;
  const out: CurvePoint[] = [];
  for (let i = 0; i < n; i++) out.push(points[Math.round((i * (points.length - 1)) / (n - 1))]!);
  return out;
}

/** The y range drawn: the points' and the reference's low and high, padded; a flat curve gets some height. */
export function yRange(values: number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(hi) * 0.05, 0.01);
  lo -= pad;
  hi += pad;
  return [lo, hi];
}

export const MetaTrainCurve = memo(function MetaTrainCurve({
  points,
  digits,
  reference,
}: {
  points: CurvePoint[];
  digits: number;
  reference: number | null;
}) {
  const pal = usePalette();
  const [ref, width] = useWidth<HTMLDivElement>(360);
  const right = width - PAD.right;
  const bottom = HEIGHT - PAD.bottom;
  const maxStep = Math.max(1, points[points.length - 1]?.step ?? 1);
  const [lo, hi] = yRange([...points.map((p) => p.value), ...(reference === null ? [] : [reference])]);
  const x = (s: number) => PAD.left + (s / maxStep) * (right - PAD.left);
  const y = (v: number) => bottom - ((v - lo) / (hi - lo)) * (bottom - PAD.top);
  const drawn = thinPoints(points, Math.max(2, Math.floor(right - PAD.left)));
  const line = drawn.map((p) => `${x(p.step).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const yTicks = [0, 1, 2, 3].map((i) => lo + ((hi - lo) * (i + 0.5)) / 4);
  return (
    <div ref={ref} className="metatrain-curve">
      <svg width={width} height={HEIGHT} role="presentation">
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={right} y1={y(v)} y2={y(v)} stroke={pal.grid} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="axis">
              {fmt(v, digits)}
            </text>
          </g>
        ))}
        {stepTicks(maxStep).map((s) => (
          <text key={s} x={x(s)} y={HEIGHT - 4} textAnchor="middle" className="axis">
            {s}
          </text>
        ))}
        {reference !== null && (
          <g>
            <line
              x1={PAD.left}
              x2={right}
              y1={y(reference)}
              y2={y(reference)}
              stroke={pal.ink3}
              strokeDasharray="5 4"
            />
            <text x={right} y={y(reference) - 4} textAnchor="end" className="axis">
              shipped
            </text>
          </g>
        )}
        {drawn.length > 0 && (
          <polyline points={line} fill="none" stroke={pal.accent} strokeWidth={2} strokeLinejoin="round" />
        )}
      </svg>
    </div>
  );
});
