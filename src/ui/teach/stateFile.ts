/**
 * Reading a state file (Export state's JSON) into the app: ratings, skips and settings replaced,
 * with a notice; a file that is not one changes nothing and says why. Used by Import state and by
 * the page's one import input (data-testid="import-file"), which sends JSON files here and
 * rating exports (CSV) to the rating import.
 */
import { fromFile } from '../../state/shareState';
import { useAppStore } from '../../state/store';

/** Whether a chosen file is a state file rather than a ratings export. */
export const isStateFile = (file: File): boolean =>
  /\.json$/i.test(file.name) || file.type === 'application/json';

export async function importStateFile(file: File): Promise<void> {
  const { addNotice } = useAppStore.getState();
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    addNotice(`${file.name} is not valid JSON, so nothing was imported.`, 'warning');
    return;
  }
  const state = fromFile(parsed);
  if (typeof state === 'string') {
    addNotice(`${file.name} could not be imported: ${state}.`, 'warning');
    return;
  }
  // A persona still playing would go on rating over the imported ratings.
  useAppStore.getState().setPreset(null);
  useAppStore.getState().applyShared(state);
  addNotice(`Imported ${state.ratings.length} ratings and the settings from ${file.name}.`);
}
