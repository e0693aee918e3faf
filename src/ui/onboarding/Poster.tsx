import { genreColor } from '../genres';

/** A generated poster tile (no images are downloaded): the primary genre's colour and the title's initials. */
export function Poster({ title, genres, size = 56 }: { title: string; genres: string[]; size?: number }) {
  const a = genreColor(genres[0]);
  const b = genreColor(genres[1] ?? genres[0]);
  const initials = title
    .replace(/^(The|A|An)\s+/i, '')
    .split(/\s+/)
    .filter((w) => /^[\p{L}\p{N}]/u.test(w))
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');
  return (
    <div
      className="poster"
      aria-hidden="true"
      style={{ width: size, height: size * 1.4, background: `linear-gradient(150deg, ${a}, ${b} 140%)` }}
    >
      <span>{initials}</span>
    </div>
  );
}
