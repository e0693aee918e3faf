/** The training data's download (a bar with its progress) and the data's attribution. */
import { useAppStore } from '../../state/store';

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

export function MetaTrainLoad() {
  const load = useAppStore((s) => s.metatrain.load);
  const attribution = useAppStore((s) => s.model?.attribution ?? '');
  return (
    <div className="metatrain-load">
      {load && (
        <label className="metatrain-progress">
          <span>
            Loading the training data: {kb(load.loaded)}
            {load.total ? ` of ${kb(load.total)}` : ''}
          </span>
          <progress
            data-testid="metatrain-progress"
            max={load.total ?? undefined}
            value={load.total ? Math.min(load.loaded, load.total) : undefined}
          />
        </label>
      )}
      <p className="card-sub metatrain-attribution" data-testid="metatrain-attribution">
        Training data: the meta-train users&apos; ratings of MovieLens ml-latest-small, a transformation
        redistributed under its terms.{' '}
        {attribution || 'MovieLens by GroupLens Research (F. M. Harper and J. A. Konstan, 2015).'}
      </p>
    </div>
  );
}
