/**
 * The taste map's view: zoom and pan over a frame. The frame fits the catalog, the visitor's path
 * and the recommendations again after every result until the visitor zooms or pans; from then it
 * stays where they left it, and "Fit view" brings the fitting back.
 */
import { useCallback, useState } from 'react';
import { FIT_VIEW, toScreen, zoomAbout, type Bounds, type ToScreen, type View } from './geometry';

export interface MapView {
  view: View;
  /** Whether the frame follows the results (data-fit="auto") or stays where the visitor left it. */
  fitted: boolean;
  /** World -> screen under the current frame and view. */
  project: ToScreen;
  /** Zoom by `factor` about the screen point (cx, cy), the map's centre by default. */
  zoom: (factor: number, cx?: number, cy?: number) => void;
  /** Pan by (dx, dy) CSS pixels. */
  pan: (dx: number, dy: number) => void;
  /** A drag: the pan at the drag's start moved by (dx, dy). */
  panFrom: (start: { x: number; y: number }, dx: number, dy: number) => void;
  /** Back to the fitted frame, unzoomed. */
  fit: () => void;
}

export function useMapView(fitBounds: Bounds, width: number, height: number): MapView {
  const [view, setView] = useState<View>(FIT_VIEW);
  const [fitted, setFitted] = useState(true);
  // Zoomed or panned by hand: the frame stays where the visitor left it.
  const [frozen, setFrozen] = useState(fitBounds);
  const bounds = fitted ? fitBounds : frozen;
  const unfit = () => {
    if (fitted) setFrozen(fitBounds);
    setFitted(false);
  };
  const project = useCallback(
    (x: number, y: number) => toScreen(bounds, view, { width, height }, x, y),
    [bounds, width, height, view],
  );
  return {
    view,
    fitted,
    project,
    zoom: (factor, cx = width / 2, cy = height / 2) => {
      unfit();
      setView((v) => zoomAbout(v, factor, cx, cy, { width, height }));
    },
    pan: (dx, dy) => {
      unfit();
      setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
    },
    panFrom: (start, dx, dy) => {
      unfit();
      setView((v) => ({ ...v, x: start.x + dx, y: start.y + dy }));
    },
    fit: () => {
      setView(FIT_VIEW);
      setFitted(true);
    },
  };
}
