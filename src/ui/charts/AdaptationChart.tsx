import { memo, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { adaptMethodOf } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { LOSS_WORDS } from '../format';
import { ExportButton } from '../export/ExportButton';
import { Explain } from '../glossary/Explain';
import { XLabels, YGrid } from './Axes';
import { niceTicks, stepTicks } from './ticks';
import { useWidth } from './useWidth';
import { usePalette } from '../theme';

const H = 190;
// The top margin holds the y axis's name, above the plot where no curve can cover it.
const PAD = { l: 34, r: 12, t: 22, b: 36 };

interface Curve {
  key: number;
  name: string;
  losses: number[];
  opacity: number;
}

/**
 * Support loss against inner step: the current run bold, earlier runs faded behind it. The loss is
 * the method's own (a list loss for list methods, the squared error of the stars otherwise). Plain SVG
 * with computed ticks (a charting library re-measured and re-laid out every series on every
 * adaptation: most of an adaptation's main-thread time); hover shows every curve's value at a step.
 */
export function AdaptationChart() {
  const { runs, live, status, current } = useAppStore(
    useShallow((s) => ({
      runs: s.adapt.runs,
      live: s.adapt.liveLosses,
      status: s.adapt.status,
      current: s.adapt.requestId,
    })),
  );
  const { earlier, now } = useMemo(() => {
    const finished = runs.filter((r) => r.losses.length > 1);
    const isDone = status === 'done' && finished[finished.length - 1]?.requestId === current;
    const earlierRuns = (isDone ? finished.slice(0, -1) : finished).slice(-5);
    return {
      earlier: earlierRuns.map((r, i): Curve => ({
        key: r.requestId,
        name: `${r.k} ratings`,
        losses: r.losses,
        opacity: Math.max(0.2, 0.75 - (earlierRuns.length - i) * 0.12),
      })),
      now: live,
    };
  }, [runs, live, status, current]);
  const method = useAppStore(adaptMethodOf);
  const objective = method?.objective ?? 'rating';
  const words = LOSS_WORDS[objective];
  const hasData = now.length > 1 || earlier.length > 0;
  const k = useAppStore((s) => s.adapt.k);
  return (
    <figure
      className="chart"
      data-testid="adaptation-chart"
      data-runs={earlier.length + (now.length > 0 ? 1 : 0)}
      data-objective={objective}
    >
      <figcaption>
        <span>
          <strong>Learning curve</strong>
          {hasData && (
            <ExportButton
              figure="learning-curve"
              what="the learning curve"
              spec={() => ({
                name: { figure: 'learning-curve', method: method?.name ?? null, k },
                title: `Learning curve: ${words.axis} against inner step`,
                subtitle: `${method?.label ?? 'The app’s method'} on ${k} rating${k === 1 ? '' : 's'}; faded: earlier runs`,
              })}
            />
          )}
        </span>
        <span className="card-sub" title={words.explain}>
          {objective === 'list' ? 'Support list loss' : 'Error on your ratings'}
          <Explain term="support" /> at each step
          <Explain term="innerStep" /> · faded: earlier runs
        </span>
      </figcaption>
      {hasData ? (
        <LossCurves earlier={earlier} now={now} axis={words.axis} label={words.curve} />
      ) : method?.kind === 'closed-form' ? (
        <div className="chart-empty">{method.label} adapts in one pass, without steps: no curve to draw.</div>
      ) : (
        <div className="chart-empty">Rate a movie to watch the model learn.</div>
      )}
    </figure>
  );
}

/** The chart's text alternative: where the current run's loss started and ended. */
function curveSummary(losses: number[]): string {
  const first = losses[0];
  const last = losses[losses.length - 1];
  if (first === undefined || last === undefined || losses.length < 2) return 'No steps yet.';
  return `This run: ${first.toFixed(2)} at step 0, ${last.toFixed(2)} after ${losses.length - 1} step${losses.length === 2 ? '' : 's'}.`;
}

const LossCurves = memo(function LossCurves({
  earlier,
  now,
  axis,
  label,
}: {
  earlier: Curve[];
  now: number[];
  /** The y axis's name, and the chart's accessible name. */
  axis: string;
  label: string;
}) {
  const [ref, W] = useWidth<HTMLDivElement>(300);
  const [hover, setHover] = useState<number | null>(null);
  const pal = usePalette();
  const all = [...earlier.map((c) => c.losses), now];
  const last = Math.max(1, ...all.map((l) => l.length - 1));
  const yTicks = niceTicks(Math.max(...all.flat().filter(Number.isFinite), 0.1));
  const yMax = yTicks[yTicks.length - 1] ?? 1;
  const x = (s: number) => PAD.l + ((W - PAD.l - PAD.r) * s) / last;
  const y = (v: number) => PAD.t + (H - PAD.t - PAD.b) * (1 - Math.min(Math.max(v, 0), yMax) / yMax);
  const d = (losses: number[]) =>
    losses.map((v, s) => `${s ? 'L' : 'M'}${x(s).toFixed(1)},${y(v).toFixed(1)}`).join('');
  const tip =
    hover === null
      ? []
      : [
          ...earlier.map((c) => ({ name: c.name, v: c.losses[hover], color: pal.accentFaint })),
          { name: 'now', v: now[hover], color: pal.accent },
        ].filter((t): t is { name: string; v: number; color: string } => t.v !== undefined);
  return (
    <div className="svg-chart" ref={ref} style={{ height: H }}>
      <svg
        width={W}
        height={H}
        role="img"
        aria-label={`${label}. ${curveSummary(now)}`}
        onPointerMove={(e) => {
          const px = e.clientX - e.currentTarget.getBoundingClientRect().left;
          const s = Math.round(((px - PAD.l) / (W - PAD.l - PAD.r)) * last);
          setHover(s >= 0 && s <= last ? s : null);
        }}
        onPointerLeave={() => setHover(null)}
      >
        <YGrid ticks={yTicks} y={y} left={PAD.l} right={W - PAD.r} />
        <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} stroke={pal.axis} />
        <XLabels ticks={stepTicks(last)} x={x} baseline={H - 20} />
        <text x={W - PAD.r} y={H - 3} textAnchor="end" className="axis axis-title" data-testid="step-axis">
          inner step →
        </text>
        <text x={4} y={11} className="axis axis-title" data-testid="loss-axis">
          ↑ {axis}
        </text>
        {hover !== null && <line x1={x(hover)} x2={x(hover)} y1={PAD.t} y2={H - PAD.b} stroke={pal.guide} />}
        {earlier.map((c) => (
          <path
            key={c.key}
            d={d(c.losses)}
            fill="none"
            stroke={pal.accentFaint}
            strokeOpacity={c.opacity}
            data-series={`earlier run: ${c.name}`}
            strokeWidth={1.5}
          />
        ))}
        <path d={d(now)} fill="none" stroke={pal.accent} strokeWidth={3} data-series="this run" />
        {now.map((v, s) => (
          <circle key={s} cx={x(s)} cy={y(v)} r={3} fill={pal.accent} />
        ))}
      </svg>
      {hover !== null && tip.length > 0 && (
        <div
          className="tip svg-tip"
          style={hover > last / 2 ? { right: W - x(hover) + 10 } : { left: x(hover) + 10 }}
        >
          <div>step {hover}</div>
          {tip.map((t) => (
            <div key={t.name} style={{ color: t.color }}>
              {t.name}: {t.v.toFixed(3)}
            </div>
          ))}
        </div>
      )}
    </div>
  );
});
