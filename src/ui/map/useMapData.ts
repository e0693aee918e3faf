/**
 * What the taste map shows, read from the store and put in the map's terms: catalog indices for
 * the rated and recommended movies, the visitor's path and the compared methods' paths as world
 * points, and the frame that fits them (geometry.ts). Each value keeps its identity while its
 * inputs do, so the catalog's thousands of points are redrawn only when the frame really moves.
 */
import { useMemo } from 'react';
import { isHidden } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { genreColor, primaryGenre } from '../genres';
import { useThrottled } from '../useThrottled';
import {
  catalogBounds,
  EMPTY_BOUNDS,
  pointAt,
  pointsOf,
  withPoints,
  youPath,
  type Bounds,
  type Point,
} from './geometry';

/** A compared method's path up to the compare view's playhead. */
export interface CompareTrail {
  method: string;
  pts: Point[];
}

/** A rated movie on the map: its catalog index and the stars given. */
export interface RatedPoint {
  index: number;
  rating: number;
}

export function useMapData() {
  const catalog = useAppStore((s) => s.catalog);
  const startXY = useAppStore((s) => s.model?.startXY ?? null);
  const rated = useAppStore((s) => s.rated);
  // The initialization being meta-trained in the training panel (while it is open).
  // Repainted at most once a second: training posts up to 10 statuses a second.
  const init = useThrottled(
    useAppStore((s) => (s.metatrain.open ? s.metatrain.init : null)),
    1000,
  );
  const movieIndex = useAppStore((s) => s.movieIndex);
  const recs = useAppStore((s) => s.adapt.recommendations);
  const trail = useAppStore((s) => s.adapt.liveTrail);
  // The compare view's methods, drawn faintly behind the visitor's own path up to its playhead.
  const compareResult = useAppStore((s) => (isHidden(s, 'compare') ? null : s.teach.result));
  const compareMethods = useAppStore((s) => s.teach.methods);
  const playhead = useAppStore((s) => s.teach.playhead);
  // The "New arrivals" movie's path, while its panel is open.
  const arrivalResult = useAppStore((s) => (s.arrivals.open ? s.arrivals.result : null));
  const arrival = useMemo(
    (): Point[] => (arrivalResult ? pointsOf(arrivalResult.path, arrivalResult.path.length / 2) : []),
    [arrivalResult],
  );
  const compareTrails = useMemo(
    (): CompareTrail[] =>
      (compareResult?.traces ?? [])
        .filter((t) => compareMethods.includes(t.method))
        .map((t) => {
          const n = t.trajectory.length / 2;
          const upto = t.kind === 'closed-form' ? n - 1 : Math.min(playhead, n - 1);
          return { method: t.method, pts: pointsOf(t.trajectory, upto + 1) };
        }),
    [compareResult, compareMethods, playhead],
  );

  const baseBounds = useMemo(
    () => (catalog ? catalogBounds(catalog.xy, catalog.titles.length) : EMPTY_BOUNDS),
    [catalog],
  );
  const colors = useMemo(() => catalog?.genres.map((g) => genreColor(primaryGenre(g))) ?? [], [catalog]);
  const path = useMemo(() => youPath(startXY, trail), [startXY, trail]);

  // The view fits the catalog, the visitor's path (start to now) and the recommended movies.
  const grown = useMemo(() => {
    if (!catalog) return baseBounds;
    return withPoints(baseBounds, [...path, ...arrival, ...recs.map((r) => pointAt(catalog.xy, r.index))]);
  }, [catalog, baseBounds, path, arrival, recs]);
  // The same frame is the same object: redrawing the catalog's thousands of points (the points
  // layer) only when the frame really moved, not after every adaptation.
  const { x0, x1, y0, y1 } = grown;
  const fitBounds = useMemo((): Bounds => ({ x0, x1, y0, y1 }), [x0, x1, y0, y1]);

  const ratedIdx = useMemo(
    (): RatedPoint[] =>
      rated.flatMap((r) =>
        movieIndex.has(r.movieId) ? [{ index: movieIndex.get(r.movieId) ?? 0, rating: r.rating }] : [],
      ),
    [rated, movieIndex],
  );
  /** Marked points keyboard focus steps through: recommendations, then rated movies. */
  const marked = useMemo(
    () => [...recs.map((r) => r.index), ...ratedIdx.map((r) => r.index)],
    [recs, ratedIdx],
  );

  return { catalog, rated, recs, compareTrails, colors, path, arrival, fitBounds, ratedIdx, marked, init };
}
