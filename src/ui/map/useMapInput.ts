/**
 * How the visitor handles the taste map: hover names a movie; click or Enter picks one (its
 * neighbours are listed); a drag or the arrow keys pan; buttons, keys, a pinch and the wheel zoom.
 * The wheel zooms only with Ctrl/Cmd or while the map has focus, so the page still scrolls past
 * it. Brackets step keyboard focus through the marked movies (recommendations, then rated).
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { nearestPoint, pinchStep } from './geometry';
import type { MapView } from './useMapView';

/** A press moves this far (CSS pixels, |dx| + |dy|) before it is a drag rather than a click. */
const DRAG_SLOP = 3;
/** Arrow keys pan by this much (CSS pixels). */
const KEY_PAN = 40;

interface Options {
  canvasRef: RefObject<HTMLCanvasElement | null>;
  map: MapView;
  /** The catalog's points (interleaved x, y) and how many there are; null before it loads. */
  xy: ArrayLike<number> | null;
  count: number;
  /** Catalog indices keyboard focus steps through. */
  marked: number[];
  /** Pick a movie (its neighbours are listed), or null to clear. */
  pick: (index: number | null) => void;
  /** The movie ringed from elsewhere (hover or focus in a list), when the map names none. */
  highlight: number | null;
}

export function useMapInput({ canvasRef, map, xy, count, marked, pick, highlight }: Options) {
  const [hover, setHover] = useState<number | null>(null);
  const [focusIdx, setFocusIdx] = useState(-1);
  const drag = useRef<{ x: number; y: number; vx: number; vy: number; moved: boolean } | null>(null);
  /** Pointers down on the canvas (two: a pinch) and the distance between two at the last move. */
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<number | null>(null);
  const { zoom, pan, fit } = map;

  const nearest = (px: number, py: number): number | null =>
    xy ? nearestPoint(xy, count, map.project, px, py) : null;

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

  const onKeyDown = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowLeft: () => pan(KEY_PAN, 0),
      ArrowRight: () => pan(-KEY_PAN, 0),
      ArrowUp: () => pan(0, KEY_PAN),
      ArrowDown: () => pan(0, -KEY_PAN),
      '+': () => zoom(1.3),
      '=': () => zoom(1.3),
      '-': () => zoom(1 / 1.3),
      '0': fit,
      ']': () => setFocusIdx((i) => (marked.length ? (i + 1) % marked.length : -1)),
      '[': () => setFocusIdx((i) => (marked.length ? (i - 1 + marked.length) % marked.length : -1)),
      Escape: () => {
        setFocusIdx(-1);
        pick(null);
      },
      Enter: () => {
        const at = focusIdx >= 0 ? (marked[focusIdx] ?? null) : hover;
        if (at !== null) pick(at);
      },
    };
    const fn = keys[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    try {
      (e.target as HTMLElement).setPointerCapture(e.pointerId);
    } catch {
      // A pointer the browser no longer tracks (lifted already): nothing to capture.
    }
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    // A second finger: a pinch, not a drag or a click.
    if (pointers.current.size > 1) drag.current = null;
    else drag.current = { x: e.clientX, y: e.clientY, vx: map.view.x, vy: map.view.y, moved: false };
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    if (pointers.current.has(e.pointerId)) pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      if (!a || !b) return;
      const step = pinchStep(pinch.current, a, b);
      if (step.zoom) zoom(step.zoom.factor, step.zoom.cx - rect.left, step.zoom.cy - rect.top);
      pinch.current = step.dist;
      return;
    }
    const d = drag.current;
    if (d) {
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (Math.abs(dx) + Math.abs(dy) > DRAG_SLOP) d.moved = true;
      if (d.moved) {
        map.panFrom({ x: d.vx, y: d.vy }, dx, dy);
        return;
      }
    }
    setHover(nearest(e.clientX - rect.left, e.clientY - rect.top));
  };

  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    const wasPinch = pointers.current.size > 1 || pinch.current !== null;
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) pinch.current = null;
    drag.current = null;
    if (d && !d.moved && !wasPinch) {
      const rect = e.currentTarget.getBoundingClientRect();
      pick(nearest(e.clientX - rect.left, e.clientY - rect.top));
    }
  };

  const onPointerCancel = (e: PointerEvent<HTMLCanvasElement>) => {
    pointers.current.delete(e.pointerId);
    pinch.current = null;
    drag.current = null;
  };

  const keyed = focusIdx >= 0 ? (marked[focusIdx] ?? null) : undefined;
  return {
    /** The movie under the pointer, else the keyboard's: the one the tooltip names. */
    shown: hover ?? keyed ?? null,
    /** What the map rings: the tooltip's movie, else (no keyboard focus) the one ringed elsewhere. */
    ringed: hover ?? (keyed === undefined ? highlight : keyed),
    handlers: {
      onKeyDown,
      onBlur: () => setFocusIdx(-1),
      onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel,
      onPointerLeave: () => setHover(null),
    },
  };
}
