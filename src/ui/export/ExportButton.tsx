import { useState } from 'react';
import { useAppStore } from '../../state/store';
import type { ExportSpec } from './exportFigure';
import './export.css';

/**
 * A small "SVG" (or "PNG") button in a figure's caption: downloads the figure around it (the
 * nearest <figure> or <section>) as a file named after what it shows. The export code is imported
 * on the first click, not with the page. `spec` is read at the click, so the name and legend say
 * what is on screen then.
 */
export function ExportButton({
  figure,
  what,
  format = 'svg',
  spec,
}: {
  /** For tests and harnesses: data-figure. */
  figure: string;
  /** The figure in words, for the button's accessible name: "the learning curve". */
  what: string;
  format?: 'svg' | 'png';
  spec: () => ExportSpec;
}) {
  const addNotice = useAppStore((s) => s.addNotice);
  const [busy, setBusy] = useState(false);
  const label = format.toUpperCase();
  return (
    <button
      type="button"
      className="export-btn"
      data-testid="export-figure"
      data-figure={figure}
      data-format={format}
      aria-label={`Download ${what} as ${label}`}
      disabled={busy}
      onClick={(e) => {
        const scope = e.currentTarget.closest('figure, section');
        if (!scope) return;
        setBusy(true);
        import('./exportFigure')
          .then((m) => (format === 'png' ? m.exportCanvasPng(scope, spec()) : m.exportSvg(scope, spec())))
          .catch((err: unknown) =>
            addNotice(
              `The figure could not be saved: ${err instanceof Error ? err.message : String(err)}.`,
              'warning',
            ),
          )
          .finally(() => setBusy(false));
      }}
    >
      {label}
    </button>
  );
}
