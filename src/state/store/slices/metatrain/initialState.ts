/**
 * The meta-training panel's state: open or closed, its controls, and what the worker last said of
 * the training (state, step, losses, the curves, the initialization on the map and its K = 0 list).
 * The curves are bounded (MAX_POINTS, decimated); the last checkpoint (about a megabyte of weights)
 * is kept by the bridge, not here. `command` is the latest button pressed: the bridge sends it.
 */
import type {
  MetaTrainAction,
  MetaTrainConfig,
  MetaTrainLossPoint,
  MetaTrainState,
  MetaTrainValPoint,
} from '../../../../worker/metatrainProtocol';
import { DEFAULT_METATRAIN } from '../../../url/metatrainParams';

/** The most points a stored curve keeps; past it every other point is dropped (the last kept). */
export const MAX_POINTS = 2000;

/** What the panel asks of the worker; `seq` counts presses, so the same button twice is two commands. */
export interface MetaTrainCommand {
  seq: number;
  action: Exclude<MetaTrainAction, 'configure'>;
}

export interface MetaTrainSliceState {
  metatrain: {
    open: boolean;
    config: MetaTrainConfig;
    state: MetaTrainState;
    step: number;
    lossFirst: number | null;
    lossLast: number | null;
    losses: MetaTrainLossPoint[];
    val: MetaTrainValPoint[];
    shippedValRecall: number | null;
    stepsPerSecond: number;
    /** The trained initialization on the map (the shipped projection of u0). */
    init: [number, number] | null;
    /** Its K = 0 list: catalog indices, best first. */
    k0: number[] | null;
    /** The training pack's download (null when not loading). */
    load: { loaded: number; total: number | null } | null;
    /** Why training stopped (state 'error'). */
    message: string | null;
    command: MetaTrainCommand | null;
    /** The visitor asked to adapt their ratings from the trained initialization (a count of presses). */
    adaptRequests: number;
    /** The compare view runs the trained initialization too (since the first press, until the panel closes). */
    trainedCompare: boolean;
  };
}

export const initialMetaTrain = (): MetaTrainSliceState['metatrain'] => ({
  open: false,
  config: { ...DEFAULT_METATRAIN },
  state: 'idle',
  step: 0,
  lossFirst: null,
  lossLast: null,
  losses: [],
  val: [],
  shippedValRecall: null,
  stepsPerSecond: 0,
  init: null,
  k0: null,
  load: null,
  message: null,
  command: null,
  adaptRequests: 0,
  trainedCompare: false,
});

export const initialMetaTrainState = (): MetaTrainSliceState => ({ metatrain: initialMetaTrain() });
