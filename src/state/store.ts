/**
 * The app's one zustand store, made of slices: engine (worker and model loading), catalog, ratings,
 * settings, adaptation and ui. Plain data only; the worker is reached through bridge.ts. Never
 * imports TensorFlow.js (the main thread does not load it).
 */
import { create, type StateCreator } from 'zustand';
import type {
  BackendName,
  BackendReport,
  CatalogColumns,
  ModelInfo,
  Recommendation,
  WorkerEvent,
} from '../worker/protocol';
import { defaultSettings, type Persisted, type RatedMovie, type Settings } from './persistence';
import { requestedBackend } from './selectors';
import type { Display } from './shareState';
import { createTeachSlice, initialTeach, type TeachState } from './teachingSlice';

export type EngineStatus = 'loading' | 'ready' | 'error';
export type LoadPhase = 'download' | 'backend' | 'parse' | 'warmup';

export interface RecoverableError {
  kind: 'crash' | 'device-lost' | 'backend';
  message: string;
}

/** Why the app could not start, in plain words, and what the visitor can try. */
export interface FatalError {
  message: string;
  hint: string;
}

export interface EngineState {
  engine: {
    status: EngineStatus;
    phase: LoadPhase;
    loaded: number;
    total: number;
    backend: BackendReport | null;
    /** The app could not start (e.g. a broken model file): shown instead of the app, with Retry. */
    fatal: FatalError | null;
    /** The worker kept failing and is no longer restarted by itself: the visitor restarts it. */
    recoverable: RecoverableError | null;
    initId: number | null;
    /** Set by the bridge: restart the worker; a choice also becomes the backend setting. */
    restart: (choice?: BackendName | 'auto') => void;
  };
  engineLoading: (initId: number) => void;
  engineProgress: (phase: LoadPhase, loaded: number, total: number) => void;
  engineReady: (e: Extract<WorkerEvent, { type: 'ready' }>) => void;
  engineFatal: (message: string, hint: string) => void;
  engineRecoverable: (error: RecoverableError | null) => void;
}

export interface CatalogState {
  catalog: CatalogColumns | null;
  model: ModelInfo | null;
  /** Onboarding order (catalog indices). */
  candidates: Int32Array;
  /** movieId -> catalog index. */
  movieIndex: Map<number, number>;
  /** Catalog indices the deployer excluded (exclude.json): never offered or found by search. */
  excluded: ReadonlySet<number>;
}

/** The visitor's last change to their ratings, and what it replaced: what Undo puts back. */
export interface RatingAction {
  /** Increases with every action (a new message even when the same movie is rated twice). */
  id: number;
  kind: 'rate' | 'skip' | 'remove';
  movieId: number;
  /** The new rating ('rate'). */
  rating: number | null;
  before: { rating: number | null; skipped: boolean };
}

/** An import of ratings from a file: Undo puts back the ratings and skips as they were before. */
export interface ImportAction {
  id: number;
  kind: 'import';
  mode: 'merge' | 'replace';
  /** Ratings the file brought. */
  count: number;
  before: { rated: RatedMovie[]; skipped: number[] };
}

export interface RatingsState {
  /** In the order they were first rated. */
  rated: RatedMovie[];
  skipped: number[];
  /** The last rating, skip, removal or import (null once undone or after a reset). */
  lastAction: RatingAction | ImportAction | null;
  rate: (movieId: number, rating: number) => void;
  unrate: (movieId: number) => void;
  skip: (movieId: number) => void;
  /** Offer a skipped movie again. */
  unskip: (movieId: number) => void;
  /**
   * Ratings from a file, oldest first. 'replace': they become the ratings. 'merge': a movie rated
   * already takes the file's rating in place, new ones are added after. Imported movies are no
   * longer skipped. One action: Undo puts everything back.
   */
  importRatings: (ratings: RatedMovie[], mode: 'merge' | 'replace') => void;
  /** Put back what the last action changed. */
  undo: () => void;
  /** Forget ratings and skips only (a persona starts from cold). */
  resetRatings: () => void;
}

