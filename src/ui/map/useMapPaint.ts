/**
 * When the taste map is painted (paint.ts says how): the catalog's thousands of points change only
 * with the catalog, the size and the view, so they are drawn once into an offscreen layer and an
 * adaptation (new path, new recommendations) redraws only the overlays. The canvas is painted in
 * the next animation frame, not in the commit that changed the data: an adaptation's updates
 * (steps, result, comparison) arriving within one frame draw once, outside their tasks. A theme
 * switch hands in a new palette, which repaints.
 */
import { useEffect, useMemo, type RefObject } from 'react';
import type { Palette } from '../theme';
import type { Size, ToScreen } from './geometry';
import { paintMap, pointsLayer, type MapScene } from './paint';

interface Options {
  /** The catalog's points (interleaved x, y) and titles (how many); null before it loads. */
  catalog: { xy: ArrayLike<number>; titles: readonly unknown[] } | null;
  /** Each catalog point's colour. */
  colors: readonly string[];
  size: Size;
  /** The view's zoom factor: the points grow a little as it zooms in. */
  zoom: number;
  project: ToScreen;
  overlays: Omit<MapScene, 'xy' | 'project'>;
  pal: Palette;
}

export function useMapPaint(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  { catalog, colors, size, zoom, project, overlays, pal }: Options,
): void {
  const { width, height } = size;
  const layer = useMemo(
    () =>
      catalog
        ? pointsLayer(catalog.xy, catalog.titles.length, colors, { width, height }, zoom, project)
        : null,
    [catalog, colors, width, height, zoom, project],
  );
  const { recs, rated, compareTrails, path, arrival, focus, ringed, init } = overlays;
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const canvas = canvasRef.current;
      if (!canvas || !catalog) return;
      const scene = {
        xy: catalog.xy,
        project,
        recs,
        rated,
        compareTrails,
        path,
        arrival,
        focus,
        ringed,
        init,
      };
      paintMap(canvas, layer, { width, height }, scene, pal);
    });
    return () => cancelAnimationFrame(frame);
  }, [
    canvasRef,
    catalog,
    layer,
    width,
    height,
    project,
    recs,
    rated,
    compareTrails,
    path,
    arrival,
    focus,
    ringed,
    init,
    pal,
  ]);
}
