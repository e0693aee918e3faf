import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * The CSS pixel width of an element, read by a ResizeObserver: a chart drawn at its real width
 * keeps its text unscaled and measures the DOM only when the layout changes, never per update.
 */
export function useWidth<T extends HTMLElement>(fallback: number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(Math.max(120, Math.round(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}
