import { memo, useId, useState } from 'react';
import { stars } from '../format';

interface Props {
  /** The movie title: names the radiogroup for assistive tech and tests. */
  label: string;
  value: number | null;
  onRate: (rating: number) => void;
  size?: 'md' | 'sm';
}

const STEPS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];

/**
 * Half-star rating from 0.5 to 5: ten native radios (so arrow keys, touch and screen readers work
 * as they do for any radio group), each an invisible hit area over half a star. Memoized (pass a
 * stable `onRate`): React rewrites every radio's type and name whenever it re-renders one, and
 * the page holds dozens of these.
 */
export const StarRating = memo(function StarRating({ label, value, onRate, size = 'md' }: Props) {
  const name = useId();
  const [hover, setHover] = useState<number | null>(null);
  const shown = hover ?? value ?? 0;
  return (
    <div
      role="radiogroup"
      aria-label={label}
      className={`stars stars-${size}`}
      onMouseLeave={() => setHover(null)}
    >
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
                onChange={() => onRate(v)}
                onClick={() => value === v && onRate(v)}
                onMouseEnter={() => setHover(v)}
                onFocus={() => setHover(null)}
              />
            ))}
          </span>
        );
      })}
      <span className="stars-value" aria-hidden="true">
        {hover !== null ? hover.toFixed(1) : value !== null ? value.toFixed(1) : ''}
      </span>
    </div>
  );
});

const STAR = 'M12 17.27L18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z';
