import { usePlotArea, useXAxisScale } from 'recharts';
import type { AppState } from '../../state/store';
import { useAppStore } from '../../state/store';
import { usePalette } from '../theme';

/**
 * The dashed "you" line of a recharts chart at the visitor's own count (ratings given, movies
 * offered): the one part of the chart that follows the store, so a new rating re-renders this line
 * and not the chart. `count` must be a stable (module-level) function.
 */
export function YouMarker({ max, count }: { max: number; count: (s: AppState) => number }) {
  const k = useAppStore((s) => Math.min(count(s), max));
  const x = useXAxisScale()?.(k);
  const area = usePlotArea();
  const pal = usePalette();
  if (x === undefined || !Number.isFinite(x) || !area) return null;
  return (
    <g className="you-marker" data-testid="you-marker" data-x={k}>
      <line x1={x} x2={x} y1={area.y} y2={area.y + area.height} stroke={pal.ink} strokeDasharray="4 3" />
      <text x={x} y={area.y - 6} textAnchor="middle" fontSize={11} fill={pal.ink2}>
        you
      </text>
    </g>
  );
}

export const ratedCount = (s: AppState): number => s.rated.length;
export const offeredCount = (s: AppState): number => s.rated.length + s.skipped.length;
