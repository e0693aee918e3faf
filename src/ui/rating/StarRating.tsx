import { memo, useId, useRef, useState } from 'react';
import { stars } from '../format';
import { focusNextRating } from './ratingFocus';
import { ratingKey, valueAtX } from './ratingKeys';

interface Props {
  /** The movie title: names the radiogroup for assistive tech and tests. */
  label: string;
  value: number | null;
  onRate: (rating: number) => void;
  size?: 'md' | 'sm';
}

const STEPS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];

/**
 * Half-star rating from 0.5 to 5: ten native radios (screen readers and tests find "4 stars" as
 * they would in any radio group), each an invisible hit area over half a star.
 *
 * - Mouse: a click saves the half star under the pointer.
 * - Keyboard (ratingKeys.ts): arrows move the choice by half a star without saving, Home/End go to
 *   the ends, digits jump to whole stars, Enter or Space saves, and focus then moves on to the next
 *   movie's rating (the browser's own radio arrows would save at the first key press).
 * - Touch and pen: whole stars are the targets (44 px where the layout allows, styles/stars.css); a
 *   second tap on the same star takes half a star off, and a drag across the stars picks any half
 *   star, saved when the finger lifts.
 *
 * Memoized (pass a stable `onRate`): React rewrites every radio's type and name whenever it
 * re-renders one, and the page holds dozens of these.
 */
export const StarRating = memo(function StarRating({ label, value, onRate, size = 'md' }: Props) {
  const name = useId();
  const [hover, setHover] = useState<number | null>(null);
  const [pending, setPending] = useState<number | null>(null);
  const groupRef = useRef<HTMLDivElement>(null);
  const trackRef = useRef<HTMLSpanElement>(null);
  /** The kind of pointer that pressed last ('mouse', 'touch', 'pen'); '' for the keyboard. */
  const pointer = useRef('');
  const drag = useRef<{ x: number; moved: boolean } | null>(null);
  /** A drag saved on lift: the click the browser sends after it is not a second rating. */
  const dragged = useRef(false);
  const shown = hover ?? pending ?? value ?? 0;

  const save = (v: number, fromKeyboard: boolean) => {
    setPending(null);
    setHover(null);
    // Measured before the rating re-renders the page (the card may go), applied after.
    if (fromKeyboard && groupRef.current) focusNextRating(groupRef.current);
    onRate(v);
  };
  const focusRadio = (v: number) =>
    groupRef.current?.querySelector<HTMLInputElement>(`input[value="${v}"]`)?.focus();
  const valueAt = (clientX: number) => {
    const rect = trackRef.current?.getBoundingClientRect();
    return valueAtX(clientX - (rect?.left ?? 0), rect?.width ?? 0);
  };

  return (
    <div
      role="radiogroup"
      aria-label={label}
      aria-description="Arrow keys or 1 to 5 choose, Enter saves"
      className={`stars stars-${size}${pending !== null ? ' is-choosing' : ''}`}
      data-rating-control=""
      data-pending={pending ?? ''}
      ref={groupRef}
      onKeyDown={(e) => {
        const action = ratingKey(e.key, pending, value);
        if (!action) return;
        e.preventDefault();
        pointer.current = '';
        if (action.kind === 'move') {
          setPending(action.value);
          focusRadio(action.value);
        } else if (action.kind === 'save') save(action.value, true);
        else if (action.kind === 'clear') setPending(null);
      }}
      // Space clicks a focused radio on key-up: the key-down already saved.
      onKeyUp={(e) => e.key === ' ' && e.preventDefault()}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setPending(null);
      }}
      onPointerDown={(e) => {
        pointer.current = e.pointerType;
        dragged.current = false;
        if (e.pointerType !== 'mouse') drag.current = { x: e.clientX, moved: false };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d) return;
        if (!d.moved && Math.abs(e.clientX - d.x) > 8) d.moved = true;
        if (d.moved) setHover(valueAt(e.clientX));
      }}
      onPointerUp={(e) => {
        const d = drag.current;
        drag.current = null;
        if (d?.moved) {
          dragged.current = true;
          save(valueAt(e.clientX), false);
        }
      }}
      onPointerCancel={() => {
        drag.current = null;
        setHover(null);
      }}
      onMouseLeave={() => setHover(null)}
    >
      <span className="stars-track" ref={trackRef}>
        {[1, 2, 3, 4, 5].map((star) => {
          const fill = shown >= star ? 'full' : shown >= star - 0.5 ? 'half' : 'empty';
          return (
            <span className="star" key={star}>
              <svg viewBox="0 0 24 24" aria-hidden="true" className={`star-svg is-${fill}`}>
                <defs>
                  <clipPath id={`${name}-l${star}`}>
                    <rect x="0" y="0" width="12" height="24" />
                  </clipPath>
                </defs>
                <path className="star-bg" d={STAR} />
                {fill !== 'empty' && (
                  <path
                    className="star-fg"
                    d={STAR}
                    clipPath={fill === 'half' ? `url(#${name}-l${star})` : undefined}
                  />
                )}
              </svg>
              {STEPS.filter((v) => v === star - 0.5 || v === star).map((v) => (
                <input
                  key={v}
                  type="radio"
                  name={name}
                  value={v}
                  className={`star-hit ${v === star ? 'right' : 'left'}`}
                  aria-label={stars(v)}
                  checked={value === v}
                  onChange={() => {
                    if (dragged.current) return;
                    save(v, false);
                  }}
                  onClick={() => {
                    if (dragged.current || value !== v) return;
                    // The saved star tapped again: half a star less on touch, the same again by mouse.
                    save(
                      pointer.current === 'touch' || pointer.current === 'pen' ? Math.max(0.5, v - 0.5) : v,
                      false,
                    );
                  }}
                  onPointerEnter={(e) => e.pointerType === 'mouse' && setHover(v)}
                />
              ))}
            </span>
          );
        })}
      </span>
      <span className="stars-value" aria-hidden="true">
        {hover !== null
          ? hover.toFixed(1)
          : pending !== null
            ? `${pending.toFixed(1)} · Enter saves`
            : value !== null
              ? value.toFixed(1)
              : ''}
      </span>
    </div>
  );
});

const STAR = 'M12 17.27L18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z';
