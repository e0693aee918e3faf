/**
 * Derived values from the store: plain functions of the state (memoize in components if costly).
 * Those of one slice live beside it (store/slices/<slice>/selectors.ts) and are re-exported here;
 * the rest read several slices. Reads the store's data type only, so the store never imports this.
 */
import type { BackendName } from '../worker/protocol';
import type { Hideable, SharedState } from './shareState';
import { INTERVIEW_INFO } from '../methods/interview';
import { orderBy, popularityOrder, randomOrder } from '../methods/onboardingOrders';
import type { StoreState as AppState } from './store/initialState';

export { isReady } from './store/slices/engine/selectors';
export { adaptMethodOf, isAdapting } from './store/slices/adapt/selectors';
export { requestedBackend } from './store/slices/settings/selectors';

/** Whether the app's method predicts stars (the cards and the fit chart show them). */
export const appPredictsStars = (s: AppState): boolean =>
  s.model?.methods.find((m) => m.name === s.model?.appMethod)?.stars ?? true;

export const ratingOf = (s: AppState, movieId: number): number | null =>
  s.rated.find((r) => r.movieId === movieId)?.rating ?? null;

/** Rated movies the loaded catalog knows, as parallel arrays for an adapt request. */
export function supportOf(s: AppState): { items: Int32Array; ratings: Float32Array } {
  const known = s.rated.filter((r) => s.movieIndex.has(r.movieId));
  return {
    items: Int32Array.from(known, (r) => s.movieIndex.get(r.movieId) ?? 0),
    ratings: Float32Array.from(known, (r) => r.rating),
  };
}

const orderCache = new WeakMap<object, Map<string, Int32Array>>();

/**
 * The onboarding order for the chosen interview strategy (catalog indices). The static orders come
 * from the catalog's columns; an adaptive strategy's next movies come from the worker (`ask`),
 * followed by the default order until they arrive or run out.
 */
export function candidateOrder(s: AppState): Int32Array {
  const c = s.catalog;
  if (!c) return new Int32Array(0);
  const strategy = s.teach.strategy;
  if (strategy === 'pop-entropy') return s.candidates;
  if (INTERVIEW_INFO[strategy].adaptive) {
    const offers = s.teach.offers;
    if (offers && offers.strategy === strategy) return concatOrders(offers.items, s.candidates);
    // "Most informative" also comes with each comparison; until then, the default order.
    if (strategy === 'informative') return s.teach.result?.informative ?? s.candidates;
    return s.candidates;
  }
  const key = strategy === 'random' ? `random:${s.teach.seed}` : strategy;
  let byCatalog = orderCache.get(c);
  if (!byCatalog) orderCache.set(c, (byCatalog = new Map()));
  let order = byCatalog.get(key);
  if (!order) {
    const n = c.ratingCounts.length;
    const entropy = c.entropy ?? new Float32Array(n);
    order =
      strategy === 'random'
        ? randomOrder(c, s.teach.seed)
        : strategy === 'entropy'
          ? orderBy((i) => (c.ratingCounts[i] ?? 0) * (entropy[i] ?? 0), n, 400)
          : strategy === 'log-entropy'
            ? orderBy((i) => Math.log1p(c.ratingCounts[i] ?? 0) * (entropy[i] ?? 0), n, 400)
            : popularityOrder(c);
    byCatalog.set(key, order);
  }
  return order;
}

const concatOrders = (a: Int32Array, b: Int32Array): Int32Array => {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** The next `n` onboarding movies for the chosen strategy: not rated, not skipped, not excluded. */
export function nextCandidates(s: AppState, n: number): number[] {
  if (!s.catalog) return [];
  const done = new Set<number>([...s.rated.map((r) => r.movieId), ...s.skipped]);
  const out: number[] = [];
  for (const i of candidateOrder(s)) {
    if (out.length >= n) break;
    if (!done.has(s.catalog.movieIds[i] ?? -1) && !s.excluded.has(i) && !out.includes(i)) out.push(i);
  }
  return out;
}

export interface MovieView {
  index: number;
  movieId: number;
  title: string;
  year: number | null;
  genres: string[];
}

export function movieAt(s: Pick<AppState, 'catalog'>, index: number): MovieView | null {
  const c = s.catalog;
  if (!c || index < 0 || index >= c.titles.length) return null;
  const year = c.years[index] ?? 0;
  const genres = c.genres[index] ?? '';
  return {
    index,
    movieId: c.movieIds[index] ?? -1,
    title: c.titles[index] ?? '',
    year: year === 0 ? null : year,
    genres: genres === '' ? [] : genres.split('|'),
  };
}

/**
 * Lower case without accents or other combining marks, so "leon" finds "Léon" and "Leon" finds
 * "LÉON" (NFD splits a letter from its marks; the marks are then dropped). Ligatures and letters
 * that are not a base letter plus a mark (ø, ß, æ) stay as they are.
 */
export const foldForSearch = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** Folded titles, computed once per catalog (a search runs on every keystroke). */
const foldedTitles = new WeakMap<readonly string[], string[]>();
const foldedOf = (titles: readonly string[]): string[] => {
  let folded = foldedTitles.get(titles);
  if (!folded) {
    folded = titles.map((t) => foldForSearch(t ?? ''));
    foldedTitles.set(titles, folded);
  }
  return folded;
};

/** Catalog indices (not excluded) whose title contains every word of the query, most rated first (accents ignored). */
export function searchCatalog(
  s: Pick<AppState, 'catalog'> & Partial<Pick<AppState, 'excluded'>>,
  query: string,
  limit: number,
): number[] {
  const c = s.catalog;
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  if (!c || words.length === 0) return [];
  const titles = foldedOf(c.titles);
  const hits: number[] = [];
  for (let i = 0; i < titles.length; i++) {
    if (s.excluded?.has(i)) continue;
    const t = titles[i] ?? '';
    if (words.every((w) => t.includes(w))) hits.push(i);
  }
  hits.sort((a, b) => (c.ratingCounts[b] ?? 0) - (c.ratingCounts[a] ?? 0));
  return hits.slice(0, limit);
}

export const backendLabel = (name: BackendName): string =>
  ({ webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' })[name];

/** What presenter and embed mode keep: the deck (with its search), the map and curve, the top 10. */
export const ROOM_PANELS: readonly Hideable[] = ['rate', 'search', 'map', 'charts', 'recs'];

/** Whether a panel or control is hidden: by the address (`hide=`), or by presenter / embed mode. */
export const isHidden = (
  s: { teach: Pick<AppState['teach'], 'hidden'> } & Pick<AppState, 'display'>,
  name: Hideable,
): boolean => s.teach.hidden.includes(name) || (s.display !== 'page' && !ROOM_PANELS.includes(name));

/** The state a URL or an exported file carries. */
export function sharedOf(s: AppState): SharedState {
  return {
    ratings: s.rated,
    skipped: s.skipped,
    inner: s.teach.inner,
    strategy: s.teach.strategy,
    seed: s.teach.seed,
    methods: s.teach.methods,
  };
}
