import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isHidden, movieAt } from '../../state/selectors';
import { useAppStore } from '../../state/store';
import { colorOf } from '../teach/methods';
import { genreColor, primaryGenre } from '../genres';
import { ExportButton } from '../export/ExportButton';
import { Explain } from '../glossary/Explain';
import { usePalette } from '../theme';

interface View {
  /** Zoom factor (1 = fit). */
  k: number;
  /** Pan in CSS pixels. */
  x: number;
  y: number;
}

const HEIGHT = 360;
const LEGEND_GENRES = ['Action', 'Comedy', 'Drama', 'Sci-Fi', 'Horror', 'Romance', 'Children', 'Documentary'];

/** Rating colour: red (0.5) through amber to green (5). */
/** Above this many rated movies their discs are drawn smaller (an imported history covers the map). */
const MANY_RATED = 200;
const ratingColor = (r: number) => `hsl(${Math.round(((r - 0.5) / 4.5) * 125)}, 72%, 44%)`;

/**
 * The catalog's 2-D map on a canvas (thousands of points stay smooth), with the visitor's rated
 * movies, recommendations, and their path from the meta-initialization through each inner step.
 * Hover or keyboard focus shows a title; wheel, buttons and keys zoom; drag and arrow keys pan.
 * Click or Enter picks a movie: its nearest neighbours in the model's item space (from the worker)
 * are listed beside the map and ringed on it. The wheel zooms only with Ctrl/Cmd or while the map
 * has focus, so the page still scrolls past it; two fingers pinch to zoom.
 */