export interface SettingsState {
  settings: Settings;
  /** `?backend=` in the URL: wins over the setting for this page load. */
  urlBackend: BackendName | null;
  setBackendSetting: (backend: Settings['backend']) => void;
  setThemeSetting: (theme: Settings['theme']) => void;
}

export interface AdaptRun {
  requestId: number;
  k: number;
  losses: number[];
  /** Map positions x0, y0, x1, y1, ... */
  trajectory: number[];
}

export type AdaptStatus = 'idle' | 'adapting' | 'done' | 'error';

export interface AdaptationState {
  adapt: {
    status: AdaptStatus;
    /** The only request whose events are applied; anything else is stale. */
    requestId: number | null;
    method: string;
    steps: number;
    k: number;
    /** Current run, streamed: loss before each step so far. */
    liveLosses: number[];
    /** Current run, streamed: x, y after each step so far (the start point is model.startXY). */
    liveTrail: number[];
    /** Finished runs, oldest first, at most MAX_RUNS. */
    runs: AdaptRun[];
    recommendations: Recommendation[];
    /**
     * The list before the last change of ratings (catalog indices, best first): what the list's
     * change marks compare with. Null before the first change.
     */
    previousTop: number[] | null;
    /** The ratings the shown list was adapted to ("index:rating,..."): a re-run on the same ratings keeps previousTop. */
    supportKey: string;
    /** Rated movies with the adapted model's predicted stars (empty when the method predicts none). */
    fit: { index: number; predicted: number; actual: number }[];
    last: { lossFirst: number; lossLast: number; steps: number; ms: number } | null;
    /** Adaptations finished since the page loaded. */
    runCount: number;
    error: string | null;
  };
  adaptStarted: (requestId: number, k: number) => void;
  adaptBegan: (e: Extract<WorkerEvent, { type: 'adaptStart' }>) => void;
  adaptSteps: (requestId: number, steps: { loss: number; x: number; y: number }[]) => void;
  adaptFinished: (
    e: Extract<WorkerEvent, { type: 'adaptDone' }>,
    items: Int32Array,
    ratings: Float32Array,
  ) => void;
  adaptFailed: (requestId: number, message: string) => void;
}

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'warning';
  /** A notice with a key replaces the earlier one with the same key. */
  key?: string;
  /** A file the visitor can save from the notice (e.g. saved data that could not be read). */
  download?: { label: string; filename: string; text: string };
}

export interface UiState {
  notices: Notice[];
  panel: 'about' | 'settings' | null;
  /**
   * How the page is laid out: the full page, presenter mode (`?present`: large type, the panels a
   * room needs, no page chrome) or embed mode (`?embed`: the same, sized for an iframe). Set from the
   * address; not persisted (a room's mode belongs to the link that opened it).
   */
  display: Display;
  /** Catalog index highlighted across views (hover on a list or the map). */
  highlight: number | null;
  /**
   * The movie picked on the map (click, Enter, a neighbour in its list) and its nearest neighbours in
   * the model's item space (catalog indices, most similar first; null until the worker answers).
   */
  mapFocus: { index: number; neighbours: number[] | null } | null;
  addNotice: (text: string, tone?: Notice['tone'], extra?: Pick<Notice, 'key' | 'download'>) => void;
  dismissNotice: (id: number) => void;
  setPanel: (panel: UiState['panel']) => void;
  setDisplay: (display: Display) => void;
  setHighlight: (index: number | null) => void;
  focusOnMap: (index: number | null) => void;
  /** The worker's answer for `index`; ignored unless it is still the movie picked. */
  neighboursFound: (index: number, items: number[]) => void;
}

