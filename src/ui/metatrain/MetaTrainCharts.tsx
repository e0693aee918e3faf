/**
 * The live curves: meta-train loss against meta-step, and meta-val Recall@20 against meta-step with
 * the shipped model's figure on the same users as a dashed line labelled "shipped". Each chart has
 * a text alternative (its figure's caption says the first, last and best values).
 */
import { memo, useDeferredValue, useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useAppStore } from '../../state/store';
import { fmt } from '../../state/store/slices/metatrain/selectors';
import { usePalette } from '../theme';
import { useThrottled } from '../useThrottled';

/** How often the curves are redrawn while training runs, ms. */
const REDRAW_MS = 1000;

interface Point {
  step: number;
  value: number;
}

const Curve = memo(function Curve({
  points,
  digits,
  reference,
  name,
}: {
  points: Point[];
  digits: number;
  reference: number | null;
  name: string;
}) {
  const pal = usePalette();
  return (
    <ResponsiveContainer width="100%" height={200}>
      <LineChart data={points} margin={{ top: 14, right: 16, bottom: 4, left: -8 }}>
        <CartesianGrid stroke={pal.grid} vertical={false} />
        <XAxis
          dataKey="step"
          type="number"
          domain={[0, 'dataMax']}
          allowDecimals={false}
          tick={{ fontSize: 11, fill: pal.ink3 }}
        />
        <YAxis
          domain={['auto', 'auto']}
          width={48}
          tick={{ fontSize: 11, fill: pal.ink3 }}
          tickFormatter={(v: number) => fmt(v, digits)}
        />
        <Tooltip
          formatter={(v) => [typeof v === 'number' ? fmt(v, digits + 1) : String(v), name]}
          labelFormatter={(l) => `meta-step ${String(l)}`}
          contentStyle={{ background: pal.card, borderColor: pal.line, color: pal.ink }}
        />
        {reference !== null && (
          <ReferenceLine
            y={reference}
            stroke={pal.ink3}
            strokeDasharray="5 4"
            label={{ value: 'shipped', position: 'insideTopRight', fontSize: 11, fill: pal.ink3 }}
          />
        )}
        <Line
          dataKey="value"
          name={name}
          stroke={pal.accent}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
});

/** "from 7.41 at step 1 to 6.93 at step 50" (or that there is nothing yet). */
function summary(points: Point[], digits: number): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return 'no meta-steps yet';
  return `from ${fmt(first.value, digits)} at step ${first.step} to ${fmt(last.value, digits)} at step ${last.step}`;
}

export function MetaTrainCharts() {
  // Redrawn at most once a second, in a background render React splits into short tasks.
  const losses = useDeferredValue(
    useThrottled(
      useAppStore((s) => s.metatrain.losses),
      REDRAW_MS,
    ),
  );
  const val = useDeferredValue(
    useThrottled(
      useAppStore((s) => s.metatrain.val),
      REDRAW_MS,
    ),
  );
  const shipped = useAppStore((s) => s.metatrain.shippedValRecall);
  const lossPoints = useMemo(() => losses.map((p) => ({ step: p.step, value: p.loss })), [losses]);
  const valPoints = useMemo(() => val.map((p) => ({ step: p.step, value: p.recall })), [val]);
  return (
    <div className="metatrain-charts">
      <figure className="chart" data-testid="metatrain-loss-chart" data-points={lossPoints.length}>
        <figcaption>
          <strong>Meta-train loss</strong> (lower is better): {summary(lossPoints, 2)}.
        </figcaption>
        <Curve points={lossPoints} digits={2} reference={null} name="loss" />
      </figure>
      <figure className="chart" data-testid="metatrain-val-chart" data-points={valPoints.length}>
        <figcaption>
          <strong>Meta-val Recall@20</strong> on a fixed set of meta-val people: {summary(valPoints, 3)}
          {shipped !== null ? `; the shipped model: ${fmt(shipped, 3)} (dashed)` : ''}.
        </figcaption>
        <Curve points={valPoints} digits={2} reference={shipped} name="Recall@20" />
      </figure>
    </div>
  );
}
