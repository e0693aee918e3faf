import { useEffect, useMemo, useState } from 'react';
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
import { INTERVIEW_INFO, isInterviewStrategy, type InterviewStrategy } from '../../methods/interview';
import { useAppStore } from '../../state/store';
import { usePalette } from '../theme';

/** The part of eval/interview/report.json (`npm run interview`) the panel draws. */
interface InterviewSummary {
  qs: number[];
  defaultStrategy: string;
  reference: string;
  test: {
    split: string;
    users: number;
    strategies: { strategy: string; byQ: { q: number; recall: { mean: number } }[] }[];
  };
}

const COLORS = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#9333ea',
  '#ea580c',
  '#0891b2',
  '#ca8a04',
  '#db2777',
  '#4b5563',
];

/**
 * Which movie to ask next, measured: Recall@20 of the simulated sign-ups of meta-test users
 * against the number of movies offered, one line per strategy, the visitor's own count marked, and
 * what each strategy does in plain words.
 */
export function InterviewChart() {
  const pal = usePalette();
  const [report, setReport] = useState<InterviewSummary | null | 'missing'>(null);
  const offered = useAppStore((s) => s.rated.length + s.skipped.length);
  const current = useAppStore((s) => s.teach.strategy);
  useEffect(() => {
    let live = true;
    fetch(`${import.meta.env.BASE_URL}eval/interview/report.json`)
      .then((r) => (r.ok ? (r.json() as Promise<InterviewSummary>) : null))
      .then((j) => live && setReport(j && Array.isArray(j.qs) ? j : 'missing'))
      .catch(() => live && setReport('missing'));
    return () => {
      live = false;
    };
  }, []);
  const rows = useMemo(() => {
    if (!report || report === 'missing') return [];
    return report.qs.map((q, j) => {
      const row: Record<string, number> = { q };
      for (const s of report.test.strategies) row[s.strategy] = s.byQ[j]?.recall.mean ?? NaN;
      return row;
    });
  }, [report]);
  if (report === null) return null;
  if (report === 'missing')
    return (
      <section className="card interview-chart" data-testid="interview-chart" data-state="missing">
        <h2>Which movie to ask next?</h2>
        <p>The interview simulation is not shipped with this build (run `npm run interview`).</p>
      </section>
    );
  const strategies = report.test.strategies.map((s) => s.strategy).filter(isInterviewStrategy);
  const maxQ = Math.max(...report.qs);
  const color = (s: InterviewStrategy) => COLORS[strategies.indexOf(s) % COLORS.length] ?? '#4b5563';
  return (
    <section
      className="card interview-chart"
      data-testid="interview-chart"
      data-state="ready"
      data-default={report.defaultStrategy}
      data-offered={offered}
    >
      <h2>Which movie to ask next?</h2>
      <p>
        Simulated sign-ups of {report.test.users} people the model never saw: each strategy offers one movie
        at a time, a person answers with their real rating or &ldquo;haven&apos;t seen&rdquo;, and the model
        adapts after every answer. The line is how many of their other favourites reach their top 20
        (Recall@20). The dashed line is you ({offered} offered so far).
      </p>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} margin={{ top: 16, right: 12, bottom: 18, left: -8 }}>
          <CartesianGrid stroke={pal.grid} vertical={false} />
          <XAxis
            dataKey="q"
            type="number"
            domain={[0, maxQ]}
            ticks={report.qs}
            tick={{ fontSize: 11, fill: pal.ink3 }}
            label={{
              value: 'movies offered →',
              position: 'insideBottomRight',
              offset: -14,
              fontSize: 11,
              fill: pal.ink3,
            }}
          />
          <YAxis
            domain={['auto', 'auto']}
            tick={{ fontSize: 11, fill: pal.ink3 }}
            width={48}
            tickFormatter={(v: number) => v.toFixed(2)}
          />
          <Tooltip
            formatter={(v, name) => [
              typeof v === 'number' ? v.toFixed(3) : String(v),
              isInterviewStrategy(name) ? INTERVIEW_INFO[name].label : String(name),
            ]}
            labelFormatter={(l) => `${String(l)} offered`}
            contentStyle={{ background: pal.card, borderColor: pal.line, color: pal.ink }}
          />
          {strategies.map((s) => (
            <Line
              key={s}
              dataKey={s}
              name={s}
              stroke={color(s)}
              strokeWidth={s === current || s === report.defaultStrategy ? 2.8 : 1.4}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />
          ))}
          <ReferenceLine
            x={Math.min(offered, maxQ)}
            stroke={pal.ink}
            strokeDasharray="4 3"
            label={{ value: 'you', fill: pal.ink2, fontSize: 11 }}
          />
        </LineChart>
      </ResponsiveContainer>
      <ul className="interview-legend" data-testid="interview-legend">
        {strategies.map((s) => {
          const at10 = rows.find((r) => r.q === 10)?.[s];
          return (
            <li key={s} data-strategy={s}>
              <span style={{ color: color(s) }}>■</span> <strong>{INTERVIEW_INFO[s].label}</strong>
              {s === report.defaultStrategy ? ' (the app’s default)' : ''}
              {at10 !== undefined && Number.isFinite(at10)
                ? ` — Recall@20 ${at10.toFixed(3)} after 10 offers.`
                : '.'}{' '}
              {INTERVIEW_INFO[s].description}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
