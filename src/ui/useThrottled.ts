/**
 * A value that follows `value` at most once every `ms` (the latest one always arrives): the
 * training's statuses come up to 10 a second, and redrawing the curves or the map that often would fill the
 * main thread with long tasks while the worker trains.
 */
import { useEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + ms - Date.now());
    const timer = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
