/**
 * The live curves: meta-train loss against meta-step, and meta-val Recall@20 against meta-step with
 * the shipped model's figure on the same users as a dashed line labelled "shipped" (hand-drawn SVG,
 * MetaTrainCurve.tsx). Each chart has a text alternative (its caption says the first and last values).
 */
import { useMemo } from 'react';
import { useAppStore } from '../../state/store';
import { fmt } from '../../state/store/slices/metatrain/selectors';
import { useThrottled } from '../useThrottled';
import { MetaTrainCurve, type CurvePoint as Point } from './MetaTrainCurve';

/** How often the curves are redrawn while training runs, ms. */
const REDRAW_MS = 1000;

/** "from 7.41 at step 1 to 6.93 at step 50" (or that there is nothing yet). */
function summary(points: Point[], digits: number): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return 'no meta-steps yet';
  return `from ${fmt(first.value, digits)} at step ${first.step} to ${fmt(last.value, digits)} at step ${last.step}`;
}

export function MetaTrainCharts() {
  // Redrawn at most once a second.
  const losses = useThrottled(
    useAppStore((s) => s.metatrain.losses),
    REDRAW_MS,
  );
  const val = useThrottled(
    useAppStore((s) => s.metatrain.val),
    REDRAW_MS,
  );
  const shipped = useAppStore((s) => s.metatrain.shippedValRecall);
  const lossPoints = useMemo(() => losses.map((p) => ({ step: p.step, value: p.loss })), [losses]);
  const valPoints = useMemo(() => val.map((p) => ({ step: p.step, value: p.recall })), [val]);
  return (
    <div className="metatrain-charts">
      <figure className="chart" data-testid="metatrain-loss-chart" data-points={lossPoints.length}>
        <figcaption>
          <strong>Meta-train loss</strong> (lower is better): {summary(lossPoints, 2)}.
        </figcaption>
        <MetaTrainCurve points={lossPoints} digits={2} reference={null} />
      </figure>
      <figure className="chart" data-testid="metatrain-val-chart" data-points={valPoints.length}>
        <figcaption>
          <strong>Meta-val Recall@20</strong> on a fixed set of meta-val people: {summary(valPoints, 3)}
          {shipped !== null ? `; the shipped model: ${fmt(shipped, 3)} (dashed)` : ''}.
        </figcaption>
        <MetaTrainCurve points={valPoints} digits={3} reference={shipped} />
      </figure>
    </div>
  );
}
