import { memo, useEffect, useMemo, useState, type ReactNode } from 'react';
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
import { isShippedReport, type ShippedReport } from '../../eval/shippedReport';
import type { TopNReport } from '../../eval/topn';
import { useAppStore } from '../../state/store';
import { isEvalMethod } from '../../methods/registry';
import { ExportButton } from '../export/ExportButton';
import { Explain } from '../glossary/Explain';
import { termOfMethod } from '../glossary/terms';
import { colorOf, labelOf, PANEL_BASELINES } from './methods';
import { ratedCount, YouMarker } from './YouMarker';
import { pairedSummary, RECALL_PAIRED } from './pairedSummary';
import { usePalette } from '../theme';

const METRICS = [
  // digits: the axis ticks; the tooltip shows one more (methods differ in the third decimal).
  {
    key: 'recall',
    title: 'Recall@20 (higher is better)',
    axis: 'Recall@20',
    testId: 'eval-recall',
    digits: 2,
    term: 'recall',
  },
  {
    key: 'ndcg',
    title: 'nDCG@20 (higher is better)',
    axis: 'nDCG@20',
    testId: 'eval-ndcg',
    digits: 2,
    term: 'ndcg',
  },
] as const;

/**
 * The recipe's cross-validation (eval/crossval/report.json): a report of the same shape, pooled
 * over folds; `crossval` says how it was run (absent: nothing said about folds).
 */
type Crossval = ShippedReport & { crossval?: { folds?: unknown; users?: unknown } };

/**
 * Names in a report: this app's for the methods it knows, the report's own for any other (the
 * cross-validation's "default" is whichever method each fold's meta-val chose).
 */
