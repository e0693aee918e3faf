/**
 * "Adapt my ratings from this initialization": the visitor's ratings run from the initialization
 * being trained, and the compare view shows it beside the shipped one.
 */
import { useAppStore } from '../../state/store';

export function MetaTrainUse() {
  const rated = useAppStore((s) => s.rated.length);
  const trained = useAppStore((s) => s.metatrain.step > 0 && s.metatrain.state !== 'loading');
  const adapt = useAppStore((s) => s.adaptFromTrained);
  return (
    <div className="metatrain-use">
      <button
        type="button"
        className="btn btn-sm"
        disabled={!trained}
        onClick={() => {
          adapt();
          requestAnimationFrame(() =>
            document.querySelector('[data-testid="compare-view"]')?.scrollIntoView({ block: 'start' }),
          );
        }}
      >
        Adapt my ratings from this initialization
      </button>
      <span className="card-sub">
        {rated === 0
          ? 'Rate a few movies first, or see what it recommends with none.'
          : `Your ${rated === 1 ? 'rating' : `${rated} ratings`}, adapted from the initialization being trained, ${rated === 1 ? 'appears' : 'appear'} in the compare view beside the shipped methods.`}
      </span>
    </div>
  );
}
