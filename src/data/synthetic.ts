/**
 * A small MovieLens-format dataset with planted taste groups, for tests and smoke runs that must not
 * depend on the real download. Pure: returns CSV texts; scripts/lib/synthetic.ts writes them.
 *
 * The planted structure gives adaptation something to find: a user's ratings depend mostly on
 * whether a movie is in their group, and a movie's group shows in its first genre, so a model that
 * adapts on a few ratings should beat one that does not.
 */
import { createRng, type Rng } from './rng';
import { GENRES } from './types';

export interface SyntheticOptions {
  seed?: number;
  numUsers?: number;
  numMovies?: number;
  numGroups?: number;
  /** Fewest movies a user rates. */
  minRatings?: number;
  /** Most movies a user rates (at most numMovies). */
  maxRatings?: number;
}

export interface SyntheticDataset {
  ratings: string;
  movies: string;
  links: string;
  tags: string;
  truth: {
    /** userId -> planted group. */
    userGroup: Map<number, number>;
    /** movieId -> planted group (its first genre is GROUP_GENRES[group]). */
    movieGroup: Map<number, number>;
  };
}

/** The genre that marks each group, in group order; rarely co-listed genres keep groups distinct. */
const GROUP_GENRES: readonly string[] = [
  'Sci-Fi',
  'Children',
  'Film-Noir',
  'Western',
  'Musical',
  'Documentary',
  'War',
  'Horror',
  ...GENRES.filter(
    (g) =>
      g !== '(no genres listed)' &&
      !['Sci-Fi', 'Children', 'Film-Noir', 'Western', 'Musical', 'Documentary', 'War', 'Horror'].includes(g),
  ),
];

/** Titles that exercise CSV quoting, doubled quotes, UTF-8, a missing year and a year range. */
const SPECIAL_TITLES = [
  'Good, the Bad and the Ugly, The (1966)',
  'Dr. "Quoted" and Friends (1999)',
  'Amélie (2001)',
  'Untitled Project',
  'Serial, A (2007-)',
];

const IN_GROUP_MEAN = 4.5;
const OUT_GROUP_MEAN = 2;
const QUALITY_SD = 0.4;
const NOISE_SD = 0.5;
/** Share of movies that are popular, and how likely each user is to have rated each one. */
const POPULAR_SHARE = 0.1;
const POPULAR_REACH = 0.8;
/** A user picks in-group movies this many times as often as others (people watch what they like). */
const IN_GROUP_PICK_WEIGHT = 3;

