/**
 * Painting the taste map on a canvas: the catalog's points (into a layer of their own, redrawn
 * only when the frame or the zoom moves) and the overlays over them (recommendations, rated movies,
 * the compared methods' paths, the visitor's path, the picked movie and its neighbours, the ring
 * of the highlighted movie, the initialization the training panel is meta-training). The theme's colours come in as a Palette (src/ui/theme.ts reads them
 * from the CSS variables and re-renders on a theme switch); genre, method and rating colours are
 * the same in both themes.
 */
import { NO_GENRE_COLOR } from '../genres';
import { colorOf } from '../teach/methods';
import type { Palette } from '../theme';
import { pointAt, type Point, type Size, type ToScreen } from './geometry';
import type { CompareTrail, RatedPoint } from './useMapData';

/** Above this many rated movies their discs are drawn smaller (an imported history covers the map). */
const MANY_RATED = 200;
const FULL_CIRCLE = Math.PI * 2;

/** Rating colour: red (0.5) through amber to green (5), as the legend's gradient (.lg-rated). */
export const ratingColor = (r: number) => `hsl(${Math.round(((r - 0.5) / 4.5) * 125)}, 72%, 44%)`;

/** Everything the overlays show, in world coordinates (catalog indices into `xy`). */
export interface MapScene {
  xy: ArrayLike<number>;
  project: ToScreen;
  recs: readonly { index: number }[];
  rated: readonly RatedPoint[];
  compareTrails: readonly CompareTrail[];
  /** The visitor's path, start first. */
  path: readonly Point[];
  /** A new arrival's path (the "New arrivals" panel), its placement from features first; [] when none. */
  arrival: readonly Point[];
  /** The picked movie and its neighbours (null while they are being found). */
  focus: { index: number; neighbours: number[] | null } | null;
  /** The ringed movie (hover, keyboard or list focus). */
  ringed: number | null;
  /** The initialization being meta-trained (the training panel's), null when none. */
  init: Point | null;
}

/**
 * The catalog's first `count` points, squares in their genre's colour, on a canvas of `size` CSS
 * pixels at the device's pixel ratio; null without a DOM or a 2-D context.
 */
export function pointsLayer(
  xy: ArrayLike<number>,
  count: number,
  colors: readonly string[],
  size: Size,
  zoom: number,
  project: ToScreen,
): HTMLCanvasElement | null {
  if (typeof document === 'undefined') return null;
  const { width, height } = size;
  const dpr = window.devicePixelRatio || 1;
  const layer = document.createElement('canvas');
  layer.width = Math.round(width * dpr);
  layer.height = Math.round(height * dpr);
  const ctx = layer.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const n = count;
  const r = Math.min(3, Math.max(1.4, 2.2 * Math.sqrt(zoom) * (n > 3000 ? 0.75 : 1.2)));
  ctx.globalAlpha = n > 3000 ? 0.5 : 0.65;
  let fill = '';
  for (let i = 0; i < n; i++) {
    const [x, y] = project(xy[2 * i] ?? 0, xy[2 * i + 1] ?? 0);
    if (x < -5 || y < -5 || x > width + 5 || y > height + 5) continue;
    const color = colors[i] ?? NO_GENRE_COLOR;
    if (color !== fill) ctx.fillStyle = fill = color;
    ctx.fillRect(x - r / 2, y - r / 2, r, r);
  }
  return layer;
}

