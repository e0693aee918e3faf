import { useEffect, useRef } from 'react';
import { importStateFile, isStateFile } from '../teach/stateFile';
import { ImportDialog } from './ImportDialog';
import { useImportFlow } from './useImportFlow';

/**
 * Asks for an import from anywhere on the page (the rated card, the demo bar, a drop): the one file
 * input and the dialog live in ImportRatings. Dispatched synchronously, so a button's click still
 * counts as the visitor's gesture when it opens the file chooser.
 */
const requests = new EventTarget();
export const chooseRatingsFile = (): void => void requests.dispatchEvent(new Event('choose'));
export const importRatingsFile = (file: File): void =>
  void requests.dispatchEvent(new CustomEvent<File>('file', { detail: file }));

/**
 * The page's import input (the test contract's data-testid="import-file") and the rating import's
 * dialog. A rating export (CSV) goes to the review; a state file (Export state's JSON, which this
 * input took before the rating import existed) is applied as Import state applies it.
 */
export function ImportRatings() {
  const { flow, start, pickUser, close } = useImportFlow();
  const fileRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const choose = () => fileRef.current?.click();
    const file = (e: Event) => {
      const f = (e as CustomEvent<File>).detail;
      void (isStateFile(f) ? importStateFile(f) : start(f));
    };
    requests.addEventListener('choose', choose);
    requests.addEventListener('file', file);
    return () => {
      requests.removeEventListener('choose', choose);
      requests.removeEventListener('file', file);
    };
  }, [start]);
  return (
    <>
      <input
        ref={fileRef}
        type="file"
        accept=".csv,text/csv,text/plain,.json,application/json"
        hidden
        data-testid="import-file"
        aria-label="Import ratings from a file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void (isStateFile(f) ? importStateFile(f) : start(f));
        }}
      />
      {flow.step !== 'idle' && (
        <ImportDialog
          flow={flow}
          onClose={close}
          onPickUser={(id) => void pickUser(id)}
          onChooseAnother={() => fileRef.current?.click()}
        />
      )}
    </>
  );
}
