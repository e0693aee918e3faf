/**
 * The taste map's geometry, as pure functions (no DOM, no React, no store): the frame that fits the
 * catalog and the visitor's path, the world <-> screen transform under a zoom and pan, zooming
 * about a point, a pinch, and which movie is under the pointer. World coordinates are the PCA
 * plane of the movie vectors (catalog.xy, interleaved x, y); screen coordinates are CSS pixels
 * from the map's top-left corner, y pointing down.
 */

/** A rectangle in world coordinates. */
export interface Bounds {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The hand-set part of the view, on top of the fitted frame. */
export interface View {
  /** Zoom factor (1 = fit). */
  k: number;
  /** Pan in CSS pixels. */
  x: number;
  y: number;
}

/** The map's size on screen, in CSS pixels. */
export interface Size {
  width: number;
  height: number;
}

export type Point = [number, number];
/** World -> screen under one frame, view and size. */
export type ToScreen = (x: number, y: number) => Point;

export const FIT_VIEW: View = { k: 1, x: 0, y: 0 };
/** The frame before a catalog has loaded. */
export const EMPTY_BOUNDS: Bounds = { x0: -1, x1: 1, y0: -1, y1: 1 };
export const MIN_ZOOM = 0.6;
export const MAX_ZOOM = 40;
/** How far from a movie's point (CSS pixels) the pointer still picks it. */
export const HIT_RADIUS = 12;

/** Point `i` of an interleaved x, y array. */
export const pointAt = (xy: ArrayLike<number>, i: number): Point => [xy[2 * i] ?? 0, xy[2 * i + 1] ?? 0];

/** The points of an interleaved x, y array, the first `count` of them (all by default). */
export function pointsOf(xy: ArrayLike<number>, count = Math.floor(xy.length / 2)): Point[] {
  return Array.from({ length: count }, (_, i) => pointAt(xy, i));
}

/**
 * The catalog's frame: its first `n` points from the 1st to the 99th percentile on each axis (a few
 * outliers do not squash the map), with a margin of 8% (1 when the spread is zero).
 */
export function catalogBounds(xy: ArrayLike<number>, n: number): Bounds {
  const xs = Array.from({ length: n }, (_, i) => xy[2 * i] ?? 0).sort((a, b) => a - b);
  const ys = Array.from({ length: n }, (_, i) => xy[2 * i + 1] ?? 0).sort((a, b) => a - b);
  const q = (a: number[], p: number) =>
    a[Math.min(a.length - 1, Math.max(0, Math.round(p * (a.length - 1))))] ?? 0;
  const pad = (lo: number, hi: number) => {
    const m = (hi - lo) * 0.08 || 1;
    return [lo - m, hi + m] as const;
  };
  const [x0, x1] = pad(q(xs, 0.01), q(xs, 0.99));
  const [y0, y1] = pad(q(ys, 0.01), q(ys, 0.99));
  return { x0, x1, y0, y1 };
}

/** Bounds grown (never shrunk, in steps of a tenth) to hold every finite point, with a margin. */
export function withPoints(b: Bounds, pts: readonly (readonly [number, number])[]): Bounds {
  const finite = pts.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (finite.length === 0) return b;
  const xs = finite.map((p) => p[0]);
  const ys = finite.map((p) => p[1]);
  const mx = (b.x1 - b.x0) * 0.06;
  const my = (b.y1 - b.y0) * 0.06;
  // Grown in steps of a tenth of the catalog's frame: a small move of the path or of a
  // recommended movie keeps the same frame (and the catalog's points are not redrawn).
  const sx = (b.x1 - b.x0) / 10;
  const sy = (b.y1 - b.y0) / 10;
  const lo = (v: number, start: number, step: number) =>
    v >= start ? start : start - Math.ceil((start - v) / step) * step;
  const hi = (v: number, end: number, step: number) =>
    v <= end ? end : end + Math.ceil((v - end) / step) * step;
  return {
    x0: lo(Math.min(...xs) - mx, b.x0, sx),
    x1: hi(Math.max(...xs) + mx, b.x1, sx),
    y0: lo(Math.min(...ys) - my, b.y0, sy),
    y1: hi(Math.max(...ys) + my, b.y1, sy),
  };
}

/**
 * World -> screen: the frame stretched over the map (y up in the world, down on screen), then
 * zoomed by `view.k` about the map's centre and panned by `view.x`, `view.y`.
 */
export function toScreen(b: Bounds, view: View, size: Size, x: number, y: number): Point {
  const { width, height } = size;
  const sx = ((x - b.x0) / (b.x1 - b.x0)) * width;
  const sy = height - ((y - b.y0) / (b.y1 - b.y0)) * height;
  return [(sx - width / 2) * view.k + width / 2 + view.x, (sy - height / 2) * view.k + height / 2 + view.y];
}

/** Screen -> world: the inverse of toScreen. */
export function toWorld(b: Bounds, view: View, size: Size, px: number, py: number): Point {
  const { width, height } = size;
  const sx = (px - view.x - width / 2) / view.k + width / 2;
  const sy = (py - view.y - height / 2) / view.k + height / 2;
  return [b.x0 + (sx / width) * (b.x1 - b.x0), b.y0 + ((height - sy) / height) * (b.y1 - b.y0)];
}

/**
 * The view zoomed by `factor` (the result clamped to MIN_ZOOM..MAX_ZOOM) so that the screen point
 * (cx, cy) stays over the same world point.
 */
export function zoomAbout(v: View, factor: number, cx: number, cy: number, size: Size): View {
  const { width, height } = size;
  const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.k * factor));
  const f = k / v.k;
  return {
    k,
    x: cx - (cx - width / 2 - v.x) * f - width / 2,
    y: cy - (cy - height / 2 - v.y) * f - height / 2,
  };
}

/**
 * One move of a two-finger pinch: the fingers' distance now, and, when there was a distance at the
 * last move, the zoom it makes (the ratio of the distances) about the point between the fingers.
 */
export function pinchStep(
  last: number | null,
  a: { x: number; y: number },
  b: { x: number; y: number },
): { dist: number; zoom: { factor: number; cx: number; cy: number } | null } {
  const dist = Math.hypot(a.x - b.x, a.y - b.y);
  const zoom =
    last !== null && last > 0 && dist > 0
      ? { factor: dist / last, cx: (a.x + b.x) / 2, cy: (a.y + b.y) / 2 }
      : null;
  return { dist, zoom };
}

/**
 * The first `n` points' index nearest the screen point (px, py), within `radius` CSS pixels (strictly);
 * null when none is that near.
 */
export function nearestPoint(
  xy: ArrayLike<number>,
  n: number,
  project: ToScreen,
  px: number,
  py: number,
  radius = HIT_RADIUS,
): number | null {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < n; i++) {
    const [x, y] = project(xy[2 * i] ?? 0, xy[2 * i + 1] ?? 0);
    const d = (x - px) ** 2 + (y - py) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best >= 0 ? best : null;
}

/** The visitor's path: the meta-learned start, then each inner step's point (interleaved x, y). */
export function youPath(start: Point | null, trail: ArrayLike<number>): Point[] {
  if (!start) return [];
  const pts: Point[] = [start];
  for (let i = 0; i + 1 < trail.length; i += 2) pts.push([trail[i] ?? 0, trail[i + 1] ?? 0]);
  return pts;
}

/** Where the tooltip of a point at (x, y) sits: right of and above it, inside the map's width. */
export function tipPosition(x: number, y: number, width: number): { left: number; top: number } {
  return { left: Math.min(width - 200, Math.max(0, x + 12)), top: Math.max(0, y - 52) };
}
