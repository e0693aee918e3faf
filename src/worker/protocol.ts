/**
 * The messages between the main thread and the adaptation worker: types only, imported by both
 * sides. Requests are verbs and carry an `id`; every event answering a request carries that id as
 * `requestId`. Only plain data crosses (numbers, strings, arrays, typed arrays): never tensors.
 * An adaptation reads its steps back once, after the run: its result (`adaptDone`) carries them.
 */
import type { ModelMethod } from '../methods/registry';
import type { Reason } from '../model/reasons';
import type { ArrivalEvent, ArrivalRequest } from './arrivalsProtocol';
import type { InjectRequest } from './faults';
import type { AdaptInit, MetaTrainEvent, MetaTrainRequest, TrainedTraceView } from './metatrainProtocol';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Absolute URLs of the model folder's files, resolved on the main thread from BASE_URL. */
export interface ModelUrls {
  /** Folder URL ending in '/': manifest.json, weights.json, its shards and catalog.json live here. */
  modelBase: string;
  /**
   * The deployer's exclude.json (src/model/exclusions.ts); omitted: nothing is excluded. A missing
   * or malformed file excludes nothing (with a console warning).
   */
  exclusions?: string;
}

/** A model file that sends nothing for this long is given up on (`?timeout=` seconds overrides it). */
export const LOAD_TIMEOUT_MS = 30_000;

export interface InitRequest {
  type: 'init';
  id: number;
  urls: ModelUrls;
  /** Force one backend (settings or `?backend=`); null picks the first that works. */
  backend: BackendName | null;
  /** Backends not to try: they were lost earlier in this session (a new worker moves down the chain). */
  exclude?: BackendName[];
  /** A model file that sends nothing for this long (ms) is given up on with a message. Default LOAD_TIMEOUT_MS. */
  loadTimeoutMs?: number;
  /** Test hook (`?fault=selfcheck:webgl`): these backends fail their numeric self-check. Empty in normal use. */
  failSelfCheck?: BackendName[];
}

export interface AdaptRequest {
  type: 'adapt';
  id: number;
  /** Catalog indices of the rated movies and their ratings (0.5 to 5), same order. */
  items: Int32Array;
  ratings: Float32Array;
  /** A shipped method; omitted: the app's default (the trained default if it takes inner steps). */
  method?: ModelMethod;
  /** Inner steps; omitted: the method's trained count. */
  steps?: number;
  /** Scalar inner learning rate; omitted: the trained per-entry rates. */
  lr?: number;
  /** How many recommendations to return (default 20). */
  topN?: number;
  /** 'trained': from the initialization the training panel trains (default 'shipped'). */
  init?: AdaptInit;
}

/** The bias baseline (mu + b_i + b_u) in a comparison, not a shipped method; beside list methods from the rating head. */
export const BIAS_BASELINE = 'bias';
/** What a comparison can run: a shipped method or the bias baseline. */
export type ComparedMethod = ModelMethod | typeof BIAS_BASELINE;

/**
 * What a method's support loss measures: 'rating', the mean squared error of its predicted stars on
 * the rated movies; 'list', the list loss of listCore.ts (how unlikely the rated movies are under a
 * softmax over the whole catalog, weighted by rating: lower fits the ratings better).
 */
export type Objective = 'rating' | 'list';

/**
 * Run several methods on the same ratings at once (the compare view): rating-gradient methods as
 * one batched inner loop, list methods one after the other; a newer compare supersedes an older.
 */
export interface CompareRequest {
  type: 'compare';
  id: number;
  /** Catalog indices of the rated movies and their ratings, in the order they were rated. */
  items: Int32Array;
  ratings: Float32Array;
  /** Shipped method names and/or BIAS_BASELINE. */
  methods: ComparedMethod[];
  /** Inner steps for the methods that take steps, 1 to 50. */
  steps: number;
  /** Scalar inner learning rate; null: each method's trained rates. */
  lr: number | null;
  /** false: only the user vector u adapts, b_u stays at its initial value (rating methods; a list has no b_u to adapt). */
  adaptBias: boolean;
  /** Catalog indices never to suggest as "most informative next" (skipped movies). */
  skipped: Int32Array;
  /** Also run the initialization the training panel trains (compareDone's `trained`). */
  trained?: boolean;
}

export { FAULTS, type Fault, type InjectRequest } from './faults';