export interface ResetState {
  /**
   * Forget ratings, skips and settings (the model stays loaded). A backend that was forced in
   * Settings goes back to automatic: the worker restarts so it really does.
   */
  resetAll: () => void;
  hydrate: (persisted: Persisted | null, urlBackend: BackendName | null) => void;
}

export type AppState = EngineState &
  CatalogState &
  RatingsState &
  SettingsState &
  AdaptationState &
  UiState &
  ResetState &
  TeachState;

export const MAX_RUNS = 8;
type Slice<T> = StateCreator<AppState, [], [], T>;

const initialEngine = (): EngineState['engine'] => ({
  status: 'loading',
  phase: 'download',
  loaded: 0,
  total: 0,
  backend: null,
  fatal: null,
  recoverable: null,
  initId: null,
  restart: () => {},
});

const initialAdapt = (): AdaptationState['adapt'] => ({
  status: 'idle',
  requestId: null,
  method: '',
  steps: 0,
  k: 0,
  liveLosses: [],
  liveTrail: [],
  runs: [],
  recommendations: [],
  previousTop: null,
  supportKey: '',
  fit: [],
  last: null,
  runCount: 0,
  error: null,
});

export const createEngineSlice: Slice<EngineState> = (set) => ({
  engine: initialEngine(),
  engineLoading: (initId) =>
    set((s) => ({ engine: { ...initialEngine(), restart: s.engine.restart, initId } })),
  engineProgress: (phase, loaded, total) => set((s) => ({ engine: { ...s.engine, phase, loaded, total } })),
  engineReady: (e) =>
    set((s) => ({
      engine: { ...s.engine, status: 'ready', backend: e.backend, recoverable: null },
      catalog: e.catalog,
      model: e.model,
      candidates: e.candidates,
      movieIndex: new Map(Array.from(e.catalog.movieIds, (id, i) => [id, i])),
      excluded: new Set(e.excluded),
    })),
  engineFatal: (message, hint) =>
    set((s) => ({ engine: { ...s.engine, status: 'error', fatal: { message, hint } } })),
  engineRecoverable: (recoverable) => set((s) => ({ engine: { ...s.engine, recoverable } })),
});

export const createCatalogSlice: Slice<CatalogState> = () => ({
  catalog: null,
  model: null,
  candidates: new Int32Array(0),
  movieIndex: new Map(),
  excluded: new Set<number>(),
});

let actionId = 0;
const beforeOf = (s: RatingsState, movieId: number): RatingAction['before'] => ({
  rating: s.rated.find((r) => r.movieId === movieId)?.rating ?? null,
  skipped: s.skipped.includes(movieId),
});

/** A movie's rating set (or removed, null) in place: a changed rating keeps its position. */
function withRating(rated: RatedMovie[], movieId: number, rating: number | null): RatedMovie[] {
  const at = rated.findIndex((r) => r.movieId === movieId);
  if (rating === null) return rated.filter((r) => r.movieId !== movieId);
  return at >= 0
    ? rated.map((r, i) => (i === at ? { movieId, rating } : r))
    : [...rated, { movieId, rating }];
}

