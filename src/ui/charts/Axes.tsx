import { usePalette } from '../theme';

/**
 * The grid and tick labels the hand-drawn SVG line charts share (the learning curve, the compare
 * view): a light horizontal line and a label per y tick, a label per x tick along the bottom.
 */
export function YGrid({
  ticks,
  y,
  left,
  right,
}: {
  ticks: number[];
  y: (v: number) => number;
  /** x of the plot's left and right edges; labels sit left of `left`. */
  left: number;
  right: number;
}) {
  const pal = usePalette();
  return ticks.map((v) => (
    <g key={v}>
      <line x1={left} x2={right} y1={y(v)} y2={y(v)} stroke={pal.grid} />
      <text x={left - 6} y={y(v) + 4} textAnchor="end" className="axis">
        {v.toFixed(1)}
      </text>
    </g>
  ));
}

/** Step labels under the plot, at `baseline` (the chart's height minus a small margin). */
export function XLabels({
  ticks,
  x,
  baseline,
}: {
  ticks: number[];
  x: (s: number) => number;
  baseline: number;
}) {
  return ticks.map((s) => (
    <text key={s} x={x(s)} y={baseline} textAnchor="middle" className="axis">
      {s}
    </text>
  ));
}