/**
 * Which movies to offer next under an interview strategy (src/methods/interview.ts), given the
 * answers so far: the worker adapts the app method to the ratings and runs the strategy
 * (src/model/interview/ask.ts, the code `npm run interview` measured and `npm run predict --ask`
 * runs). A newer ask supersedes an older one.
 */
export interface AskRequest {
  type: 'ask';
  id: number;
  /** Catalog indices of the rated movies and their ratings, in the order they were rated. */
  items: Int32Array;
  ratings: Float32Array;
  /** Catalog indices answered "haven't seen". */
  skipped: Int32Array;
  /** A strategy name of src/methods/interview.ts. */
  strategy: string;
  /** The random strategy's seed. */
  seed: number;
  /** How many movies to return: the next offer, then the ones after it should each be skipped. */
  count: number;
}

/**
 * The movies nearest one movie in the model's item space (cosine of the app method's item vectors;
 * src/model/neighbours.ts), for the map; never itself, an excluded or below-the-floor movie.
 */
export interface NeighboursRequest {
  type: 'neighbours';
  id: number;
  /** Catalog index of the movie. */
  index: number;
  /** How many neighbours (1 to 50). */
  count: number;
}

export type WorkerRequest = BaseRequest | ArrivalRequest | MetaTrainRequest;
type BaseRequest =
  InitRequest | AdaptRequest | CompareRequest | InjectRequest | AskRequest | NeighboursRequest;

/** One method's run in a comparison. Every number is finite (divergent values are clamped). */
export interface MethodTraceView {
  method: ComparedMethod;
  label: string;
  /** 'gradient': an inner loop; 'closed-form': one state, no steps (the prototype, the bias baseline). */
  kind: 'gradient' | 'closed-form';
  /** What `losses` measure: traces of different objectives are not drawn on one axis. */
  objective: Objective;
  /** Support loss before each step and after the last, [steps + 1] ([1] for closed-form). */
  losses: Float32Array;
  /** Map positions of phi_0 .. phi_steps, [(steps + 1) * 2] ([2] for closed-form). */
  trajectory: Float32Array;
  /** Top-10 catalog indices at every step, [(steps + 1) * 10] ([10] for closed-form). */
  tops: Int32Array;
  /** Clamped: a non-finite value, an exploding state, or a loss that ended above where it began. */
  diverged: boolean;
}

export interface BackendReport {
  name: BackendName;
  /** Backends tried before this one and why each was passed over. */
  skipped: { name: BackendName; reason: string }[];
  /** Whether it was forced (settings or URL). */
  forced: boolean;
  /** Time of the first adaptation incl. shader compile and catalog scoring, ms. */
  warmupMs: number;
  /** Time of a second, warm adaptation, ms. */
  steadyMs: number;
  /** Kernels dispatched by one warm adaptation (tf.profile). */
  kernelsPerAdapt: number;
  /**
   * For GPU backends: how many outputs of a probe chain of small ops (the inner step's op kinds)
   * stayed on the GPU, out of how many. null on CPU backends.
   */
  gpuResident: { onGpu: number; total: number } | null;
  /** Flags set in tf.env() to keep small tensors on the GPU. */
  flags: Record<string, number | boolean>;
}

export interface MethodInfo {
  name: ModelMethod;
  label: string;
  description: string;
  /**
   * 'gradient': inner steps (a live learning curve); 'closed-form': one state from the ratings,
   * no steps (the prototype).
   */
  kind: 'gradient' | 'closed-form';
  objective: Objective;
  /** Whether it predicts stars (a rating method, or a list method of a model with a rating head). */
  stars: boolean;
  innerSteps: number;
}

/** The catalog as columns (one structured clone instead of 10k small objects). */
export interface CatalogColumns {
  movieIds: Int32Array;
  titles: string[];
  /** Release year, 0 when unknown. */
  years: Int16Array;
  /** Genres joined by '|'. */
  genres: string[];
  ratingCounts: Float32Array;
  meanRatings: Float32Array;
  /** Map positions, [n * 2] interleaved x, y. */
  xy: Float32Array;
  /** Rating entropy in bits (the catalog's 9th column), 0 when unknown. */
  entropy?: Float32Array;
}