export const createRatingsSlice: Slice<RatingsState> = (set) => ({
  rated: [],
  skipped: [],
  lastAction: null,
  rate: (movieId, rating) =>
    set((s) => ({
      rated: withRating(s.rated, movieId, rating),
      skipped: s.skipped.filter((id) => id !== movieId),
      lastAction: { id: ++actionId, kind: 'rate', movieId, rating, before: beforeOf(s, movieId) },
    })),
  unrate: (movieId) =>
    set((s) => ({
      rated: withRating(s.rated, movieId, null),
      lastAction: { id: ++actionId, kind: 'remove', movieId, rating: null, before: beforeOf(s, movieId) },
    })),
  skip: (movieId) =>
    set((s) =>
      s.skipped.includes(movieId)
        ? {}
        : {
            skipped: [...s.skipped, movieId],
            lastAction: { id: ++actionId, kind: 'skip', movieId, rating: null, before: beforeOf(s, movieId) },
          },
    ),
  unskip: (movieId) => set((s) => ({ skipped: s.skipped.filter((id) => id !== movieId) })),
  importRatings: (ratings, mode) =>
    set((s) => {
      const incoming = new Map(ratings.map((r) => [r.movieId, r.rating]));
      let rated: RatedMovie[];
      if (mode === 'replace') rated = [...incoming].map(([movieId, rating]) => ({ movieId, rating }));
      else {
        const kept = s.rated.map((r) => {
          const rating = incoming.get(r.movieId);
          return rating === undefined ? r : { movieId: r.movieId, rating };
        });
        const had = new Set(s.rated.map((r) => r.movieId));
        rated = [
          ...kept,
          ...[...incoming].filter(([id]) => !had.has(id)).map(([movieId, rating]) => ({ movieId, rating })),
        ];
      }
      return {
        rated,
        skipped: s.skipped.filter((id) => !incoming.has(id)),
        lastAction: {
          id: ++actionId,
          kind: 'import',
          mode,
          count: incoming.size,
          before: { rated: s.rated, skipped: s.skipped },
        },
      };
    }),
  undo: () =>
    set((s) => {
      const a = s.lastAction;
      if (!a) return {};
      if (a.kind === 'import') return { rated: a.before.rated, skipped: a.before.skipped, lastAction: null };
      const skipped = s.skipped.filter((id) => id !== a.movieId);
      return {
        rated: withRating(s.rated, a.movieId, a.before.rating),
        skipped: a.before.skipped ? [...skipped, a.movieId] : skipped,
        lastAction: null,
      };
    }),
  resetRatings: () => set({ rated: [], skipped: [], lastAction: null }),
});

export const createSettingsSlice: Slice<SettingsState> = (set) => ({
  settings: defaultSettings(),
  urlBackend: null,
  setBackendSetting: (backend) => set((s) => ({ settings: { ...s.settings, backend } })),
  setThemeSetting: (theme) => set((s) => ({ settings: { ...s.settings, theme } })),
});

export const createAdaptationSlice: Slice<AdaptationState> = (set) => ({
  adapt: initialAdapt(),
  adaptStarted: (requestId, k) =>
    set((s) => ({
      adapt: { ...s.adapt, status: 'adapting', requestId, k, liveLosses: [], liveTrail: [], error: null },
    })),
  adaptBegan: (e) =>
    set((s) =>
      s.adapt.requestId !== e.requestId ||
      // Usually nothing new (same method and steps, k set when the request left): no re-render.
      (s.adapt.method === e.method && s.adapt.steps === e.steps && s.adapt.k === e.k)
        ? {}
        : { adapt: { ...s.adapt, method: e.method, steps: e.steps, k: e.k } },
    ),
  adaptSteps: (requestId, steps) =>
    set((s) => {
      if (s.adapt.requestId !== requestId || steps.length === 0) return {};
      return {
        adapt: {
          ...s.adapt,
          liveLosses: [...s.adapt.liveLosses, ...steps.map((p) => p.loss)],
          liveTrail: [...s.adapt.liveTrail, ...steps.flatMap((p) => [p.x, p.y])],
        },
      };
    }),
  adaptFinished: (e, items, ratings) =>
    set((s) => {
      if (s.adapt.requestId !== e.requestId) return {};
      const losses = Array.from(e.losses);
      const supportKey = Array.from(items, (index, j) => `${index}:${ratings[j] ?? ''}`).join(',');
      const previousTop =
        supportKey === s.adapt.supportKey || s.adapt.runCount === 0
          ? s.adapt.previousTop
          : s.adapt.recommendations.map((r) => r.index);
      const run: AdaptRun = {
        requestId: e.requestId,
        k: items.length,
        losses,
        trajectory: Array.from(e.trajectory),
      };
      return {
        adapt: {
          ...s.adapt,
          status: 'done',
          method: e.method,
          liveLosses: losses,
          liveTrail: run.trajectory.slice(2),
          runs: [...s.adapt.runs, run].slice(-MAX_RUNS),
          recommendations: e.recommendations,
          previousTop,
          supportKey,
          fit: e.predictedRated
            ? Array.from(items, (index, j) => ({
                index,
                predicted: e.predictedRated?.[j] ?? NaN,
                actual: ratings[j] ?? NaN,
              }))
            : [],
          last: {
            lossFirst: losses[0] ?? NaN,
            lossLast: losses[losses.length - 1] ?? NaN,
            steps: Math.max(0, losses.length - 1),
            ms: e.ms,
          },
          runCount: s.adapt.runCount + 1,
        },
      };
    }),
  adaptFailed: (requestId, message) =>
    set((s) =>
      s.adapt.requestId !== requestId ? {} : { adapt: { ...s.adapt, status: 'error', error: message } },
    ),
});

