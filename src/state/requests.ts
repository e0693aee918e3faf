/**
 * Store -> worker: the requests the page sends when the ratings or settings change, built from the
 * store's state. Each returns the request's id (null when it was not sent: not ready, or the client
 * has no such request). The bridge decides when; the supervisor watches them.
 */
import { INTERVIEW_INFO } from '../methods/interview';
import { ARRIVALS_FILE, WARMUP_FILE } from '../model/arrivalsFormat';
import { PERSONAS } from './presets';
import { supportOf } from './selectors';
import type { AppState } from './store';
import type { Client } from './supervisor';

/** How many next movies an ask returns (the deck shows a few; the default order follows). */
const ASK_COUNT = 8;
/** How many neighbours the map lists for a picked movie. */
export const MAP_NEIGHBOURS = 8;

/** What an adapt request asked for (kept to pair predictions with ratings). */
export interface Support {
  items: Int32Array;
  ratings: Float32Array;
}

const skippedIndices = (s: AppState): Int32Array =>
  Int32Array.from(
    s.skipped.filter((id) => s.movieIndex.has(id)),
    (id) => s.movieIndex.get(id) ?? 0,
  );

/** Adapt to the visitor's ratings; marks the adaptation started. */
export function sendAdapt(s: AppState, client: Client | null): { id: number; support: Support } | null {
  if (s.engine.status !== 'ready' || !client) return null;
  const support = supportOf(s);
  // Keep our own copies: the request's buffers are transferred to the worker.
  const copy = { items: support.items.slice(), ratings: support.ratings.slice() };
  const { id } = client.adapt({ items: support.items, ratings: support.ratings });
  s.adaptStarted(id, copy.items.length);
  return { id, support: copy };
}

/** An adaptive strategy's next movies, from the worker (after every rating or skip). */
export function sendAsk(s: AppState, client: Client | null): number | null {
  if (s.engine.status !== 'ready' || !client?.ask || !INTERVIEW_INFO[s.teach.strategy].adaptive) return null;
  const support = supportOf(s);
  const { id } = client.ask({
    items: support.items,
    ratings: support.ratings,
    skipped: skippedIndices(s),
    strategy: s.teach.strategy,
    seed: s.teach.seed,
    count: ASK_COUNT,
  });
  s.askStarted(id);
  return id;
}

/** Run the compared methods on the current ratings with the inner-loop settings. */
export function sendCompare(s: AppState, client: Client | null): number | null {
  if (s.engine.status !== 'ready' || !client?.compare) return null;
  const support = supportOf(s);
  const { id } = client.compare({
    items: support.items,
    ratings: support.ratings,
    methods: s.teach.methods,
    steps: s.teach.inner.steps ?? s.model?.trainedSteps ?? 5,
    lr: s.teach.inner.lr,
    adaptBias: s.teach.inner.adaptBias,
    skipped: skippedIndices(s),
    // The training panel's initialization beside the shipped methods, once the visitor asked for it.
    ...(s.metatrain.open && s.metatrain.trainedCompare ? { trained: true } : {}),
  });
  s.compareStarted(id);
  return id;
}

/** The picked movie's neighbours on the map (a quick, stateless request: no watchdog). */
export function sendNeighbours(s: AppState, client: Client | null): void {
  if (s.engine.status !== 'ready' || !client?.neighbours || !s.mapFocus || s.mapFocus.neighbours) return;
  client.neighbours(s.mapFocus.index, MAP_NEIGHBOURS);
}

/** Place the panel's new arrival with its first K ratings, ranked for the personas and the visitor. */
export function sendArrival(s: AppState, client: Client | null, modelBase: string): number | null {
  if (s.engine.status !== 'ready' || !client?.arrival || !s.arrivals.open) return null;
  const audience = PERSONAS.map((p) => {
    const known = p.ratings.filter((r) => s.movieIndex.has(r.movieId));
    return {
      id: p.id,
      name: p.name,
      items: Int32Array.from(known, (r) => s.movieIndex.get(r.movieId) ?? 0),
      ratings: Float32Array.from(known, (r) => r.rating),
    };
  });
  const { id } = client.arrival({
    url: new URL(ARRIVALS_FILE, modelBase).href,
    warmupUrl: new URL(WARMUP_FILE, modelBase).href,
    index: s.arrivals.index,
    k: s.arrivals.k,
    audience,
  });
  s.arrivalStarted(id);
  return id;
}
