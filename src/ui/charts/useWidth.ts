import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * The CSS pixel width of an element (at least `min`), read by a ResizeObserver: a chart drawn at
 * its real width keeps its text unscaled and measures the DOM only when the layout changes, never
 * per update. The width is also read once on mount, so the first frame is drawn at the real width.
 */
export function useWidth<T extends HTMLElement>(fallback: number, min = 120): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const measure = () => setWidth(Math.max(min, Math.round(el.clientWidth)));
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, [min]);
  return [ref, width];
}
