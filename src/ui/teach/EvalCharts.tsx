import { memo, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  CartesianGrid,
  ErrorBar,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  usePlotArea,
  useXAxisScale,
  XAxis,
  YAxis,
} from 'recharts';
import { COMPARE_METHODS } from '../../state/shareState';
import { useAppStore } from '../../state/store';
import { colorOf, labelOf } from './methods';
import { pairedSummary } from './pairedSummary';

interface Stat {
  mean: number;
  lo: number;
  hi: number;
}
interface Report {
  ks: number[];
  numUsers: number;
  methods: { name: string; byK: ({ k: number } & Record<string, Stat | number>)[] }[];
  /** Per-user differences of the default method and the baselines (absent in older reports). */
  paired?: unknown;
}

/** The live methods, and MF fold-in, the evaluation's strongest classic baseline (offline only). */
const CHART_METHODS: readonly string[] = [...COMPARE_METHODS, 'mf-foldin'];

const METRICS = [
  // digits: the axis ticks; the tooltip shows one more (methods differ in the third decimal).
  { key: 'rmse', title: 'RMSE (lower is better)', digits: 2 },
  { key: 'ndcg10', title: 'nDCG@10 (higher is better)', digits: 3 },
] as const;

/** The recipe's cross-validation (eval/crossval/report.json): only what the panel says of it. */
interface Crossval {
  numUsers: number;
  crossval: { folds: number; users?: string };
  paired?: unknown;
}

function isCrossval(x: unknown): x is Crossval {
  const r = x as Crossval;
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isFinite(r.numUsers) &&
    typeof r.crossval === 'object' &&
    r.crossval !== null &&
    Number.isFinite(r.crossval.folds)
  );
}

/** In the cross-validation, "default" is whichever meta-learner each fold's meta-val chose. */
const crossvalLabel = (m: string): string => (m === 'default' ? 'The meta-learned default' : labelOf(m));

function isReport(x: unknown): x is Report {
  const r = x as Report;
  return typeof r === 'object' && r !== null && Array.isArray(r.ks) && Array.isArray(r.methods);
}