export function EmbeddingMap() {
  const catalog = useAppStore((s) => s.catalog);
  const startXY = useAppStore((s) => s.model?.startXY ?? null);
  const rated = useAppStore((s) => s.rated);
  const movieIndex = useAppStore((s) => s.movieIndex);
  const recs = useAppStore((s) => s.adapt.recommendations);
  const trail = useAppStore((s) => s.adapt.liveTrail);
  const highlight = useAppStore((s) => s.highlight);
  const pal = usePalette();
  const mapFocus = useAppStore((s) => s.mapFocus);
  const focusOnMap = useAppStore((s) => s.focusOnMap);
  const setHighlight = useAppStore((s) => s.setHighlight);
  // The compare view's methods, drawn faintly behind the visitor's own path up to its playhead.
  const compareResult = useAppStore((s) => (isHidden(s, 'compare') ? null : s.teach.result));
  const compareMethods = useAppStore((s) => s.teach.methods);
  const playhead = useAppStore((s) => s.teach.playhead);
  const compareTrails = useMemo(
    () =>
      (compareResult?.traces ?? [])
        .filter((t) => compareMethods.includes(t.method))
        .map((t) => {
          const n = t.trajectory.length / 2;
          const upto = t.kind === 'closed-form' ? n - 1 : Math.min(playhead, n - 1);
          return {
            method: t.method,
            pts: Array.from({ length: upto + 1 }, (_, i) => [
              t.trajectory[2 * i] ?? 0,
              t.trajectory[2 * i + 1] ?? 0,
            ]),
          };
        }),
    [compareResult, compareMethods, playhead],
  );
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  const [view, setView] = useState<View>({ k: 1, x: 0, y: 0 });
  const [hover, setHover] = useState<number | null>(null);
  const [focusIdx, setFocusIdx] = useState(-1);
  const drag = useRef<{ x: number; y: number; vx: number; vy: number; moved: boolean } | null>(null);
  /** Pointers down on the canvas (two: a pinch) and the distance between two at the last move. */
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<number | null>(null);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(200, el.clientWidth)));
    ro.observe(el);
    setWidth(Math.max(200, el.clientWidth));
    return () => ro.disconnect();
  }, []);

  // Data bounds from the 1st to 99th percentile, so a few outliers do not squash the map.
  const catalogBounds = useMemo(() => {
    if (!catalog) return { x0: -1, x1: 1, y0: -1, y1: 1 };
    const n = catalog.titles.length;
    const xs = Array.from({ length: n }, (_, i) => catalog.xy[2 * i] ?? 0).sort((a, b) => a - b);
    const ys = Array.from({ length: n }, (_, i) => catalog.xy[2 * i + 1] ?? 0).sort((a, b) => a - b);
    const q = (a: number[], p: number) =>
      a[Math.min(a.length - 1, Math.max(0, Math.round(p * (a.length - 1))))] ?? 0;
    const pad = (lo: number, hi: number) => {
      const m = (hi - lo) * 0.08 || 1;
      return [lo - m, hi + m] as const;
    };
    const [x0, x1] = pad(q(xs, 0.01), q(xs, 0.99));
    const [y0, y1] = pad(q(ys, 0.01), q(ys, 0.99));
    return { x0, x1, y0, y1 };
  }, [catalog]);

  const colors = useMemo(() => catalog?.genres.map((g) => genreColor(primaryGenre(g))) ?? [], [catalog]);

  const path = useMemo(() => {
    if (!startXY) return [];
    const pts: [number, number][] = [startXY];
    for (let i = 0; i + 1 < trail.length; i += 2) pts.push([trail[i] ?? 0, trail[i + 1] ?? 0]);
    return pts;
  }, [startXY, trail]);
  // The view fits the catalog, the visitor's path (start to now) and the recommended movies, again
  // after every result, until the visitor zooms or pans; "Fit view" brings that back.
  const [fitted, setFitted] = useState(true);
  const fitted4 = useMemo(() => {
    if (!catalog) return catalogBounds;
    const pts = [
      ...path,
      ...recs.map((r): [number, number] => [catalog.xy[2 * r.index] ?? 0, catalog.xy[2 * r.index + 1] ?? 0]),
    ];
    return withPoints(catalogBounds, pts);
  }, [catalog, catalogBounds, path, recs]);
  // The same frame is the same object: redrawing the catalog's thousands of points (pointsLayer)
  // only when the frame really moved, not after every adaptation.
  const { x0, x1, y0, y1 } = fitted4;
  const fitBounds = useMemo(() => ({ x0, x1, y0, y1 }), [x0, x1, y0, y1]);
  // Zoomed or panned by hand: the frame stays where the visitor left it.
  const [frozen, setFrozen] = useState(fitBounds);
  const bounds = fitted ? fitBounds : frozen;
  const unfit = () => {
    if (fitted) setFrozen(fitBounds);
    setFitted(false);
  };

  const toScreen = useCallback(
    (x: number, y: number): [number, number] => {
      const sx = ((x - bounds.x0) / (bounds.x1 - bounds.x0)) * width;
      const sy = HEIGHT - ((y - bounds.y0) / (bounds.y1 - bounds.y0)) * HEIGHT;
      return [
        (sx - width / 2) * view.k + width / 2 + view.x,
        (sy - HEIGHT / 2) * view.k + HEIGHT / 2 + view.y,
      ];
    },
    [bounds, width, view],
  );

  const ratedIdx = useMemo(
    () =>
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

  // The catalog's thousands of points change only with the catalog, size and view: drawn once into
  // an offscreen layer, so an adaptation (new path, new recommendations) only redraws the overlays.
  const pointsLayer = useMemo(() => {
    if (!catalog || typeof document === 'undefined') return null;
    const dpr = window.devicePixelRatio || 1;
    const layer = document.createElement('canvas');
    layer.width = Math.round(width * dpr);
    layer.height = Math.round(HEIGHT * dpr);
    const ctx = layer.getContext('2d');
    if (!ctx) return null;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const n = catalog.titles.length;
    const r = Math.min(3, Math.max(1.4, 2.2 * Math.sqrt(view.k) * (n > 3000 ? 0.75 : 1.2)));
    ctx.globalAlpha = n > 3000 ? 0.5 : 0.65;
    let fill = '';
    for (let i = 0; i < n; i++) {
      const [x, y] = toScreen(catalog.xy[2 * i] ?? 0, catalog.xy[2 * i + 1] ?? 0);
      if (x < -5 || y < -5 || x > width + 5 || y > HEIGHT + 5) continue;
      const color = colors[i] ?? '#999';
      if (color !== fill) ctx.fillStyle = fill = color;
      ctx.fillRect(x - r / 2, y - r / 2, r, r);
    }
    return layer;
  }, [catalog, colors, width, view.k, toScreen]);

  // Drawn in the next animation frame, not in the commit that changed the data: an adaptation's
  // updates (steps, result, comparison) arriving within one frame draw once, outside their tasks.
  useEffect(() => {
    const frame = requestAnimationFrame(() => draw());
    return () => cancelAnimationFrame(frame);
    function draw() {
      const canvas = canvasRef.current;
      if (!canvas || !catalog) return;
      const dpr = window.devicePixelRatio || 1;
      // Resizing reallocates the backing store: only when the size changed (clearRect otherwise).
      const w = Math.round(width * dpr);
      const h = Math.round(HEIGHT * dpr);
      if (canvas.width !== w) canvas.width = w;
      if (canvas.height !== h) canvas.height = h;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.globalAlpha = 1;
      ctx.setLineDash([]);
      ctx.clearRect(0, 0, width, HEIGHT);
      if (pointsLayer) ctx.drawImage(pointsLayer, 0, 0, width, HEIGHT);
      // Recommendations: hollow diamonds in the accent colour.
      ctx.lineWidth = 2;
      for (const rec of recs) {
        const [x, y] = toScreen(catalog.xy[2 * rec.index] ?? 0, catalog.xy[2 * rec.index + 1] ?? 0);
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
      // Rated movies: discs coloured by rating, one path per half-star level (an import of
      // thousands would otherwise be thousands of fills and strokes on every redraw), smaller
      // when there are many.
      const small = ratedIdx.length > MANY_RATED;
      for (let half = 1; half <= 10; half++) {
        const rating = half / 2;
        const r = small ? 2 + rating * 0.4 : 4 + rating * 0.9;
        ctx.beginPath();
        let any = false;
        for (const m of ratedIdx) {
          if (m.rating !== rating) continue;
          const [x, y] = toScreen(catalog.xy[2 * m.index] ?? 0, catalog.xy[2 * m.index + 1] ?? 0);
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, Math.PI * 2);
          any = true;
        }
        if (!any) continue;
        ctx.fillStyle = ratingColor(rating);
        ctx.strokeStyle = pal.mapHalo;
        ctx.lineWidth = small ? 1 : 2;
        ctx.fill();
        ctx.stroke();
      }
      for (const trail of compareTrails) {
        const pts = trail.pts.map(([x, y]) => toScreen(x ?? 0, y ?? 0));
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
        ctx.arc(ex, ey, 3.5, 0, Math.PI * 2);
        ctx.fillStyle = colorOf(trail.method);
        ctx.fill();
        ctx.globalAlpha = 1;
      }
      // The visitor's path: start (hollow) through each inner step to now (filled).
      if (path.length > 0) {
        const pts = path.map(([x, y]) => toScreen(x, y));
        ctx.strokeStyle = pal.mapPath;
        ctx.lineWidth = 2;
        ctx.setLineDash([]);
        ctx.beginPath();
        pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
        ctx.stroke();
        pts.slice(1, -1).forEach(([x, y]) => {
          ctx.beginPath();
          ctx.arc(x, y, 2.5, 0, Math.PI * 2);
          ctx.fillStyle = pal.mapPath;
          ctx.fill();
        });
        const [sx, sy] = pts[0] ?? [0, 0];
        ctx.beginPath();
        ctx.arc(sx, sy, 6, 0, Math.PI * 2);
        ctx.fillStyle = pal.card;
        ctx.fill();
        ctx.strokeStyle = pal.mapPath;
        ctx.lineWidth = 2;
        ctx.stroke();
        if (pts.length > 1) {
          const [ex, ey] = pts[pts.length - 1] ?? [0, 0];
          ctx.beginPath();
          ctx.arc(ex, ey, 8, 0, Math.PI * 2);
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
      // The picked movie (filled ring) and its neighbours (rings).
      if (mapFocus) {
        ctx.strokeStyle = '#0d9488';
        ctx.lineWidth = 2;
        for (const i of mapFocus.neighbours ?? []) {
          const [x, y] = toScreen(catalog.xy[2 * i] ?? 0, catalog.xy[2 * i + 1] ?? 0);
          ctx.beginPath();
          ctx.arc(x, y, 7, 0, Math.PI * 2);
          ctx.stroke();
        }
        const [x, y] = toScreen(catalog.xy[2 * mapFocus.index] ?? 0, catalog.xy[2 * mapFocus.index + 1] ?? 0);
        ctx.beginPath();
        ctx.arc(x, y, 9, 0, Math.PI * 2);
        ctx.lineWidth = 3;
        ctx.stroke();
      }
      // Highlight (hover here or in a list, or keyboard focus).
      const hi = hover ?? (focusIdx >= 0 ? (marked[focusIdx] ?? null) : highlight);
      if (hi !== null) {
        const [x, y] = toScreen(catalog.xy[2 * hi] ?? 0, catalog.xy[2 * hi + 1] ?? 0);
        ctx.beginPath();
        ctx.arc(x, y, 11, 0, Math.PI * 2);
        ctx.strokeStyle = pal.star;
        ctx.lineWidth = 3;
        ctx.stroke();
      }
    }
  }, [
    catalog,
    pointsLayer,
    width,
    toScreen,
    recs,
    ratedIdx,
    path,
    hover,
    focusIdx,
    marked,
    highlight,
    compareTrails,
    pal,
    mapFocus,
  ]);

  const nearest = (px: number, py: number): number | null => {
    if (!catalog) return null;
    let best = -1;
    let bestD = 12 * 12;
    const n = catalog.titles.length;
    for (let i = 0; i < n; i++) {
      const [x, y] = toScreen(catalog.xy[2 * i] ?? 0, catalog.xy[2 * i + 1] ?? 0);
      const d = (x - px) ** 2 + (y - py) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best >= 0 ? best : null;
  };

  const fit = () => {
    setView({ k: 1, x: 0, y: 0 });
    setFitted(true);
  };
  const zoom = (factor: number, cx = width / 2, cy = HEIGHT / 2) => {
    unfit();
    setView((v) => {
      const k = Math.min(40, Math.max(0.6, v.k * factor));
      const f = k / v.k;
      return {
        k,
        x: cx - (cx - width / 2 - v.x) * f - width / 2,
        y: cy - (cy - HEIGHT / 2 - v.y) * f - HEIGHT / 2,
      };
    });
  };
  const pan = (dx: number, dy: number) => {
    unfit();
    setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
  };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      // Without a modifier, outside a focused map, the wheel scrolls the page as everywhere else.
      if (!e.ctrlKey && !e.metaKey && document.activeElement !== canvas) return;
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.clientX - rect.left, e.clientY - rect.top);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  });

  const onKey = (e: React.KeyboardEvent) => {
    const step = 40;
    const keys: Record<string, () => void> = {
      ArrowLeft: () => pan(step, 0),
      ArrowRight: () => pan(-step, 0),
      ArrowUp: () => pan(0, step),
      ArrowDown: () => pan(0, -step),
      '+': () => zoom(1.3),
      '=': () => zoom(1.3),
      '-': () => zoom(1 / 1.3),
      '0': fit,
      ']': () => setFocusIdx((i) => (marked.length ? (i + 1) % marked.length : -1)),
      '[': () => setFocusIdx((i) => (marked.length ? (i - 1 + marked.length) % marked.length : -1)),
      Escape: () => {
        setFocusIdx(-1);
        focusOnMap(null);
      },
      Enter: () => {
        const at = focusIdx >= 0 ? (marked[focusIdx] ?? null) : hover;
        if (at !== null) focusOnMap(at);
      },
    };
    const fn = keys[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };

  const lastPoint = path[path.length - 1];
  const youXY = lastPoint ? toScreen(lastPoint[0], lastPoint[1]) : null;
  const shown = hover ?? (focusIdx >= 0 ? (marked[focusIdx] ?? null) : null);
  const shownMovie = shown !== null ? movieAt({ catalog }, shown) : null;
  const [tipX, tipY] =
    shown !== null && catalog ? toScreen(catalog.xy[2 * shown] ?? 0, catalog.xy[2 * shown + 1] ?? 0) : [0, 0];
  const shownRating = shownMovie ? rated.find((r) => r.movieId === shownMovie.movieId)?.rating : undefined;
  const shownRec = shown !== null ? recs.findIndex((r) => r.index === shown) : -1;
  // What is ringed on the map, by movie id, for the page's tests and assistive text.
  const hiIndex = hover ?? (focusIdx >= 0 ? (marked[focusIdx] ?? null) : highlight);
  const highlighted = hiIndex !== null ? movieAt({ catalog }, hiIndex) : null;
  const picked = mapFocus ? movieAt({ catalog }, mapFocus.index) : null;
  const neighbourMovies = (mapFocus?.neighbours ?? []).flatMap((i) => {
    const m = movieAt({ catalog }, i);
    return m ? [{ ...m, index: i }] : [];
  });

  return (
    <section className="card map-card" aria-labelledby="map-heading">
      <header className="card-head">
        <div>
          <h2 id="map-heading">Taste map</h2>
          <p className="card-sub">
            Every movie, placed by what the model learned; your point moves as it learns from you.
          </p>
          <p className="card-sub map-read" data-testid="map-how-to-read">
            How to read it: your list follows the direction your point moves and each movie’s own appeal, not
            closeness on this map, so a recommended movie can sit far from you.
          </p>
        </div>
        <div className="map-tools" role="group" aria-label="Map zoom">
          <button type="button" className="icon-btn" aria-label="Zoom in" onClick={() => zoom(1.4)}>
            +
          </button>
          <button type="button" className="icon-btn" aria-label="Zoom out" onClick={() => zoom(1 / 1.4)}>
            −
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={fit} aria-pressed={fitted}>
            Fit view
          </button>
          <ExportButton
            figure="taste-map"
            what="the taste map with your path"
            format="png"
            spec={() => mapExportSpec(useAppStore.getState())}
          />
        </div>
      </header>
      <div
        className="map-wrap"
        ref={wrapRef}
        data-testid="embedding-map"
        data-points={catalog?.titles.length ?? 0}
        data-trajectory-points={path.length}
        data-compare-trails={compareTrails.length}
        data-rated={ratedIdx.length}
        data-recommended={recs.length}
        data-zoom={view.k.toFixed(2)}
        data-fit={fitted ? 'auto' : 'manual'}
        data-width={width}
        data-height={HEIGHT}
        data-you-x={youXY ? youXY[0].toFixed(1) : ''}
        data-you-y={youXY ? youXY[1].toFixed(1) : ''}
        data-highlight={highlighted?.movieId ?? ''}
        data-selected={picked?.movieId ?? ''}
        data-neighbours={neighbourMovies.map((m) => m.movieId).join(',')}
      >
        <canvas
          ref={canvasRef}
          style={{ width: '100%', height: HEIGHT }}
          tabIndex={0}
          role="img"
          aria-label={`Map of ${catalog?.titles.length ?? 0} movies with your ${ratedIdx.length} rated movies, ${recs.length} recommendations and your path over ${Math.max(0, path.length - 1)} learning steps. Arrow keys pan, plus and minus zoom, brackets step through your movies, Enter lists the movie's nearest neighbours.`}
          onKeyDown={onKey}
          onBlur={() => setFocusIdx(-1)}
          onPointerDown={(e) => {
            try {
              (e.target as HTMLElement).setPointerCapture(e.pointerId);
            } catch {
              // A pointer the browser no longer tracks (lifted already): nothing to capture.
            }
            pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
            // A second finger: a pinch, not a drag or a click.
            if (pointers.current.size > 1) drag.current = null;
            else drag.current = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
          }}
          onPointerMove={(e) => {
            const rect = e.currentTarget.getBoundingClientRect();
            if (pointers.current.has(e.pointerId))
              pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
            if (pointers.current.size === 2) {
              const [a, b] = [...pointers.current.values()];
              if (!a || !b) return;
              const dist = Math.hypot(a.x - b.x, a.y - b.y);
              if (pinch.current !== null && pinch.current > 0 && dist > 0)
                zoom(dist / pinch.current, (a.x + b.x) / 2 - rect.left, (a.y + b.y) / 2 - rect.top);
              pinch.current = dist;
              return;
            }
            const d = drag.current;
            if (d) {
              const dx = e.clientX - d.x;
              const dy = e.clientY - d.y;
              if (Math.abs(dx) + Math.abs(dy) > 3) d.moved = true;
              if (d.moved) {
                unfit();
                setView((v) => ({ ...v, x: d.vx + dx, y: d.vy + dy }));
                return;
              }
            }
            setHover(nearest(e.clientX - rect.left, e.clientY - rect.top));
          }}
          onPointerUp={(e) => {
            const d = drag.current;
            const wasPinch = pointers.current.size > 1 || pinch.current !== null;
            pointers.current.delete(e.pointerId);
            if (pointers.current.size < 2) pinch.current = null;
            drag.current = null;
            if (d && !d.moved && !wasPinch) {
              const rect = e.currentTarget.getBoundingClientRect();
              focusOnMap(nearest(e.clientX - rect.left, e.clientY - rect.top));
            }
          }}
          onPointerCancel={(e) => {
            pointers.current.delete(e.pointerId);
            pinch.current = null;
            drag.current = null;
          }}
          onPointerLeave={() => setHover(null)}
        />
        {shownMovie && (
          <div
            className="map-tip"
            style={{ left: Math.min(width - 200, Math.max(0, tipX + 12)), top: Math.max(0, tipY - 52) }}
            role="status"
          >
            <strong>{shownMovie.title}</strong>
            <span>
              {shownMovie.year ?? ''} {shownMovie.genres.slice(0, 2).join(', ')}
            </span>
            {shownRating !== undefined && <span>You rated {shownRating}★</span>}
            {shownRec >= 0 && <span>Recommendation #{shownRec + 1}</span>}
          </div>
        )}
      </div>
      {picked && (
        <div className="map-neighbours" data-testid="map-neighbours" data-movie-id={picked.movieId}>
          <h3>
            Nearest to {picked.title} <span className="card-sub">in the model’s space</span>
          </h3>
          {mapFocus?.neighbours === null ? (
            <p className="card-sub">Finding its neighbours…</p>
          ) : (
            <ol>
              {neighbourMovies.map((m) => (
                <li key={m.index} data-movie-id={m.movieId}>
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    onClick={() => focusOnMap(m.index)}
                    onMouseEnter={() => setHighlight(m.index)}
                    onMouseLeave={() => setHighlight(null)}
                    onFocus={() => setHighlight(m.index)}
                    onBlur={() => setHighlight(null)}
                  >
                    {m.title}
                  </button>
                </li>
              ))}
            </ol>
          )}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => focusOnMap(null)}>
            Clear
          </button>
        </div>
      )}
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="lg lg-you" /> you (after each step)
        </li>
        <li>
          <span className="lg lg-start" /> start (meta-learned)
          <Explain term="metaInit" />
        </li>
        <li>
          <span className="lg lg-rated" /> rated (red 0.5 → green 5)
        </li>
        <li>
          <span className="lg lg-rec" /> recommended
        </li>
        {compareTrails.length > 0 && <li>dashed: compared methods (colours as in Compare)</li>}
        {LEGEND_GENRES.map((g) => (
          <li key={g}>
            <span className="lg" style={{ background: genreColor(g) }} /> {g}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Bounds grown (never shrunk, in steps of a tenth) to hold every point, with a margin. */
function withPoints(
  b: { x0: number; x1: number; y0: number; y1: number },
  pts: readonly (readonly [number, number])[],
): { x0: number; x1: number; y0: number; y1: number } {
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

/** The map's file: named after the method and the ratings it shows. */
function mapExportSpec(s: ReturnType<typeof useAppStore.getState>) {
  const method = s.model?.methods.find((m) => m.name === s.model?.appMethod);
  const k = s.rated.length;
  return {
    name: { figure: 'taste-map', method: method?.name ?? null, k },
    title: 'Taste map: every movie, and your path from the meta-learned start',
    subtitle: `${method?.label ?? 'The app’s method'} on ${k} rating${k === 1 ? '' : 's'}; a PCA of the movie vectors`,
  };
}
