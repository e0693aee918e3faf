/**
 * Title matching for imported ratings (Letterboxd, and IMDb rows whose id MovieLens does not link):
 * normalized title + year against the catalog. Pure; runs in the import worker and in tests.
 *
 * MovieLens writes titles its own way, and a visitor's export writes them another:
 * - articles moved to the end: "Matrix, The", "Auberge espagnole, L'", "Lord of the Rings: The Two
 *   Towers, The";
 * - alternate titles in parentheses: "Amelie (Fabuleux destin d'Amélie Poulain, Le)",
 *   "Léon: The Professional (a.k.a. The Professional) (Léon)", "Seven (a.k.a. Se7en)";
 * - accents sometimes dropped ("Amelie") where the export keeps them ("Amélie");
 * - years that differ by one between databases (festival year against release year).
 * Every catalog title is indexed under the key of each of its forms; a query's key is looked up and
 * the year decides between candidates.
 */

/**
 * Leading articles dropped from keys (English, French, Spanish, Italian, German, Portuguese...), so
 * "The Matrix" meets a plain "Matrix". Not the Italian "i", which would make "I, Frankenstein" of
 * "Frankenstein": "Vitelloni, I" and "I Vitelloni" already meet, the article moved to the front.
 */
const ARTICLES = new Set([
  'the',
  'a',
  'an',
  'le',
  'la',
  'les',
  'l',
  'el',
  'los',
  'las',
  'il',
  'lo',
  'gli',
  'der',
  'die',
  'das',
  'den',
  'det',
  'de',
  'een',
  'het',
  'o',
  'os',
  'as',
  'um',
  'uma',
  'un',
  'una',
  'une',
  'ein',
  'eine',
]);

