import { memo, useMemo } from 'react';
import { overlap } from '../../state/elicitation';
import { useAppStore } from '../../state/store';
import { colorOf, labelOf, type ShownTrace } from './methods';

const TOP = 10;

/** The top-10 list of every method at the playhead, and how much each pair of lists overlaps. */
export const TopLists = memo(function TopLists({
  traces,
  playhead,
}: {
  traces: ShownTrace[];
  playhead: number;
}) {
  const titles = useAppStore((s) => s.catalog?.titles);
  const lists = useMemo(
    () =>
      traces.map((t) => {
        const at = t.kind === 'closed-form' ? 0 : Math.min(playhead, t.tops.length / TOP - 1);
        return { method: t.method, top: Array.from(t.tops.subarray(at * TOP, (at + 1) * TOP)) };
      }),
    [traces, playhead],
  );
  return (
    <div className="toplists">
      {lists.length > 2 && (
        <p className="scroll-hint card-sub" aria-hidden="true">
          Scroll sideways for every method →
        </p>
      )}
      {/* Scrolls sideways on a narrow screen: focusable, so a keyboard can scroll it too. */}
      <div className="toplist-cols" tabIndex={0} role="group" aria-label="Top-10 list of each method">
        {lists.map((l) => (
          <div key={l.method} className="toplist-col">
            <h3 className="toplist-head" style={{ borderColor: colorOf(l.method) }}>
              {labelOf(l.method)}
            </h3>
            <ol
              className="toplist"
              data-testid="method-top"
              data-method={l.method}
              data-items={l.top.join(',')}
            >
              {l.top.map((i) => (
                <li key={i} title={titles?.[i]}>
                  {titles?.[i] ?? `#${i}`}
                </li>
              ))}
            </ol>
          </div>
        ))}
      </div>
      {lists.length > 1 && (
        <div className="scroll-x">
          <table className="overlap" data-testid="overlap">
            <caption>Shared movies between top-10 lists</caption>
            <thead>
              <tr>
                <th />
                {lists.map((l) => (
                  <th key={l.method} scope="col" style={{ color: colorOf(l.method) }}>
                    {labelOf(l.method).split(' ')[0]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {lists.map((a) => (
                <tr key={a.method}>
                  <th scope="row" style={{ color: colorOf(a.method) }}>
                    {labelOf(a.method)}
                  </th>
                  {lists.map((b) => {
                    const n = overlap(a.top, b.top);
                    return (
                      <td key={b.method} style={{ background: `rgba(79,70,229,${(n / TOP) * 0.35})` }}>
                        {a.method === b.method ? '·' : n}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
});
