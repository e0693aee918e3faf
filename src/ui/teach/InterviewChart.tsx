import { memo, useEffect, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { INTERVIEW_INFO, isInterviewStrategy, type InterviewStrategy } from '../../methods/interview';
import { useAppStore } from '../../state/store';
import { offeredCount, YouMarker } from './YouMarker';
import { ExportButton } from '../export/ExportButton';
import { Explain } from '../glossary/Explain';
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
  const color = (s: InterviewStrategy) => COLORS[strategies.indexOf(s) % COLORS.length] ?? '#4b5563';
  const colors = strategies.map(color);
  return (
    <section
      className="card interview-chart"
      data-testid="interview-chart"
      data-state="ready"
      data-default={report.defaultStrategy}
      data-offered={offered}
    >
      <header className="card-head">
        <h2>Which movie to ask next?</h2>
        <ExportButton
          figure="interview"
          what="the interview strategies chart"
          spec={() => ({
            name: { figure: 'recall-at-20-vs-movies-offered' },
            title: 'Which movie to ask next? Recall@20 against the number of movies offered',
            subtitle: `Simulated sign-ups of ${report.test.users} meta-test users; dashed: you (${offered} offered)`,
            seriesClasses: Object.fromEntries(
              strategies.map((s) => [`series-${s}`, INTERVIEW_INFO[s].label]),
            ),
          })}
        />
      </header>
      <p>
        Simulated sign-ups of {report.test.users} people the model never saw: each strategy offers one movie
        at a time, a person answers with their real rating or &ldquo;haven&apos;t seen&rdquo;, and the model
        adapts after every answer. The line is how many of their other favourites reach their top 20
        (Recall@20
        <Explain term="recall" />
        ). The dashed line is you ({offered} offered so far).
      </p>
      <Curves
        rows={rows}
        qs={report.qs}
        strategies={strategies}
        bold={[current, report.defaultStrategy]}
        colors={colors}
      />
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

/**
 * The curves: they depend only on the report and the highlighted strategies, so a new rating
 * re-renders the "you" line (YouMarker), not the chart.
 */
interface CurvesProps {
  rows: Record<string, number>[];
  qs: number[];
  strategies: InterviewStrategy[];
  bold: string[];
  colors: string[];
}

const Curves = memo(function Curves({ rows, qs, strategies, bold, colors }: CurvesProps) {
  const maxQ = Math.max(...qs);
  const pal = usePalette();
  return (
    <ResponsiveContainer width="100%" height={240}>
      <LineChart data={rows} margin={{ top: 16, right: 12, bottom: 18, left: -8 }}>
        <CartesianGrid stroke={pal.grid} vertical={false} />
        <XAxis
          dataKey="q"
          type="number"
          domain={[0, maxQ]}
          ticks={qs}
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
        {strategies.map((s, j) => (
          <Line
            key={s}
            dataKey={s}
            name={s}
            className={`series-${s}`}
            stroke={colors[j] ?? '#4b5563'}
            strokeWidth={bold.includes(s) ? 2.8 : 1.4}
            dot={{ r: 2 }}
            isAnimationActive={false}
          />
        ))}
        <YouMarker max={maxQ} count={offeredCount} />
      </LineChart>
    </ResponsiveContainer>
  );
}, sameCurves);

function sameCurves(a: CurvesProps, b: CurvesProps): boolean {
  const same = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return (
    a.rows === b.rows &&
    same(a.qs.map(String), b.qs.map(String)) &&
    same(a.strategies, b.strategies) &&
    same(a.bold, b.bold) &&
    same(a.colors, b.colors)
  );
}
