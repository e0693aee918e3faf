/**
 * The catalog-wide top-N evaluation: the list a new user would see. Every method scores the whole
 * catalog once per (episode, K); the top 20 items outside the support are judged against the user's
 * held-out ratings (the test set, relevant = rated >= 4). Pure TypeScript; methods plug in through
 * the same `EvalMethod` as evaluate.ts, so rating models and list baselines run in one harness.
 */
import { pairedCI, PerUser, RECALL_K, RELEVANT_RATING, type EvalMethod } from './evaluate';
import { binaryNdcgAtK, medianOfCounts, topKIndices, truncatedRecallAtK, type CI } from './metrics';
import type { SupportOrder, TopNEpisode } from './topnProtocol';

/**
 * What the lists of one (method, K) held, kept so reports of disjoint users (folds) pool exactly:
 * the distinct items (for coverage) and the popularity ranks of every recommended slot as a
 * histogram (for the median). Ranks, not items: each fold ranks popularity on its own meta-train.
 */
export interface ListTally {
  /** Distinct catalog indices recommended, ascending. */
  items: number[];
  /** Distinct popularity ranks of the recommended slots, ascending. */
  ranks: number[];
  /** slots[j]: how many recommended slots had popularity rank ranks[j]. */
  slots: number[];
}

export interface TopNResultAtK {
  k: number;
  /** Recall@N: hits / min(N, #relevant), per user (mean over seeds), across users. */
  recall: CI;
  /** nDCG@N with binary gains, aggregated the same way. */
  ndcg: CI;
  /** Distinct items over all this (method, K)'s lists divided by the catalog size, in [0, 1]. */
  coverage: number;
  /** Median popularity rank (1 = most rated in meta-train) over every recommended slot. */
  medianPopularityRank: number;
  tally: ListTally;
}

export interface TopNMethodReport {
  name: string;
  label: string;
  kind: 'rating' | 'ranking';
  byK: TopNResultAtK[];
}

/** `method` minus `against` at support size `k`, per user, then the interval across users. */
export interface TopNPairedDifference {
  method: string;
  against: string;
  k: number;
  /** Positive: `method` finds more of the held-out favourites. */
  recall: CI;
  ndcg: CI;
}

/**
 * A top-N evaluation, plain JSON. Every CI is across users: an episode's metric is first averaged
 * over the user's seeds, so n counts users with at least one relevant test item.
 */
export interface TopNReport {
  /** N, the list length (20). */
  listSize: number;
  /** Test ratings at or above this count as relevant. */
  relevantRating: number;
  order: SupportOrder;
  ks: number[];
  seeds: number[];
  numUsers: number;
  numEpisodes: number;
  catalogSize: number;
  methods: TopNMethodReport[];
  /** The default method minus each other method; present when TopNOptions.defaultMethod is set. */
  paired?: TopNPairedDifference[];
}

