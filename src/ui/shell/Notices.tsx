import { useAppStore } from '../../state/store';
import { saveTextFile } from '../saveFile';

export function Notices() {
  const notices = useAppStore((s) => s.notices);
  const dismiss = useAppStore((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`banner banner-${n.tone}`}
          role="status"
          data-testid="notice"
          data-key={n.key}
        >
          <div>{n.text}</div>
          <div className="banner-actions">
            {n.download && (
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => n.download && saveTextFile(n.download.filename, n.download.text)}
              >
                {n.download.label}
              </button>
            )}
            <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
