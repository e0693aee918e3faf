import { lazy, Suspense } from 'react';
import { useAppStore } from '../../state/store';

// The tour's code and words load only when a tour opens (a click or `tour=N` in the link).
const Tour = lazy(() => import('./Tour').then((m) => ({ default: m.Tour })));

/** Renders the guided tour while one is open and the link does not hide it (`hide=tour`). */
export function TourHost() {
  const open = useAppStore((s) => s.teach.tourStep !== null && !s.teach.hidden.includes('tour'));
  return open ? (
    <Suspense fallback={null}>
      <Tour />
    </Suspense>
  ) : null;
}