/** Quotes a CSV field when RFC 4180 requires it. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvLine(fields: (string | number)[]): string {
  return fields.map((f) => csvField(String(f))).join(',');
}

function checkOption(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`generateSyntheticMovieLens: ${name} = ${value}; expected an integer >= ${min}`);
  }
}

/** `count` distinct picks from `candidates`, weighted, without replacement (Efraimidis-Spirakis keys). */
function weightedPick(
  rng: Rng,
  candidates: number[],
  weight: (c: number) => number,
  count: number,
): number[] {
  return candidates
    .map((c) => ({ c, key: Math.log(Math.max(rng.next(), 1e-12)) / weight(c) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, count)
    .map((x) => x.c);
}

/**
 * Generates MovieLens-format CSV texts (same headers as ml-latest-small) with planted taste groups:
 * users are assigned round-robin to groups; a user rates in-group movies around 4.5 and others
 * around 2, plus a per-movie quality offset and noise, clipped to 0.5..5 and rounded to half stars.
 * About 10% of movies are popular and rated by most users. MovieIds have gaps, like the real data.
 * Defaults: seed 1, 90 users, 120 movies, 3 groups, 35 to 60 ratings per user.
 *
 * @throws Error when the options are not positive integers or maxRatings is out of range.
 */
export function generateSyntheticMovieLens(opts: SyntheticOptions = {}): SyntheticDataset {
  const { seed = 1, numUsers = 90, numMovies = 120, numGroups = 3, minRatings = 35, maxRatings = 60 } = opts;
  checkOption('numUsers', numUsers, 1);
  checkOption('numMovies', numMovies, 1);
  checkOption('numGroups', numGroups, 1);
  checkOption('minRatings', minRatings, 1);
  checkOption('maxRatings', maxRatings, minRatings);
  if (numGroups > GROUP_GENRES.length) {
    throw new Error(
      `generateSyntheticMovieLens: numGroups = ${numGroups}; expected at most ${GROUP_GENRES.length}`,
    );
  }
  if (maxRatings > numMovies) {
    throw new Error(
      `generateSyntheticMovieLens: maxRatings = ${maxRatings} exceeds numMovies = ${numMovies}; a user rates distinct movies`,
    );
  }
  const rng = createRng(seed);
  const groupGenres = GROUP_GENRES.slice(0, numGroups);
  // Secondary genres never name a group, so the first genre alone identifies the group.
  const secondaryGenres = GENRES.filter((g) => g !== '(no genres listed)' && !groupGenres.includes(g));

  const movieIds: number[] = [];
  const movieGroup = new Map<number, number>();
  const quality: number[] = [];
  const movieLines = ['movieId,title,genres'];
  const linkLines = ['movieId,imdbId,tmdbId'];
  let movieId = 0;
  for (let k = 0; k < numMovies; k++) {
    movieId += rng.next() < 0.3 ? 2 + rng.int(3) : 1;
    const group = k % numGroups;
    movieIds.push(movieId);
    movieGroup.set(movieId, group);
    quality.push(QUALITY_SD * rng.normal());
    const title = SPECIAL_TITLES[k] ?? `${groupGenres[group]} Story ${k} (${1950 + rng.int(70)})`;
    const genres = [groupGenres[group] as string];
    for (let extra = rng.int(3); extra > 0; extra--) {
      const g = secondaryGenres[rng.int(secondaryGenres.length)] as string;
      if (!genres.includes(g)) genres.push(g);
    }
    movieLines.push(csvLine([movieId, title, genres.join('|')]));
    // One empty tmdbId, as in the real links.csv.
    const tmdbId = k === 2 ? '' : String(1000 + movieId);
    linkLines.push(csvLine([movieId, String(100000 + movieId).padStart(7, '0'), tmdbId]));
  }

  const numPopular = Math.max(1, Math.round(POPULAR_SHARE * numMovies));
  const popular = rng.shuffle([...movieIds.keys()]).slice(0, numPopular);
  const popularSet = new Set(popular);
  const others = movieIds.map((_, k) => k).filter((k) => !popularSet.has(k));

  const userGroup = new Map<number, number>();
  const ratingLines = ['userId,movieId,rating,timestamp'];
  const tagLines = ['userId,movieId,tag,timestamp'];
  for (let userId = 1; userId <= numUsers; userId++) {
    const group = (userId - 1) % numGroups;
    userGroup.set(userId, group);
    const count = minRatings + rng.int(maxRatings - minRatings + 1);
    const picked = popular.filter(() => rng.next() < POPULAR_REACH).slice(0, count);
    const weight = (k: number): number =>
      movieGroup.get(movieIds[k] as number) === group ? IN_GROUP_PICK_WEIGHT : 1;
    const fill = weightedPick(rng, others, weight, count - picked.length);
    // Not enough non-popular movies left: top up with the popular ones this user skipped.
    const skipped = popular.filter((k) => !picked.includes(k));
    const chosen = [...picked, ...fill, ...skipped.slice(0, count - picked.length - fill.length)];
    let timestamp = 1_000_000_000 + userId * 100_000;
    for (const k of rng.shuffle(chosen)) {
      const id = movieIds[k] as number;
      const mean = movieGroup.get(id) === group ? IN_GROUP_MEAN : OUT_GROUP_MEAN;
      const raw = mean + (quality[k] as number) + NOISE_SD * rng.normal();
      const rating = Math.round(Math.min(5, Math.max(0.5, raw)) * 2) / 2;
      timestamp += 1 + rng.int(600);
      ratingLines.push(csvLine([userId, id, rating.toFixed(1), timestamp]));
      if (rng.next() < 0.02) {
        tagLines.push(csvLine([userId, id, rating >= 4 ? 'great, would rewatch' : 'meh', timestamp + 1]));
      }
    }
  }

  const text = (lines: string[]): string => `${lines.join('\n')}\n`;
  return {
    ratings: text(ratingLines),
    movies: text(movieLines),
    links: text(linkLines),
    tags: text(tagLines),
    truth: { userGroup, movieGroup },
  };
}
