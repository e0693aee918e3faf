/** Plain data shapes shared by the loader, the split, the task sampler, the model and the scripts. */

/** The 20 genre labels MovieLens uses, in a fixed order (the order of the model's genre features). */
export const GENRES = [
  'Action',
  'Adventure',
  'Animation',
  'Children',
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'IMAX',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
  '(no genres listed)',
] as const;

export interface Rating {
  userId: number;
  movieId: number;
  /** 0.5 to 5 in half stars. */
  rating: number;
  /** Unix seconds; 0 when the source has none. */
  timestamp: number;
}

export interface Movie {
  movieId: number;
  /** Title without the trailing "(year)". */
  title: string;
  /** Release year parsed from the title, or null when the title has none. */
  year: number | null;
  /** Genre labels as listed; empty for "(no genres listed)". */
  genres: string[];
}

export interface Link {
  movieId: number;
  imdbId: string;
  tmdbId: string;
}

export interface Tag {
  userId: number;
  movieId: number;
  tag: string;
  timestamp: number;
}

/** A row that could not be read: reported, counted and skipped. */
export interface ParseIssue {
  file: string;
  /** 1-based physical line number where the record starts. */
  line: number;
  message: string;
}

export interface MovieLensData {
  ratings: Rating[];
  /** Sorted by movieId; the catalog index of a movie is its position here. */
  movies: Movie[];
  links: Link[];
  tags: Tag[];
  /** Every malformed row, with file and line. */
  issues: ParseIssue[];
}

/** User ids of each part of the seeded user split. */
export interface UserSplit {
  seed: number;
  train: number[];
  val: number[];
  test: number[];
}

/**
 * A meta-batch of T tasks, padded to fixed sizes so the model can run all tasks at once
 * (a task dimension and batched matMul). Row-major [T, S] and [T, Q] arrays; padded slots have
 * mask 0, item index 0 and rating 0.
 */
export interface TaskBatch {
  numTasks: number;
  /** S: padded support length (the largest support in the batch or a fixed maximum). */
  supportSize: number;
  /** Q: padded query length. */
  querySize: number;
  /** Catalog indices (positions in MovieLensData.movies), [T*S]. */
  supportItems: Int32Array;
  supportRatings: Float32Array;
  supportMask: Float32Array;
  queryItems: Int32Array;
  queryRatings: Float32Array;
  queryMask: Float32Array;
}

/** One user's ratings as catalog indices, in file order. */
export interface UserHistory {
  userId: number;
  /** Catalog indices (positions in MovieLensData.movies). */
  items: Int32Array;
  ratings: Float32Array;
  /**
   * When each rating was made, parallel to `items`: Unix seconds (0 when the source has none).
   * Filled by buildHistories; absent where a history is assembled without them.
   */
  timestamps?: Float64Array;
}

/** A set of rated items, e.g. a support set: parallel arrays of catalog indices and ratings. */
export interface RatedItems {
  items: Int32Array;
  ratings: Float32Array;
}
