/**
 * The "New arrivals" slice's state (issue 17): whether the panel is open, which held-out movie and
 * how many of its ratings (K), the newest request and the worker's answer. Plain data; the bridge
 * sends arrival requests.
 */
import type { ArrivalDone } from '../../../../worker/arrivalsProtocol';

export type ArrivalStatus = 'idle' | 'running' | 'ready' | 'error';

export interface ArrivalsState {
  arrivals: {
    open: boolean;
    /** Which movie of arrivals.json (0-based). */
    index: number;
    /** How many of its first ratings are in (0: its features alone). */
    k: number;
    /** The newest request; older answers are dropped. */
    requestId: number | null;
    status: ArrivalStatus;
    result: ArrivalDone | null;
    /** Why the panel cannot show anything (arrivals.json missing or damaged, or a failed request). */
    message: string | null;
  };
}

export const initialArrivals = (): ArrivalsState['arrivals'] => ({
  open: false,
  index: 0,
  k: 0,
  requestId: null,
  status: 'idle',
  result: null,
  message: null,
});

export const initialArrivalsState = (): ArrivalsState => ({ arrivals: initialArrivals() });