export interface ModelInfo {
  dim: number;
  defaultMethod: ModelMethod;
  /** The method the app adapts with by default (the trained default, or the best method with inner steps). */
  appMethod: ModelMethod;
  methods: MethodInfo[];
  attribution: string;
  dataSource: string;
  createdAt: string;
  /** Map position of the meta-initialization (the starting user state). */
  startXY: [number, number];
  /** The interview strategy the app offers movies by unless the visitor picks another (src/methods/interviewPolicy.json). */
  defaultStrategy?: string;
  /** The trained scalar inner learning rate and step count (the "defaults" of the inner-loop controls). */
  trainedLr?: number;
  trainedSteps?: number;
}

/** A rated movie a recommendation's reason cites, and how (src/model/reasons.ts, plain TypeScript). */
export type { Reason as RecommendationReason } from '../model/reasons';

export interface Recommendation {
  index: number;
  /** What orders the list, higher first: a list score (arbitrary scale) or the predicted rating. */
  score: number;
  /** Predicted stars (0.5 to 5); null when the method predicts none (a list model without a rating head). */
  predicted: number | null;
  /** Catalog indices of the liked movies its reason cites (the 'liked' entries of `reasons`), largest contribution first. */
  because: number[];
  /**
   * The rated movies that raised its score most, largest first (at most two; see
   * src/model/reasons.ts). Empty: no rating raised it; it is listed on the crowd's prior.
   */
  reasons: Reason[];
}

/** 'device-lost': the GPU went away (WebGPU device lost, WebGL context lost); the app moves on to the next backend. */
export type ErrorKind = 'model' | 'network' | 'backend' | 'device-lost' | 'internal';

export type WorkerEvent =
  | {
      type: 'progress';
      requestId: number;
      phase: 'download' | 'parse' | 'backend' | 'warmup';
      loaded: number;
      total: number;
    }
  | {
      type: 'ready';
      requestId: number;
      backend: BackendReport;
      model: ModelInfo;
      catalog: CatalogColumns;
      candidates: Int32Array;
      /** Catalog indices the deployer excluded (exclude.json): never listed, offered or found by search. */
      excluded: Int32Array;
    }
  | {
      type: 'adaptStart';
      requestId: number;
      method: ModelMethod;
      steps: number;
      k: number;
      lossless: boolean;
    }
  | {
      type: 'adaptDone';
      requestId: number;
      method: ModelMethod;
      /**
       * The run's steps, read back at once when it ended (nothing is streamed): the support loss
       * (see Objective) before each step and after the last, [steps + 1] (one value for a
       * closed-form list method, none for the rating prototype), and the map positions of
       * phi_0 .. phi_steps, [(steps + 1) * 2]. The store draws them with the result.
       */
      losses: Float32Array;
      trajectory: Float32Array;
      recommendations: Recommendation[];
      /** Predicted stars of the rated movies, same order as the request; null when the method predicts none. */
      predictedRated: Float32Array | null;
      ms: number;
      /**
       * Set when the inner loop produced NaN, an infinity or an exploding state at `step`: the
       * result is the last good state (`kept`, 0 = the initialization) and every number is finite.
       */
      numeric?: { step: number; kept: number; what: 'not-a-number' | 'infinite' | 'exploding' };
    }
  | {
      type: 'compareDone';
      requestId: number;
      steps: number;
      traces: MethodTraceView[];
      /** For the app method, the top-10 after each prefix of the ratings, [K * 10]. */
      prefixTops: Int32Array;
      /** Unrated, unskipped movies, most informative next first (the app method's current state). */
      informative: Int32Array;
      ms: number;
      /** The trained initialization's run, when asked and a training is open. */
      trained?: TrainedTraceView;
    }
  | {
      type: 'offers';
      requestId: number;
      strategy: string;
      /** Catalog indices to offer, next first; never rated, skipped or excluded. */
      items: Int32Array;
      /** Time to adapt and choose, ms. */
      ms: number;
    }
  | {
      type: 'neighbours';
      requestId: number;
      /** The movie asked about (catalog index). */
      index: number;
      /** Catalog indices, most similar first. */
      items: Int32Array;
      /** Their cosine similarity to the movie, [-1, 1], same order. */
      similarity: Float32Array;
    }
  | ArrivalEvent
  | { type: 'cancelled'; requestId: number }
  | { type: 'error'; requestId: number | null; kind: ErrorKind; message: string }
  | MetaTrainEvent;

/** Whether an event ends its request: every event but progress, adaptStart and the training's load and checkpoint. */
export const isFinal = (e: WorkerEvent): boolean =>
  !['progress', 'adaptStart', 'metatrainLoad', 'metatrainCheckpoint'].includes(e.type);

export function assertNever(x: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(x)}`);
}
