/**
 * The training panel: controls, Play / Pause / Step / Reset, the status, the training data's
 * download, the live curves, the initialization's K = 0 list, and the visitor's ratings adapted
 * from the initialization being trained. Loaded on demand (MetaTrainHost imports this module), so
 * recharts comes with it and not with the page's first load.
 */
import { useAppStore } from '../../state/store';
import { MetaTrainButtons } from './MetaTrainButtons';
import { MetaTrainCharts } from './MetaTrainCharts';
import { MetaTrainControls } from './MetaTrainControls';
import { MetaTrainK0 } from './MetaTrainK0';
import { MetaTrainLoad } from './MetaTrainLoad';
import { MetaTrainShell } from './MetaTrainShell';
import { MetaTrainStatus } from './MetaTrainStatus';
import { MetaTrainUse } from './MetaTrainUse';

export function MetaTrainPanel() {
  const loading = useAppStore((s) => s.metatrain.state === 'loading');
  const message = useAppStore((s) => (s.metatrain.state === 'error' ? s.metatrain.message : null));
  return (
    <MetaTrainShell busy={loading}>
      <MetaTrainLoad />
      <MetaTrainControls />
      <MetaTrainButtons />
      <MetaTrainStatus />
      {message !== null && (
        <p className="metatrain-error" role="alert" data-testid="metatrain-error">
          {message} The last good initialization is kept: press Reset, or lower the meta learning rate and
          press Play.
        </p>
      )}
      <div className="metatrain-views">
        <MetaTrainCharts />
        <MetaTrainK0 />
      </div>
      <MetaTrainUse />
    </MetaTrainShell>
  );
}