let noticeId = 0;
export const createUiSlice: Slice<UiState> = (set) => ({
  notices: [],
  panel: null,
  display: 'page',
  highlight: null,
  mapFocus: null,
  addNotice: (text, tone = 'info', extra = {}) =>
    set((s) => ({
      notices: [
        ...s.notices.filter((n) => n.text !== text && (extra.key === undefined || n.key !== extra.key)),
        { id: ++noticeId, text, tone, ...extra },
      ],
    })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setPanel: (panel) => set({ panel }),
  setDisplay: (display) => set({ display }),
  setHighlight: (highlight) => set({ highlight }),
  focusOnMap: (index) => set({ mapFocus: index === null ? null : { index, neighbours: null } }),
  neighboursFound: (index, neighbours) =>
    set((s) => (s.mapFocus?.index === index ? { mapFocus: { index, neighbours } } : {})),
});

export const createResetSlice: Slice<ResetState> = (set, get) => ({
  resetAll: () => {
    const before = requestedBackend(get());
    set((s) => ({
      rated: [],
      skipped: [],
      lastAction: null,
      settings: defaultSettings(),
      adapt: { ...initialAdapt(), runCount: s.adapt.runCount },
      highlight: null,
      mapFocus: null,
      teach: { ...initialTeach(), hidden: s.teach.hidden, pauseMs: s.teach.pauseMs },
    }));
    // A backend in the address (?backend=) still wins, and then nothing changes.
    if (requestedBackend(get()) !== before) get().engine.restart();
  },
  hydrate: (persisted, urlBackend) =>
    set((s) => ({
      rated: persisted?.ratings ?? [],
      skipped: persisted?.skipped ?? [],
      settings: persisted?.settings ?? defaultSettings(),
      urlBackend,
      teach: persisted ? { ...s.teach, ...persisted.teach } : s.teach,
    })),
});

const createAll: StateCreator<AppState> = (...a) => ({
  ...createEngineSlice(...a),
  ...createCatalogSlice(...a),
  ...createRatingsSlice(...a),
  ...createSettingsSlice(...a),
  ...createAdaptationSlice(...a),
  ...createUiSlice(...a),
  ...createResetSlice(...a),
  ...(createTeachSlice as unknown as StateCreator<AppState, [], [], TeachState>)(...a),
});

export const useAppStore = create<AppState>()(createAll);
export type AppStore = typeof useAppStore;

/** A fresh state (for tests' beforeEach and a full reset). */
export function getInitialState(): Partial<AppState> {
  return {
    engine: initialEngine(),
    catalog: null,
    model: null,
    candidates: new Int32Array(0),
    movieIndex: new Map(),
    excluded: new Set<number>(),
    rated: [],
    skipped: [],
    lastAction: null,
    settings: defaultSettings(),
    urlBackend: null,
    adapt: initialAdapt(),
    notices: [],
    panel: null,
    display: 'page',
    highlight: null,
    mapFocus: null,
    teach: initialTeach(),
  };
}
