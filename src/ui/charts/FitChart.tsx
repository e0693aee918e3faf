import {
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useAppStore } from '../../state/store';

/** Predicted against true rating for the rated movies, after adapting. */
export function FitChart() {
  const fit = useAppStore((s) => s.adapt.fit);
  const titles = useAppStore((s) => s.catalog?.titles);
  const data = fit.map((f) => ({
    actual: f.actual,
    predicted: Math.round(f.predicted * 100) / 100,
    title: titles?.[f.index] ?? '',
  }));
  return (
    <figure className="chart" data-testid="fit-chart">
      <figcaption>
        <strong>Your ratings vs. the model</strong>
        <span className="card-sub">On the diagonal = predicted exactly</span>
      </figcaption>
      {data.length > 0 ? (
        <ResponsiveContainer width="100%" height={190}>
          <ScatterChart margin={{ top: 8, right: 12, bottom: 4, left: -12 }}>
            <CartesianGrid stroke="#eef0f5" />
            <XAxis
              type="number"
              dataKey="actual"
              name="your rating"
              domain={[0, 5]}
              ticks={[1, 2, 3, 4, 5]}
              tick={{ fontSize: 11, fill: '#6b7280' }}
              tickLine={false}
            />
            <YAxis
              type="number"
              dataKey="predicted"
              name="predicted"
              domain={[0, 5]}
              ticks={[1, 2, 3, 4, 5]}
              tick={{ fontSize: 11, fill: '#6b7280' }}
              tickLine={false}
              width={44}
            />
            <ReferenceLine
              segment={[
                { x: 0, y: 0 },
                { x: 5, y: 5 },
              ]}
              stroke="#c7cbe0"
              strokeDasharray="4 4"
            />
            <Tooltip cursor={{ strokeDasharray: '3 3' }} content={<FitTip />} />
            <Scatter data={data} fill="#f59e0b" stroke="#b45309" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      ) : (
        <div className="chart-empty">Predictions for your rated movies appear here.</div>
      )}
    </figure>
  );
}

function FitTip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: readonly { payload: { title: string; actual: number; predicted: number } }[];
}) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="tip">
      <strong>{p.title}</strong>
      <div>
        you {p.actual} · model {p.predicted.toFixed(1)}
      </div>
    </div>
  );
}