export interface TopNOptions {
  ks: number[];
  /**
   * Popularity rank of every catalog item in meta-train, 1 = most rated ([catalogSize], see
   * popularityRanks); its length is the catalog size every method must score.
   */
  popularityRank: Int32Array;
  /** Name of the method paired against every other one (TopNReport.paired). */
  defaultMethod?: string;
  /** N (default 20). */
  listSize?: number;
  /** Called after every (method, episode, K). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * 1-based popularity rank of every catalog item from its rating count: 1 is the most rated; equal
 * counts rank by lower index (ordinal ranks, so ranks are distinct and follow popularity's own
 * list order).
 */
export function popularityRanks(counts: ArrayLike<number>): Int32Array {
  const order = Array.from({ length: counts.length }, (_, i) => i).sort(
    (a, b) => (counts[b] as number) - (counts[a] as number) || a - b,
  );
  const rank = new Int32Array(counts.length);
  order.forEach((item, r) => (rank[item] = r + 1));
  return rank;
}

function relevantSet(test: { items: Int32Array; ratings: Float32Array }): Set<number> {
  const out = new Set<number>();
  test.items.forEach((item, j) => {
    if ((test.ratings[j] as number) >= RELEVANT_RATING) out.add(item);
  });
  return out;
}

function atK<T>(map: Map<number, T>, episode: TopNEpisode, k: number, what: string): T {
  const value = map.get(k);
  if (value === undefined)
    throw new Error(
      `evaluateTopN: episode (user ${episode.userId}, seed ${episode.seed}) has no ${what} for K=${k}`,
    );
  return value;
}

/** The tally of item -> recommended slot counts, with the coverage and median it gives. */
function summarize(
  slotsByItem: Map<number, number>,
  popularityRank: Int32Array,
): Pick<TopNResultAtK, 'coverage' | 'medianPopularityRank' | 'tally'> {
  const byRank = new Map<number, number>();
  for (const [item, count] of slotsByItem) {
    const rank = popularityRank[item] as number;
    byRank.set(rank, (byRank.get(rank) ?? 0) + count);
  }
  return tallyResult(
    [...slotsByItem.keys()].sort((a, b) => a - b),
    byRank,
    popularityRank.length,
  );
}

/** Coverage and median from distinct items and a rank histogram (also how pooled tallies are read). */
export function tallyResult(
  items: number[],
  byRank: Map<number, number>,
  catalogSize: number,
): Pick<TopNResultAtK, 'coverage' | 'medianPopularityRank' | 'tally'> {
  const ranks = [...byRank.keys()].sort((a, b) => a - b);
  const slots = ranks.map((r) => byRank.get(r) as number);
  return {
    coverage: items.length / catalogSize,
    medianPopularityRank: medianOfCounts(ranks, slots),
    tally: { items, ranks, slots },
  };
}

/**
 * Runs every method on every episode and K, sequentially (a method may hold a GPU). For each
 * (method, episode, K): adapt on the K-rating support, call `scoreCatalog()` once, take the top N
 * items outside the support (ties by lower index) and score the list against the test ratings >= 4:
 * Recall@N = hits / min(N, #relevant) and binary nDCG@N (episodes without a relevant test item are
 * skipped); the lists' items feed coverage and the median popularity rank. Scorers are disposed
 * even when scoring throws.
 *
 * @throws Error when there are no episodes, they mix support orders, a method returns a catalog of
 *   the wrong size, or `defaultMethod` is not among the methods.
 */
export async function evaluateTopN(
  methods: EvalMethod[],
  episodes: TopNEpisode[],
  opts: TopNOptions,
): Promise<TopNReport> {
  const { ks, popularityRank, defaultMethod, onProgress } = opts;
  const listSize = opts.listSize ?? RECALL_K;
  const catalogSize = popularityRank.length;
  const first = episodes[0];
  if (first === undefined) throw new Error('evaluateTopN: no episodes (no user has enough ratings)');
  if (episodes.some((e) => e.order !== first.order))
    throw new Error('evaluateTopN: the episodes mix support orders; evaluate each order on its own');
  if (defaultMethod !== undefined && !methods.some((m) => m.name === defaultMethod))
    throw new Error(`evaluateTopN: defaultMethod "${defaultMethod}" is not among the methods evaluated`);

  const total = methods.length * episodes.length * ks.length;
  let done = 0;
  /** Per-user means for the paired differences: method -> K -> metric -> user -> value. */
  const kept = new Map<string, Map<number, { recall: Map<number, number>; ndcg: Map<number, number> }>>();
  const methodReports: TopNMethodReport[] = [];
  for (const method of methods) {
    const byK: TopNResultAtK[] = [];
    const perK = new Map<number, { recall: Map<number, number>; ndcg: Map<number, number> }>();
    for (const k of ks) {
      const recall = new PerUser();
      const ndcg = new PerUser();
      const slotsByItem = new Map<number, number>();
      for (const episode of episodes) {
        const support = atK(episode.supports, episode, k, 'support');
        const relevant = relevantSet(atK(episode.tests, episode, k, 'test set'));
        const scorer = await method.adapt(support);
        let list: Int32Array;
        try {
          const scores = await scorer.scoreCatalog();
          if (scores.length !== catalogSize)
            throw new Error(
              `${method.name}: scoreCatalog returned ${scores.length} scores, expected ${catalogSize}`,
            );
          list = topKIndices(scores, listSize, support.items);
        } finally {
          scorer.dispose?.();
        }
        recall.add(episode.userId, truncatedRecallAtK(list, relevant, listSize));
        ndcg.add(episode.userId, binaryNdcgAtK(list, relevant, listSize));
        for (const item of list) slotsByItem.set(item, (slotsByItem.get(item) ?? 0) + 1);
        done++;
        onProgress?.(done, total);
      }
      perK.set(k, { recall: recall.means(), ndcg: ndcg.means() });
      byK.push({ k, recall: recall.ci(), ndcg: ndcg.ci(), ...summarize(slotsByItem, popularityRank) });
    }
    kept.set(method.name, perK);
    methodReports.push({ name: method.name, label: method.label, kind: method.kind, byK });
  }

  const paired: TopNPairedDifference[] = [];
  if (defaultMethod !== undefined) {
    const ours = kept.get(defaultMethod) as Map<
      number,
      { recall: Map<number, number>; ndcg: Map<number, number> }
    >;
    for (const other of methods) {
      if (other.name === defaultMethod) continue;
      const theirs = kept.get(other.name);
      for (const k of ks) {
        const a = ours.get(k);
        const b = theirs?.get(k);
        if (!a || !b) continue;
        paired.push({
          method: defaultMethod,
          against: other.name,
          k,
          recall: pairedCI(a.recall, b.recall),
          ndcg: pairedCI(a.ndcg, b.ndcg),
        });
      }
    }
  }

  const seeds: number[] = [];
  for (const e of episodes) if (!seeds.includes(e.seed)) seeds.push(e.seed);
  return {
    listSize,
    relevantRating: RELEVANT_RATING,
    order: first.order,
    ks: [...ks],
    seeds,
    numUsers: new Set(episodes.map((e) => e.userId)).size,
    numEpisodes: episodes.length,
    catalogSize,
    methods: methodReports,
    ...(defaultMethod !== undefined ? { paired } : {}),
  };
}
