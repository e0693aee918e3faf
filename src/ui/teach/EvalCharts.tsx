import { useMemo, type ReactNode } from 'react';
import { useAppStore } from '../../state/store';
import { ExportButton } from '../export/ExportButton';
import { Explain } from '../glossary/Explain';
import { termOfMethod } from '../glossary/terms';
import { EvalChart } from './EvalChart';
import { EvalShell } from './EvalShell';
import { EvalTable } from './EvalTable';
import { METRICS, namesOf, recallLines } from './evalMetrics';
import { colorOf, labelOf, PANEL_BASELINES } from './methods';
import { useEvalReports } from './useEvalReports';

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
 * The shipped offline evaluation (eval/report.json, version 2): the top 20 of the whole catalog
 * after k ratings, Recall@20 and nDCG@20 of the default method and the baselines against k, with
 * 95% intervals, and under them whether each gap is real (paired user by user). The charts are
 * drawn once: only the "you" marker follows the visitor's rating count (a rating re-rendering both
 * charts cost tens of ms per adaptation). A missing or older report is said, not drawn.
 */
export function EvalCharts() {
  const k = useAppStore((s) => s.rated.length);
  const { report, error, crossval } = useEvalReports();
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
    <EvalShell
      state={report ? 'ready' : error ? 'error' : 'loading'}
      sub={
        <p className="card-sub">
          Offline evaluation on {topn?.numUsers ?? 'held-out'} meta-test users nobody trained on: after k of a
          user’s ratings, the top 20 of the whole catalog (rated movies left out) against the rest of their
          ratings. Recall@20: the share of the movies they liked (4 stars or more) that it finds; nDCG@20: how
          near the top it puts them. Mean with 95% interval
          <Explain term="ci" />; the dashed line is you ({k} rated).
        </p>
      }
    >
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
    </EvalShell>
  );
}
