/** The teaching view's way into the training panel (it loads nothing until pressed). */
import { useAppStore } from '../../state/store';

export function MetaTrainOpener() {
  const open = useAppStore((s) => s.metatrain.open);
  const openPanel = useAppStore((s) => s.openMetaTrain);
  return (
    <button
      type="button"
      className="btn btn-ghost btn-sm"
      aria-expanded={open}
      aria-controls={open ? 'metatrain-heading' : undefined}
      onClick={() => {
        openPanel();
        // The panel opens below the compare view: bring it into view once drawn.
        requestAnimationFrame(() =>
          document.querySelector('[data-testid="metatrain-panel"]')?.scrollIntoView({ block: 'start' }),
        );
      }}
    >
      Meta-train in the page
    </button>
  );
}
