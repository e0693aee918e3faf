import { useState } from 'react';
import { browserStorage, listSetAside, setAsideFilename } from '../../state/persistence';
import { saveTextFile } from '../saveFile';

/**
 * Saved data that could not be read is set aside in this browser, never silently deleted: list
 * each copy with a download and a delete. Nothing is shown when there is none.
 */
export function SetAsideData() {
  const storage = browserStorage();
  const [keys, setKeys] = useState(() => listSetAside(storage));
  if (!storage || keys.length === 0) return null;
  const read = (key: string) => {
    try {
      return storage.getItem(key) ?? '';
    } catch {
      return '';
    }
  };
  const remove = (key: string) => {
    try {
      storage.removeItem(key);
    } catch {
      // Blocked storage: the list below is read again either way.
    }
    setKeys(listSetAside(storage));
  };
  return (
    <div className="set-aside" data-testid="set-aside">
      <h3>Saved data that could not be read</h3>
      <p className="card-sub">
        Kept in this browser so nothing is lost. Download a copy to look at it or to report a problem; delete
        it once you no longer need it.
      </p>
      <ul>
        {keys.map((key) => (
          <li key={key} data-testid="set-aside-item" data-key={key}>
            <span>{new Date(key.split(':').slice(2).join(':')).toLocaleString()}</span>
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() => saveTextFile(setAsideFilename(key), read(key))}
            >
              Download
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => remove(key)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
