import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAppStore } from '../../state/store';

/** Support loss against inner step: the current run bold, earlier runs faded behind it. */
export function AdaptationChart() {
  const runs = useAppStore((s) => s.adapt.runs);
  const live = useAppStore((s) => s.adapt.liveLosses);
  const status = useAppStore((s) => s.adapt.status);
  const current = useAppStore((s) => s.adapt.requestId);
  const { earlier, now } = useMemo(() => {
    const finished = runs.filter((r) => r.losses.length > 1);
    const isDone = status === 'done' && finished[finished.length - 1]?.requestId === current;
    const earlierRuns = (isDone ? finished.slice(0, -1) : finished).slice(-5);
    return {
      earlier: earlierRuns.map((r, i) => ({
        key: r.requestId,
        k: r.k,
        age: earlierRuns.length - i,
        data: r.losses.map((loss, step) => ({ step, loss })),
      })),
      now: live.map((loss, step) => ({ step, loss })),
    };
  }, [runs, live, status, current]);
  const hasData = now.length > 1 || earlier.length > 0;
  return (
    <figure
      className="chart"
      data-testid="adaptation-chart"
      data-runs={earlier.length + (now.length > 0 ? 1 : 0)}
    >
      <figcaption>
        <strong>Learning curve</strong>
        <span className="card-sub">Error on your ratings at each step · faded: earlier runs</span>
      </figcaption>
      {hasData ? (
        <ResponsiveContainer width="100%" height={190}>
          <LineChart margin={{ top: 8, right: 12, bottom: 4, left: -12 }}>
            <CartesianGrid stroke="#eef0f5" vertical={false} />
            <XAxis
              dataKey="step"
              type="number"
              allowDecimals={false}
              domain={[0, 'dataMax']}
              tick={{ fontSize: 11, fill: '#6b7280' }}
              tickLine={false}
              axisLine={{ stroke: '#d9dce5' }}
            />
            <YAxis
              tick={{ fontSize: 11, fill: '#6b7280' }}
              tickLine={false}
              axisLine={false}
              width={44}
              tickFormatter={(v: number) => v.toFixed(1)}
              domain={[0, 'auto']}
            />
            <Tooltip
              formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))}
              labelFormatter={(l) => `step ${String(l)}`}
            />
            {earlier.map((r) => (
              <Line
                key={r.key}
                data={r.data}
                dataKey="loss"
                name={`${r.k} ratings`}
                stroke="#a5b4fc"
                strokeOpacity={Math.max(0.2, 0.75 - r.age * 0.12)}
                strokeWidth={1.5}
                dot={false}
                isAnimationActive={false}
              />
            ))}
            <Line
              data={now}
              dataKey="loss"
              name="now"
              stroke="#4f46e5"
              strokeWidth={3}
              dot={{ r: 3, fill: '#4f46e5' }}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      ) : (
        <div className="chart-empty">Rate a movie to watch the model learn.</div>
      )}
    </figure>
  );
}
