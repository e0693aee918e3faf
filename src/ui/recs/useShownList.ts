import { useDeferredValue } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../state/store';

/**
 * The list on screen, for the top 10 and the full list alike: the recommendations, the list before
 * the last change of ratings (their change marks), K, and whether an adaptation is running.
 * Deferred, with the status line (AdaptStatus): a result mounts a new card (some fifty elements)
 * for most of the twenty, and React builds them in a background render it splits into short
 * tasks, after the task that received the result. Both commit together, so the status never says
 * 'done' above the previous list.
 */
export function useShownList() {
  return useDeferredValue(
    useAppStore(
      useShallow((s) => ({
        recs: s.adapt.recommendations,
        previous: s.adapt.previousTop,
        k: s.adapt.k,
        adapting: s.adapt.status === 'adapting',
      })),
    ),
  );
}