function namesOf(report: ShippedReport): (m: string) => string {
  const fromReport = new Map(report.topn.methods.map((x) => [x.name, x.label]));
  return (m) =>
    isEvalMethod(m)
      ? labelOf(m)
      : m === report.defaultMethod
        ? report.defaultLabel
        : (fromReport.get(m) ?? m);
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

/** The default method's paired Recall@20 sentences against each baseline of a top-N report. */
function recallLines(topn: TopNReport, label: (m: string) => string): string[] {
  return pairedSummary(topn.paired, label, topn.ks, undefined, {
    metric: RECALL_PAIRED,
    against: PANEL_BASELINES,
  });
}

/**
 * The shipped offline evaluation (eval/report.json, version 2): the top 20 of the whole catalog
 * after k ratings, Recall@20 and nDCG@20 of the default method and the baselines against k, with
 * 95% intervals, and under them whether each gap is real (paired user by user). The charts are
 * drawn once: only the "you" marker follows the visitor's rating count (a rating re-rendering both
 * charts cost tens of ms per adaptation). A missing or older report is said, not drawn.
 */
export function EvalCharts() {
  const k = useAppStore((s) => s.rated.length);
  const [report, setReport] = useState<ShippedReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [crossval, setCrossval] = useState<Crossval | null>(null);
  useEffect(() => {
    let live = true;
    fetch(`${import.meta.env.BASE_URL}eval/report.json`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((j: unknown) => {
        if (!live) return;
        if (isShippedReport(j)) setReport(j);
        else
          setError(
            'it is from an older version of the app, without the catalog-wide Recall@20: `npm run eval` writes a new one',
          );
      })
      .catch((e: Error) => live && setError(e.message));
    // Optional: without a cross-validation (or with an older one) the panel just does not mention one.
    fetch(`${import.meta.env.BASE_URL}eval/crossval/report.json`)
      .then((r) => (r.ok ? r.json() : null))
      .then((j: unknown) => {
        if (live && isShippedReport(j) && (j as Crossval).crossval?.users !== 'trainval') setCrossval(j);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  const topn = report?.topn ?? null;
  const methods = useMemo(
    () =>
      topn && report
        ? [report.defaultMethod, ...PANEL_BASELINES].filter(
            (m, i, all) => all.indexOf(m) === i && topn.methods.some((x) => x.name === m),
          )
        : [],
    [topn, report],
  );
  const label = useMemo(() => (report ? namesOf(report) : labelOf), [report]);
  const paired = useMemo(() => (topn ? recallLines(topn, label) : []), [topn, label]);
  const crossvalLines = useMemo(
    () => (crossval ? recallLines(crossval.topn, namesOf(crossval)) : []),
    [crossval],
  );
  const folds = Number(crossval?.crossval?.folds);
  const maxK = topn ? Math.max(...topn.ks) : 20;
  return (
    <section
      className="card eval-charts"
      aria-labelledby="eval-heading"
      data-testid="eval-charts"
      data-state={report ? 'ready' : error ? 'error' : 'loading'}
    >
      <header className="card-head">
        <div>
          <h2 id="eval-heading">How good is this really?</h2>
          <p className="card-sub">
            Offline evaluation on {topn?.numUsers ?? 'held-out'} meta-test users nobody trained on: after k of
            a user’s ratings, the top 20 of the whole catalog (rated movies left out) against the rest of
            their ratings. Recall@20: the share of the movies they liked (4 stars or more) that it finds;
            nDCG@20: how near the top it puts them. Mean with 95% interval
            <Explain term="ci" />; the dashed line is you ({k} rated).
          </p>
        </div>
      </header>
      {error && <p className="empty">The evaluation report could not be used ({error}).</p>}
      {topn && (
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
                <span>
                  <strong>
                    {metric.title}
                    <Explain term={metric.term} />
                  </strong>
                  <ExportButton
                    figure={`eval-${metric.key}`}
                    what={`the ${metric.axis} chart`}
                    spec={() => ({
                      name: {
                        figure: `${metric.key}-at-20-vs-ratings`,
                        method: report?.defaultMethod ?? null,
                      },
                      title: `${metric.title} against the number of ratings`,
                      subtitle: `${topn.numUsers} meta-test users; mean with 95% interval; dashed: you (${k} rated)`,
                      seriesClasses: Object.fromEntries(methods.map((m) => [`series-${m}`, label(m)])),
                    })}
                  />
                </span>
              </figcaption>
              <div data-testid={metric.testId}>
                <EvalChart topn={topn} methods={methods} metric={metric} maxK={maxK} label={label} />
              </div>
              <EvalTable topn={topn} methods={methods} metric={metric} label={label} />
            </figure>
          ))}
          <ul className="mlegend eval-legend">
            {methods.map((m) => (
              <li key={m}>
                <span className="swatch" style={{ background: colorOf(m) }} />
                {label(m)}
                <Explain term={termOfMethod(m)} />
                {m === report?.defaultMethod && ' (the default)'}
              </li>
            ))}
          </ul>
          <PairedLines testId="eval-paired" lines={paired}>
            <strong>Is a gap real?</strong> The bands above mostly show how different people are. The same
            users and ratings, the default method against each baseline (a positive difference finds more):
          </PairedLines>
          {crossval && (
            <PairedLines testId="eval-crossval" lines={crossvalLines}>
              <strong>With more users the answer sharpens.</strong> The same recipe trained
              {Number.isFinite(folds) ? ` ${folds} times` : ' once per fold'}, each time tested on users it
              never saw, {crossval.topn.numUsers} users in all (a cross-validation):
            </PairedLines>
          )}
        </div>
      )}
    </section>
  );
}

/** One metric's chart: depends only on the report, so a new rating does not re-render it. */
const EvalChart = memo(function EvalChart({
  topn,
  methods,
  metric,
  maxK,
  label,
}: {
  topn: TopNReport;
  methods: string[];
  metric: (typeof METRICS)[number];
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

/** The chart as a table for screen readers: each method's mean and 95% interval at each K. */
function EvalTable({
  topn,
  methods,
  metric,
  label,
}: {
  topn: TopNReport;
  methods: string[];
  metric: (typeof METRICS)[number];
  label: (m: string) => string;
}) {
  const d = metric.digits + 1;
  return (
    // In a clipped box: a table ignores width and overflow, so the table itself would widen the page.
    <div className="sr-only">
      <table data-testid="eval-table">
        <caption>{metric.title}: mean and 95% interval by number of ratings (K)</caption>
        <thead>
          <tr>
            <th scope="col">Method</th>
            {topn.ks.map((k) => (
              <th key={k} scope="col">
                K = {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {methods.map((m) => {
            const byK = topn.methods.find((x) => x.name === m)?.byK ?? [];
            return (
              <tr key={m}>
                <th scope="row">{label(m)}</th>
                {topn.ks.map((k) => {
                  const s = byK.find((b) => b.k === k)?.[metric.key];
                  return (
                    <td key={k}>
                      {s && Number.isFinite(s.mean)
                        ? `${s.mean.toFixed(d)} [${s.lo.toFixed(d)}, ${s.hi.toFixed(d)}]`
                        : '–'}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