/** An introduction and the paired-difference sentences under it; nothing when there are none. */
function PairedLines({ testId, lines, children }: { testId: string; lines: string[]; children: ReactNode }) {
  if (lines.length === 0) return null;
  return (
    <div className="eval-paired" data-testid={testId}>
      <p>{children}</p>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The shipped offline evaluation (eval/report.json): every method's error against the number of
 * ratings, with 95% intervals. The charts are drawn once: only the "you" marker follows the
 * visitor's rating count (a rating re-rendering both charts cost tens of ms per adaptation).
 */
export function EvalCharts() {
  const k = useAppStore((s) => s.rated.length);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [crossval, setCrossval] = useState<Crossval | null>(null);
  useEffect(() => {
    let live = true;
    fetch(`${import.meta.env.BASE_URL}eval/report.json`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((j: unknown) => {
        if (!live) return;
        if (isReport(j)) setReport(j);
        else setError('the evaluation report has an unexpected shape');
      })
      .catch((e: Error) => live && setError(e.message));
    // Optional: without a cross-validation the panel just does not mention one.
    fetch(`${import.meta.env.BASE_URL}eval/crossval/report.json`)
      .then((r) => (r.ok ? r.json() : null))
      .then((j: unknown) => live && isCrossval(j) && j.crossval.users !== 'trainval' && setCrossval(j))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const methods = useMemo(
    () => (report ? CHART_METHODS.filter((m) => report.methods.some((x) => x.name === m)) : []),
    [report],
  );
  const paired = useMemo(() => (report ? pairedSummary(report.paired, labelOf) : []), [report]);
  const crossvalLines = useMemo(
    () =>
      crossval ? pairedSummary(crossval.paired, crossvalLabel, [5, 10, 20], ['default', 'pretrain']) : [],
    [crossval],
  );
  const maxK = report ? Math.max(...report.ks) : 20;
  return (
    <section
      className="card"
      aria-labelledby="eval-heading"
      data-testid="eval-charts"
      data-state={report ? 'ready' : error ? 'error' : 'loading'}
    >
      <header className="card-head">
        <div>
          <h2 id="eval-heading">How good is this really?</h2>
          <p className="card-sub">
            Offline evaluation on {report?.numUsers ?? 'held-out'} meta-test users nobody trained on: error on
            10 hidden ratings after k ratings, mean with 95% interval. The dashed line is you ({k} rated).
          </p>
        </div>
      </header>
      {error && <p className="empty">The evaluation report could not be loaded ({error}).</p>}
      {report && (
        <div className="eval-grid">
          {METRICS.map((metric) => (
            <figure
              key={metric.key}
              className="chart"
              data-testid="eval-chart"
              data-metric={metric.key}
              data-marker-k={Math.min(k, maxK)}
            >
              <figcaption>
                <strong>{metric.title}</strong>
              </figcaption>
              <EvalChart report={report} methods={methods} metric={metric} maxK={maxK} />
            </figure>
          ))}
          <ul className="mlegend eval-legend">
            {methods.map((m) => (
              <li key={m}>
                <span className="swatch" style={{ background: colorOf(m) }} />
                {labelOf(m)}
              </li>
            ))}
          </ul>
          <PairedLines testId="eval-paired" lines={paired}>
            <strong>Is a gap real?</strong> The bands above mostly show how differently people rate. The same
            users and ratings, method against method:
          </PairedLines>
          {crossval && (
            <PairedLines testId="eval-crossval" lines={crossvalLines}>
              <strong>With more users the answer sharpens.</strong> The same recipe trained{' '}
              {crossval.crossval.folds} times, each time tested on users it never saw, {crossval.numUsers}{' '}
              users in all (a cross-validation):
            </PairedLines>
          )}
        </div>
      )}
    </section>
  );
}

/** One metric's chart: depends only on the report, so a new rating does not re-render it. */
const EvalChart = memo(function EvalChart({
  report,
  methods,
  metric,
  maxK,
}: {
  report: Report;
  methods: string[];
  metric: (typeof METRICS)[number];
  maxK: number;
}) {
  const data = useMemo(
    () =>
      report.ks.map((kk) => {
        const row: Record<string, number | number[]> = { k: kk };
        for (const m of methods) {
          const s = report.methods.find((x) => x.name === m)?.byK.find((b) => b.k === kk)?.[metric.key];
          if (s && typeof s === 'object') {
            row[m] = s.mean;
            row[`${m}_ci`] = [s.mean - s.lo, s.hi - s.mean];
          }
        }
        return row;
      }),
    [report, methods, metric],
  );
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={data} margin={{ top: 20, right: 12, bottom: 4, left: -8 }}>
        <CartesianGrid stroke="#eef0f5" vertical={false} />
        <XAxis
          dataKey="k"
          type="number"
          scale="sqrt"
          domain={[0, maxK]}
          ticks={report.ks}
          tick={{ fontSize: 11, fill: '#6b7280' }}
          tickLine={false}
          axisLine={{ stroke: '#d9dce5' }}
        />
        <YAxis
          domain={['auto', 'auto']}
          tick={{ fontSize: 11, fill: '#6b7280' }}
          tickLine={false}
          axisLine={false}
          width={48}
          tickFormatter={(v: number) => v.toFixed(metric.digits)}
        />
        <Tooltip
          formatter={(v, name) => [
            typeof v === 'number' ? v.toFixed(metric.digits + 1) : String(v),
            labelOf(String(name)),
          ]}
          labelFormatter={(l) => `${String(l)} ratings`}
        />
        {methods.map((m) => (
          <Line
            key={m}
            dataKey={m}
            name={m}
            stroke={colorOf(m)}
            strokeWidth={1.8}
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
        <YouMarker maxK={maxK} />
      </LineChart>
    </ResponsiveContainer>
  );
});

/** The dashed "you" line at the visitor's rating count: the one part of the chart that follows the store. */
function YouMarker({ maxK }: { maxK: number }) {
  const k = useAppStore((s) => Math.min(s.rated.length, maxK));
  const x = useXAxisScale()?.(k);
  const area = usePlotArea();
  if (x === undefined || !Number.isFinite(x) || !area) return null;
  return (
    <g className="you-marker">
      <line x1={x} x2={x} y1={area.y} y2={area.y + area.height} stroke="#111827" strokeDasharray="4 3" />
      <text x={x} y={area.y - 6} textAnchor="middle" fontSize={11} fill="#808080">
        you
      </text>
    </g>
  );
}
