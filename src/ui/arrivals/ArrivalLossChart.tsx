/**
 * The new movie's inner loop (recharts): its loss on its K ratings at each inner step, with the
 * same numbers in words for a screen reader.
 */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { usePalette } from '../theme';

export function ArrivalLossChart({ losses, k }: { losses: Float32Array; k: number }) {
  const pal = usePalette();
  const data = Array.from(losses, (loss, step) => ({ step, loss }));
  const first = losses[0];
  const last = losses[losses.length - 1];
  return (
    <figure className="arrival-loss" data-testid="arrival-loss" data-steps={losses.length}>
      <figcaption>Its inner loop: loss on its {k} ratings per step</figcaption>
      {losses.length === 0 ? (
        <p className="empty">No ratings yet: the placement comes from its features alone, no steps.</p>
      ) : (
        <>
          <div aria-hidden="true">
            <ResponsiveContainer width="100%" height={160}>
              <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: -8 }}>
                <CartesianGrid stroke={pal.grid} vertical={false} />
                <XAxis
                  dataKey="step"
                  tick={{ fontSize: 11, fill: pal.ink3 }}
                  axisLine={{ stroke: pal.axis }}
                />
                <YAxis
                  tick={{ fontSize: 11, fill: pal.ink3 }}
                  axisLine={false}
                  width={48}
                  tickFormatter={(v: number) => v.toFixed(2)}
                />
                <Line dataKey="loss" stroke={pal.accent} strokeWidth={2} dot isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <p className="sr-only">
            Loss from {first?.toFixed(3)} before the first step to {last?.toFixed(3)} after{' '}
            {losses.length - 1} steps.
          </p>
        </>
      )}
    </figure>
  );
}
