/**
 * Item cold start, the shared vocabulary: a new movie (never seen in training) is placed in the list
 * model's item space from its content features and then from its first ratings, each rating given by
 * a rater whose user state is known. Scores stay u . vector + bias, so a placed movie joins any
 * user's catalog-wide list. The placers (content regression, RLFM-style fold-in, the meta-learned
 * warm-up) live in src/model/item*.ts; the evaluation of new items in src/eval/itemColdStart*.ts;
 * the app's "New arrivals" panel runs the warm-up in the worker.
 */

/** What is known about a new movie at one moment. */
export interface NewItemEvidence {
  /** [F] its content feature row (the catalog's: genres, year, tags). */
  features: Float32Array;
  /** [K * d] the user states of its first K raters, row-major (d = the model's dim). */
  raterStates: Float32Array;
  /** [K] their ratings, 0.5 to 5, in the order they came. */
  ratings: Float32Array;
}

/** Where a new movie stands: a user with state u scores it u . vector + bias. */
export interface NewItemState {
  /** [d] */
  vector: Float32Array;
  bias: number;
}

/** A placement's path: the state before any rating-driven step (index 0) and after each step. */
export interface NewItemPath {
  states: NewItemState[];
  /** The inner loss on the support at each state (empty when K = 0 or for closed-form placers). */
  losses: number[];
}

/** One way to place new movies (fitted on training items, settings chosen on validation items). */
export interface NewItemPlacer {
  readonly name: string;
  place(evidence: NewItemEvidence): NewItemPath;
}

/**
 * What the placers are fitted on (built by the offline pipeline from the trained list model and the
 * meta-train ratings, never from held-out items): the trained items' vectors and their raters.
 */
export interface ItemTrainingSet {
  dim: number;
  numFeatures: number;
  /** [N * F] content features of every catalog movie. */
  features: Float32Array;
  /** [N * d] and [N]: the trained item vectors and biases (the model's v_i and b_i). */
  itemVectors: Float32Array;
  itemBiases: Float32Array;
  /** [U * d]: the user state of every rater (the shipped method adapted to the user's ratings). */
  userStates: Float32Array;
  /**
   * [U] each user's score threshold for the top 20 (the 20th best score over the movies they did not
   * rate): a movie scoring above it is in their list.
   */
  top20Threshold: Float32Array;
  /** Training items (catalog indices) with their raters (user indices) and ratings, in time order. */
  items: { item: number; users: Int32Array; ratings: Float32Array }[];
}
