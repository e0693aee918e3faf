/**
 * The item cold-start evaluation (issue 17): for each held-out new movie and each K, every method
 * places the movie from its first K ratings; for every other rater of the movie, its rank in that
 * rater's catalog-wide list (the trained model's scores u . v_i + b_i of the movies they did not
 * rate) says whether they would see it. Per movie: the likers' AUC (does it rank higher for raters
 * who rated it >= 4 than for the others) and the likers' top-20 share. Means over movies with 95%
 * intervals, and paired differences by movie between methods. Pure TypeScript.
 */
import { pairedCI, RECALL_K, RELEVANT_RATING } from './evaluate';
import {
  likerAuc,
  likerTopShare,
  otherTopShare,
  rankInList,
  type CandidateScores,
} from './itemColdStartMetrics';
import {
  createRaterLists,
  itemSupport,
  scoreOf,
  type CatalogSide,
  type ItemEvalMethod,
  type NewItemRatings,
  type RaterPool,
} from './itemColdStartProtocol';
import { meanCI95, type CI } from './metrics';

export interface ItemResultAtK {
  k: number;
  /** Likers' AUC, mean over movies with at least one liker and one other held-out rater. */
  auc: CI;
  /** Share of the held-out likers whose top 20 holds the movie, mean over movies with a liker. */
  topShare: CI;
  /**
   * Share of the other held-out raters (rated it below the liked rating) whose top 20 holds the
   * movie, mean over movies with such a rater: the cost of the likers' share (lower is better).
   */
  otherTopShare: CI;
  /** False when the method cannot place a movie at this K (its CIs are then empty). */
  applicable: boolean;
}

export interface ItemMethodReport {
  name: string;
  label: string;
  byK: ItemResultAtK[];
}

/** `method` minus `against` at K, per movie, then the interval across movies. */
export interface ItemPairedDifference {
  method: string;
  against: string;
  k: number;
  auc: CI;
  topShare: CI;
}

/** The item cold-start table, plain JSON. */
export interface ItemColdStartReport {
  ks: number[];
  /** N of the top-N share (20). */
  listSize: number;
  relevantRating: number;
  /** New movies evaluated (those with a held-out rater at the largest K). */
  numItems: number;
  /** Held-out ratings judged at K = 0 (every rating of the evaluated movies). */
  numRatings: number;
  methods: ItemMethodReport[];
  paired: ItemPairedDifference[];
}

export interface ItemColdStartOptions {
  ks: number[];
  /** Catalog indices of every new movie (validation and test): left out of every rater's list. */
  newItems: ReadonlySet<number>;
  /** Pairs compared by movie, e.g. [['warmup', 'foldin']]. */
  pairs?: [string, string][];
  listSize?: number;
  /** The raters' lists, when the caller keeps them across evaluations (createRaterLists). */
  lists?: (user: number) => CandidateScores;
}

/** Per-movie values of one (method, K): movie -> AUC and movie -> top share. */
interface PerItem {
  auc: Map<number, number>;
  topShare: Map<number, number>;
  otherTopShare: Map<number, number>;
}

/**
 * Runs every method on every movie and K. A movie enters only if it keeps a held-out rater at the
 * largest K, so every K is judged on the same movies.
 * @throws Error when no movie qualifies, or a pair names a method not evaluated.
 */
export function evaluateItemColdStart(
  methods: ItemEvalMethod[],
  movies: NewItemRatings[],
  pool: RaterPool,
  catalog: CatalogSide,
  opts: ItemColdStartOptions,
): ItemColdStartReport {
  const { ks, newItems } = opts;
  const listSize = opts.listSize ?? RECALL_K;
  const maxK = Math.max(0, ...ks);
  const used = movies.filter((m) => m.users.length > maxK);
  if (used.length === 0)
    throw new Error(`evaluateItemColdStart: no new movie has more than ${maxK} ratings to judge on`);
  for (const [a, b] of opts.pairs ?? [])
    for (const name of [a, b])
      if (!methods.some((m) => m.name === name))
        throw new Error(
          `evaluateItemColdStart: the pair ${a} - ${b} names "${name}", which is not evaluated`,
        );
  const listOf = opts.lists ?? createRaterLists(pool, catalog, newItems);
  const d = pool.dim;
  const kept = new Map<string, Map<number, PerItem>>();
  const reports: ItemMethodReport[] = methods.map((method) => {
    const perK = new Map<number, PerItem>();
    const byK = ks.map((k): ItemResultAtK => {
      const values: PerItem = { auc: new Map(), topShare: new Map(), otherTopShare: new Map() };
      let applicable = false;
      for (const movie of used) {
        const state = method.place(itemSupport(movie, k, pool, catalog));
        if (state === null) continue;
        applicable = true;
        const ranks: number[] = [];
        const liked: boolean[] = [];
        for (let j = k; j < movie.users.length; j++) {
          const user = movie.users[j] as number;
          const u = pool.states.subarray(user * d, (user + 1) * d);
          ranks.push(rankInList(listOf(user), scoreOf(u, state.vector, state.bias)));
          liked.push((movie.ratings[j] as number) >= RELEVANT_RATING);
        }
        const auc = likerAuc(ranks, liked);
        const share = likerTopShare(ranks, liked, listSize);
        if (!Number.isNaN(auc)) values.auc.set(movie.item, auc);
        if (!Number.isNaN(share)) values.topShare.set(movie.item, share);
        const others = otherTopShare(ranks, liked, listSize);
        if (!Number.isNaN(others)) values.otherTopShare.set(movie.item, others);
      }
      perK.set(k, values);
      return {
        k,
        auc: meanCI95([...values.auc.values()]),
        topShare: meanCI95([...values.topShare.values()]),
        otherTopShare: meanCI95([...values.otherTopShare.values()]),
        applicable,
      };
    });
    kept.set(method.name, perK);
    return { name: method.name, label: method.label, byK };
  });
  const paired: ItemPairedDifference[] = [];
  for (const [a, b] of opts.pairs ?? [])
    for (const k of ks) {
      const x = kept.get(a)?.get(k);
      const y = kept.get(b)?.get(k);
      if (!x || !y || x.auc.size === 0 || y.auc.size === 0) continue;
      paired.push({
        method: a,
        against: b,
        k,
        auc: pairedCI(x.auc, y.auc),
        topShare: pairedCI(x.topShare, y.topShare),
      });
    }
  return {
    ks: [...ks],
    listSize,
    relevantRating: RELEVANT_RATING,
    numItems: used.length,
    numRatings: used.reduce((a, m) => a + m.users.length, 0),
    methods: reports,
    paired,
  };
}

/** Mean likers' AUC of one method over the given Ks (the validation score settings are chosen by). */
export function meanAuc(
  report: ItemColdStartReport,
  name: string,
  ks: readonly number[] = report.ks,
): number {
  const rows = report.methods
    .find((m) => m.name === name)
    ?.byK.filter((r) => ks.includes(r.k) && r.applicable);
  if (!rows || rows.length === 0) return NaN;
  return rows.reduce((a, r) => a + r.auc.mean, 0) / rows.length;
}