/** The map on `canvas`: resized to `size` at the device's pixel ratio, the layer, then the overlays. */
export function paintMap(
  canvas: HTMLCanvasElement,
  layer: HTMLCanvasElement | null,
  size: Size,
  scene: MapScene,
  pal: Palette,
): void {
  const { width, height } = size;
  const dpr = window.devicePixelRatio || 1;
  // Resizing reallocates the backing store: only when the size changed (clearRect otherwise).
  const w = Math.round(width * dpr);
  const h = Math.round(height * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.clearRect(0, 0, width, height);
  if (layer) ctx.drawImage(layer, 0, 0, width, height);
  const at = (i: number) => {
    const [x, y] = pointAt(scene.xy, i);
    return scene.project(x, y);
  };
  paintRecommendations(
    ctx,
    scene.recs.map((r) => at(r.index)),
    pal,
  );
  paintRated(ctx, scene.rated, at, pal);
  paintCompareTrails(ctx, scene.compareTrails, scene.project);
  paintPath(
    ctx,
    scene.path.map(([x, y]) => scene.project(x, y)),
    pal,
  );
  paintArrival(
    ctx,
    scene.arrival.map(([x, y]) => scene.project(x, y)),
    pal,
  );
  if (scene.focus) paintFocus(ctx, at(scene.focus.index), (scene.focus.neighbours ?? []).map(at), pal);
  if (scene.ringed !== null) paintRing(ctx, at(scene.ringed), pal);
  if (scene.init) paintInit(ctx, scene.project(scene.init[0], scene.init[1]), pal);
}

/** Recommendations: hollow diamonds in the accent colour. */
function paintRecommendations(ctx: CanvasRenderingContext2D, pts: Point[], pal: Palette): void {
  ctx.lineWidth = 2;
  for (const [x, y] of pts) {
    ctx.strokeStyle = pal.accent;
    ctx.fillStyle = pal.card;
    ctx.beginPath();
    ctx.moveTo(x, y - 6);
    ctx.lineTo(x + 6, y);
    ctx.lineTo(x, y + 6);
    ctx.lineTo(x - 6, y);
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }
}

/**
 * Rated movies: discs coloured by rating, one path per half-star level (an import of thousands
 * would otherwise be thousands of fills and strokes on every redraw), smaller when there are many.
 */
function paintRated(
  ctx: CanvasRenderingContext2D,
  rated: readonly RatedPoint[],
  at: (i: number) => Point,
  pal: Palette,
): void {
  const small = rated.length > MANY_RATED;
  for (let half = 1; half <= 10; half++) {
    const rating = half / 2;
    const r = small ? 2 + rating * 0.4 : 4 + rating * 0.9;
    ctx.beginPath();
    let any = false;
    for (const m of rated) {
      if (m.rating !== rating) continue;
      const [x, y] = at(m.index);
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, FULL_CIRCLE);
      any = true;
    }
    if (!any) continue;
    ctx.fillStyle = ratingColor(rating);
    ctx.strokeStyle = pal.mapHalo;
    ctx.lineWidth = small ? 1 : 2;
    ctx.fill();
    ctx.stroke();
  }
}

/** The compared methods' paths: dashed, faint, in each method's colour, with a dot at the end. */
function paintCompareTrails(
  ctx: CanvasRenderingContext2D,
  trails: readonly CompareTrail[],
  project: ToScreen,
): void {
  for (const trail of trails) {
    const pts = trail.pts.map(([x, y]) => project(x ?? 0, y ?? 0));
    ctx.strokeStyle = colorOf(trail.method);
    ctx.globalAlpha = 0.75;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    ctx.stroke();
    ctx.setLineDash([]);
    const [ex, ey] = pts[pts.length - 1] ?? [0, 0];
    ctx.beginPath();
    ctx.arc(ex, ey, 3.5, 0, FULL_CIRCLE);
    ctx.fillStyle = colorOf(trail.method);
    ctx.fill();
    ctx.globalAlpha = 1;
  }
}

