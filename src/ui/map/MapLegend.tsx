/**
 * The taste map's legend: what each mark means and the main genres' colours. The swatches are
 * HTML (.legend li .lg), which the map's PNG export reads to draw the same legend under the map.
 */
import { Explain } from '../glossary/Explain';
import { genreColor } from '../genres';

const LEGEND_GENRES = ['Action', 'Comedy', 'Drama', 'Sci-Fi', 'Horror', 'Romance', 'Children', 'Documentary'];

export function MapLegend({ compared }: { compared: boolean }) {
  return (
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
      {compared && <li>dashed: compared methods (colours as in Compare)</li>}
      {LEGEND_GENRES.map((g) => (
        <li key={g}>
          <span className="lg" style={{ background: genreColor(g) }} /> {g}
        </li>
      ))}
    </ul>
  );
}
