/**
 * One metric of the shipped evaluation against the number of ratings (recharts): each method's
 * mean with its 95% interval, and the dashed "you" line at the visitor's own count.
 */
import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  ErrorBar,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TopNReport } from '../../eval/topn';
import { usePalette } from '../theme';
import type { EvalMetric } from './evalMetrics';
import { colorOf } from './methods';
import { ratedCount, YouMarker } from './YouMarker';

/** One metric's chart: depends only on the report, so a new rating does not re-render it. */
export const EvalChart = memo(function EvalChart({
  topn,
  methods,
  metric,
  maxK,
  label,
}: {
  topn: TopNReport;
  methods: string[];
  metric: EvalMetric;
  maxK: number;
  label: (m: string) => string;
}) {
  const pal = usePalette();
  const data = useMemo(
    () =>
      topn.ks.map((kk) => {
        const row: Record<string, number | number[]> = { k: kk };
        for (const m of methods) {
          const s = topn.methods.find((x) => x.name === m)?.byK.find((b) => b.k === kk)?.[metric.key];
          if (s && Number.isFinite(s.mean) && Number.isFinite(s.lo) && Number.isFinite(s.hi)) {
            row[m] = s.mean;
            row[`${m}_ci`] = [s.mean - s.lo, s.hi - s.mean];
          }
        }
        return row;
      }),
    [topn, methods, metric],
  );
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={data} margin={{ top: 20, right: 12, bottom: 18, left: -8 }}>
        <CartesianGrid stroke={pal.grid} vertical={false} />
        <XAxis
          dataKey="k"
          type="number"
          scale="sqrt"
          domain={[0, maxK]}
          ticks={topn.ks}
          tick={{ fontSize: 11, fill: pal.ink3 }}
          tickLine={false}
          axisLine={{ stroke: pal.axis }}
          label={{
            value: 'ratings given (K) →',
            position: 'insideBottomRight',
            offset: -14,
            fontSize: 11,
            fill: pal.ink3,
          }}
        />
        <YAxis
          domain={[0, 'auto']}
          tick={{ fontSize: 11, fill: pal.ink3 }}
          tickLine={false}
          axisLine={false}
          width={48}
          tickFormatter={(v: number) => v.toFixed(metric.digits)}
          label={{
            value: `↑ ${metric.axis}`,
            position: 'insideTopLeft',
            offset: -18,
            dx: 16,
            fontSize: 11,
            fill: pal.ink3,
          }}
        />
        <Tooltip
          formatter={(v, name) => [
            typeof v === 'number' ? v.toFixed(metric.digits + 1) : String(v),
            label(String(name)),
          ]}
          labelFormatter={(l) => `${String(l)} ratings`}
          contentStyle={{ background: pal.card, borderColor: pal.line, color: pal.ink }}
        />
        {methods.map((m) => (
          <Line
            key={m}
            dataKey={m}
            name={m}
            className={`series-${m}`}
            stroke={colorOf(m)}
            strokeWidth={m === methods[0] ? 2.6 : 1.6}
            dot={{ r: 2 }}
            isAnimationActive={false}
          >
            <ErrorBar
              dataKey={`${m}_ci`}
              width={3}
              stroke={colorOf(m)}
              strokeOpacity={0.6}
              isAnimationActive={false}
            />
          </Line>
        ))}
        <YouMarker max={maxK} count={ratedCount} />
      </LineChart>
    </ResponsiveContainer>
  );
});