/** The visitor's path (screen points): start (hollow) through each inner step to now (filled). */
function paintPath(ctx: CanvasRenderingContext2D, pts: Point[], pal: Palette): void {
  if (pts.length === 0) return;
  ctx.strokeStyle = pal.mapPath;
  ctx.lineWidth = 2;
  ctx.setLineDash([]);
  ctx.beginPath();
  pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.stroke();
  pts.slice(1, -1).forEach(([x, y]) => {
    ctx.beginPath();
    ctx.arc(x, y, 2.5, 0, FULL_CIRCLE);
    ctx.fillStyle = pal.mapPath;
    ctx.fill();
  });
  const [sx, sy] = pts[0] ?? [0, 0];
  ctx.beginPath();
  ctx.arc(sx, sy, 6, 0, FULL_CIRCLE);
  ctx.fillStyle = pal.card;
  ctx.fill();
  ctx.strokeStyle = pal.mapPath;
  ctx.lineWidth = 2;
  ctx.stroke();
  if (pts.length > 1) {
    const [ex, ey] = pts[pts.length - 1] ?? [0, 0];
    ctx.beginPath();
    ctx.arc(ex, ey, 8, 0, FULL_CIRCLE);
    ctx.fillStyle = pal.accent;
    ctx.fill();
    ctx.strokeStyle = pal.mapHalo;
    ctx.lineWidth = 2.5;
    ctx.stroke();
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.fillStyle = pal.mapPath;
    ctx.fillText('you', ex + 11, ey + 4);
  }
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = pal.ink2;
  ctx.fillText('start', sx + 9, sy - 8);
}

/** A new arrival's path: a square where its features put it, a line through its steps, a dot now. */
function paintArrival(ctx: CanvasRenderingContext2D, pts: Point[], pal: Palette): void {
  if (pts.length === 0) return;
  ctx.strokeStyle = pal.star;
  ctx.lineWidth = 2;
  ctx.setLineDash([2, 3]);
  ctx.beginPath();
  pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.stroke();
  ctx.setLineDash([]);
  const [sx, sy] = pts[0] ?? [0, 0];
  ctx.fillStyle = pal.card;
  ctx.fillRect(sx - 5, sy - 5, 10, 10);
  ctx.strokeRect(sx - 5, sy - 5, 10, 10);
  const [ex, ey] = pts[pts.length - 1] ?? [0, 0];
  ctx.beginPath();
  ctx.arc(ex, ey, 7, 0, FULL_CIRCLE);
  ctx.fillStyle = pal.star;
  ctx.fill();
  ctx.strokeStyle = pal.mapHalo;
  ctx.stroke();
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.fillStyle = pal.ink;
  ctx.fillText('new', ex + 10, ey + 4);
}

/** The picked movie (a thick ring) and its neighbours (rings). */
function paintFocus(ctx: CanvasRenderingContext2D, [x, y]: Point, neighbours: Point[], pal: Palette): void {
  ctx.strokeStyle = pal.mapNeighbour;
  ctx.lineWidth = 2;
  for (const [nx, ny] of neighbours) {
    ctx.beginPath();
    ctx.arc(nx, ny, 7, 0, FULL_CIRCLE);
    ctx.stroke();
  }
  ctx.beginPath();
  ctx.arc(x, y, 9, 0, FULL_CIRCLE);
  ctx.lineWidth = 3;
  ctx.stroke();
}

/** The meta-trained initialization: a square in the path's colour, labelled "init". */
function paintInit(ctx: CanvasRenderingContext2D, [x, y]: Point, pal: Palette): void {
  ctx.setLineDash([]);
  ctx.fillStyle = pal.card;
  ctx.strokeStyle = pal.mapPath;
  ctx.lineWidth = 2.5;
  ctx.beginPath();
  ctx.rect(x - 6, y - 6, 12, 12);
  ctx.fill();
  ctx.stroke();
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.fillStyle = pal.mapPath;
  ctx.fillText('init', x + 10, y + 16);
}

/** The highlighted movie: a ring in the star colour. */
function paintRing(ctx: CanvasRenderingContext2D, [x, y]: Point, pal: Palette): void {
  ctx.beginPath();
  ctx.arc(x, y, 11, 0, FULL_CIRCLE);
  ctx.strokeStyle = pal.star;
  ctx.lineWidth = 3;
  ctx.stroke();
}
