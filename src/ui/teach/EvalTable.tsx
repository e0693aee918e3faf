/** The evaluation chart as a table for screen readers: each method's mean and 95% interval at each K. */
import type { TopNReport } from '../../eval/topn';
import type { EvalMetric } from './evalMetrics';

export function EvalTable({
  topn,
  methods,
  metric,
  label,
}: {
  topn: TopNReport;
  methods: string[];
  metric: EvalMetric;
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
