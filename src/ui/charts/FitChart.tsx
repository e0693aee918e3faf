import { memo, useDeferredValue, useMemo, useState } from 'react';
import { appPredictsStars } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { ExportButton } from '../export/ExportButton';
import { useWidth } from './useWidth';
import { usePalette } from '../theme';

const H = 190;
const PAD = { l: 34, r: 12, t: 22, b: 36 };
const TICKS = [1, 2, 3, 4, 5];

interface Point {
  actual: number;
  predicted: number;
  title: string;
}

/**
 * Predicted stars against true rating for the rated movies, after adapting (plain SVG; hover names
 * a movie). A list method's stars come from the model's rating head; a model without one predicts
 * no stars, and the chart says so.
 */
/** The most points the scatter draws. */
const MAX_DRAWN = 300;

export function FitChart() {
  const fit = useAppStore((s) => s.adapt.fit);
  const stars = useAppStore(appPredictsStars);
  const list = useAppStore(
    (s) => s.model?.methods.find((m) => m.name === s.model?.appMethod)?.objective === 'list',
  );
  const titles = useAppStore((s) => s.catalog?.titles);
  const method = useAppStore((s) => s.model?.appMethod ?? null);
  const data = useMemo(
    () =>
      fit.map((f) => ({
        actual: f.actual,
        predicted: Math.round(f.predicted * 100) / 100,
        title: titles?.[f.index] ?? '',
      })),
    [fit, titles],
  );
  // An import of thousands would draw thousands of SVG circles in one task: an even sample is drawn,
  // the RMSE is over all of them.
  const drawn = useDeferredValue(
    useMemo(
      () =>
        data.length <= MAX_DRAWN ? data : data.filter((_, i) => i % Math.ceil(data.length / MAX_DRAWN) === 0),
      [data],
    ),
  );
  const rmse =
    data.length === 0
      ? null
      : Math.sqrt(data.reduce((a, p) => a + (p.predicted - p.actual) ** 2, 0) / data.length);
  return (
    <figure className="chart" data-testid="fit-chart" data-rmse={rmse === null ? '' : rmse.toFixed(3)}>
      <figcaption>
        <span>
          <strong>Your ratings vs. the model</strong>
          {data.length > 0 && (
            <ExportButton
              figure="rating-fit"
              what="your ratings against the model's stars"
              spec={() => ({
                name: { figure: 'rating-fit', method, k: data.length },
                title: 'Your ratings vs. the model: predicted stars against your stars',
                subtitle: `${data.length} rated movie${data.length === 1 ? '' : 's'}${rmse !== null ? `, RMSE ${rmse.toFixed(2)} stars` : ''}; on the diagonal = predicted exactly`,
              })}
            />
          )}
        </span>
        <span className="card-sub">
          {list
            ? 'Stars from the rating head: each movie’s average, shifted by how you rate · diagonal = exact'
            : 'On the diagonal = predicted exactly'}
          {rmse !== null && (
            <>
              {' · '}
              <strong title="Root-mean-square error: the typical distance between your stars and the model's, in stars">
                RMSE {rmse.toFixed(2)}★
              </strong>
              {drawn.length < data.length && ` · ${drawn.length} of your ${data.length} movies drawn`}
            </>
          )}
        </span>
      </figcaption>
      {data.length > 0 ? (
        <Scatter data={drawn} />
      ) : stars ? (
        <div className="chart-empty">Predictions for your rated movies appear here.</div>
      ) : (
        <div className="chart-empty">This model ranks movies without predicting stars.</div>
      )}
    </figure>
  );
}

const Scatter = memo(function Scatter({ data }: { data: Point[] }) {
  const [ref, W] = useWidth<HTMLDivElement>(300);
  const pal = usePalette();
  const [hover, setHover] = useState<number | null>(null);
  const x = (v: number) => PAD.l + ((W - PAD.l - PAD.r) * v) / 5;
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - v / 5);
  const shown = hover === null ? null : data[hover];
  return (
    <div className="svg-chart" ref={ref} style={{ height: H }}>
      <svg
        width={W}
        height={H}
        role="img"
        aria-label={`Your ratings against the model's predictions: ${data.length} movie${data.length === 1 ? '' : 's'}, the model is off by ${(data.reduce((a, p) => a + Math.abs(p.predicted - p.actual), 0) / Math.max(1, data.length)).toFixed(1)} stars on average.`}
        onPointerMove={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          const px = e.clientX - r.left;
          const py = e.clientY - r.top;
          let best: number | null = null;
          let bestD = 12 * 12;
          data.forEach((p, i) => {
            const dd = (x(p.actual) - px) ** 2 + (y(p.predicted) - py) ** 2;
            if (dd < bestD) [best, bestD] = [i, dd];
          });
          setHover(best);
        }}
        onPointerLeave={() => setHover(null)}
      >
        {TICKS.map((v) => (
          <g key={v}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} stroke={pal.grid} />
            <line x1={x(v)} x2={x(v)} y1={PAD.t} y2={H - PAD.b} stroke={pal.grid} />
            <text x={PAD.l - 6} y={y(v) + 4} textAnchor="end" className="axis">
              {v}
            </text>
            <text x={x(v)} y={H - 20} textAnchor="middle" className="axis">
              {v}
            </text>
          </g>
        ))}
        <text x={4} y={11} className="axis axis-title">
          ↑ model’s stars
        </text>
        <text x={W - PAD.r} y={H - 3} textAnchor="end" className="axis axis-title">
          your stars →
        </text>
        <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} stroke={pal.ink3} />
        <line x1={PAD.l} x2={PAD.l} y1={PAD.t} y2={H - PAD.b} stroke={pal.ink3} />
        <line x1={x(0)} y1={y(0)} x2={x(5)} y2={y(5)} stroke={pal.guide} strokeDasharray="4 4" />
        {shown && (
          <g stroke={pal.guide} strokeDasharray="3 3">
            <line x1={PAD.l} x2={x(shown.actual)} y1={y(shown.predicted)} y2={y(shown.predicted)} />
            <line x1={x(shown.actual)} x2={x(shown.actual)} y1={y(shown.predicted)} y2={H - PAD.b} />
          </g>
        )}
        <g data-series="your rated movies (your stars, the model's stars)">
          {data.map((p, i) => (
            <circle key={i} cx={x(p.actual)} cy={y(p.predicted)} r={4.5} fill={pal.star} stroke={pal.warn} />
          ))}
        </g>
      </svg>
      {shown && (
        <div
          className="tip svg-tip"
          style={{
            top: Math.max(0, y(shown.predicted) - 56),
            ...(shown.actual > 2.5 ? { right: W - x(shown.actual) + 10 } : { left: x(shown.actual) + 10 }),
          }}
        >
          <strong>{shown.title}</strong>
          <div>
            you {shown.actual} · model {shown.predicted.toFixed(1)}
          </div>
        </div>
      )}
    </div>
  );
});