/** ", The" (or another article) moved to the end of a title or of a part before a colon. */
const TRAILING_ARTICLE =
  /^(.*?),\s*(The|A|An|Le|La|Les|L'|El|Los|Las|Il|Lo|Gli|I|Der|Die|Das|Den|Det|De|Het|O|Os|As|Un|Una|Une|Ein|Eine)$/i;

/**
 * The comparison key of one title form: accents and case folded, "&" read as "and", punctuation
 * as spaces, a leading article dropped. "The Matrix", "Matrix, The" and "MATRIX" give "matrix".
 */
export function titleKey(title: string): string {
  const moved = moveArticle(title.trim());
  const words = moved
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  if (words.length > 1 && ARTICLES.has(words[0] as string)) words.shift();
  return words.join(' ');
}

/** "Matrix, The" -> "The Matrix"; also before a subtitle: "Lord of the Rings, The: ..." */
function moveArticle(title: string): string {
  const colon = title.indexOf(': ');
  if (colon > 0) {
    const head = title.slice(0, colon);
    const moved = head.match(TRAILING_ARTICLE);
    if (moved) return `${joinArticle(moved[2] as string, moved[1] as string)}${title.slice(colon)}`;
  }
  const m = title.match(TRAILING_ARTICLE);
  return m ? joinArticle(m[2] as string, m[1] as string) : title;
}

const joinArticle = (article: string, rest: string): string =>
  article.endsWith("'") ? `${article}${rest}` : `${article} ${rest}`;

/**
 * Every form a MovieLens title goes by: the main title and each alternate in parentheses (without
 * "a.k.a."). "Amelie (Fabuleux destin d'Amélie Poulain, Le)" -> ["Amelie", "Fabuleux destin
 * d'Amélie Poulain, Le"]. The title without its subtitle is not a form (too loose; see `looseKey`).
 */
export function titleForms(title: string): string[] {
  const forms: string[] = [];
  let rest = title.trim();
  // Peel trailing "(...)" groups: "Léon: The Professional (a.k.a. The Professional) (Léon)".
  for (;;) {
    const m = rest.match(/^(.*\S)\s*\(([^()]+)\)$/);
    if (!m) break;
    forms.push((m[2] as string).replace(/^(a\.k\.a\.|aka)\s+/i, '').trim());
    rest = m[1] as string;
  }
  forms.unshift(rest);
  return forms.filter((f) => f.length > 0);
}

/** The part before a subtitle (": ", " - "), as a key: "Star Wars: Episode IV - A New Hope" -> "star wars". */
export function looseKey(title: string): string {
  const cut = title.search(/:\s| - /);
  return cut > 0 ? titleKey(title.slice(0, cut)) : '';
}

export interface TitleCatalog {
  /** Catalog order. */
  movieIds: ArrayLike<number>;
  titles: readonly string[];
  /** 0 when unknown. */
  years: ArrayLike<number>;
  /** Optional popularity, to order candidates shown to the visitor. */
  ratingCounts?: ArrayLike<number>;
}

export type TitleMatch =
  | { kind: 'match'; index: number; how: 'exact-year' | 'near-year' | 'no-year' | 'subtitle' }
  | { kind: 'none'; why: string }
  | { kind: 'ambiguous'; why: string; candidates: number[] };

/** Largest year difference accepted between the file and the catalog. */
export const YEAR_TOLERANCE = 1;

/** The catalog indexed by title key (built once per catalog, in the worker). */
export class TitleIndex {
  private readonly byKey = new Map<string, number[]>();
  private readonly byLoose = new Map<string, number[]>();

  constructor(private readonly catalog: TitleCatalog) {
    const add = (map: Map<string, number[]>, key: string, i: number) => {
      if (key === '') return;
      const list = map.get(key);
      if (!list) map.set(key, [i]);
      else if (!list.includes(i)) list.push(i);
    };
    for (let i = 0; i < catalog.titles.length; i++) {
      const forms = titleForms(catalog.titles[i] ?? '');
      for (const f of forms) add(this.byKey, titleKey(f), i);
      add(this.byLoose, looseKey(forms[0] ?? ''), i);
    }
  }

  /**
   * The catalog movie a title and year name. Among the movies with the same key, the one whose
   * year is closest, within YEAR_TOLERANCE; a tie is ambiguous (left to the visitor). Without a
   * year in the file, only a single candidate matches. Last, the title alone may name a movie
   * whose MovieLens title adds a subtitle ("Star Wars" 1977 -> "Star Wars: Episode IV - A New
   * Hope"), only with the exact year and a single candidate.
   */
  match(title: string, year: number | null): TitleMatch {
    const key = titleKey(title);
    if (key === '') return { kind: 'none', why: 'no title' };
    const found = this.pick(this.byKey.get(key) ?? [], year);
    if (found.kind !== 'none') return found;
    if (year !== null) {
      const loose = (this.byLoose.get(key) ?? []).filter((i) => this.yearOf(i) === year);
      if (loose.length === 1) return { kind: 'match', index: loose[0] as number, how: 'subtitle' };
    }
    return found;
  }

  private yearOf(i: number): number | null {
    const y = this.catalog.years[i] ?? 0;
    return y === 0 ? null : y;
  }

  private pick(candidates: number[], year: number | null): TitleMatch {
    if (candidates.length === 0) return { kind: 'none', why: 'no movie of that title in the catalog' };
    if (year === null) {
      return candidates.length === 1
        ? { kind: 'match', index: candidates[0] as number, how: 'no-year' }
        : { kind: 'ambiguous', why: 'several movies have this title and the file gives no year', candidates };
    }
    let best: number[] = [];
    let bestDiff = Infinity;
    for (const i of candidates) {
      const y = this.yearOf(i);
      const diff = y === null ? YEAR_TOLERANCE : Math.abs(y - year);
      if (diff > YEAR_TOLERANCE) continue;
      if (diff < bestDiff) [best, bestDiff] = [[i], diff];
      else if (diff === bestDiff) best.push(i);
    }
    if (best.length === 1)
      return { kind: 'match', index: best[0] as number, how: bestDiff === 0 ? 'exact-year' : 'near-year' };
    if (best.length > 1)
      return { kind: 'ambiguous', why: `several movies have this title around ${year}`, candidates: best };
    const years = candidates.map((i) => this.yearOf(i) ?? '?').join(', ');
    return { kind: 'none', why: `a movie of that title is in the catalog, but from ${years}, not ${year}` };
  }
}
