/**
 * The evaluation loop, independent of how a method works: a method only has to adapt to a support
 * set and then score items. Pure TypeScript; tfjs-backed methods live elsewhere and plug in through
 * `EvalMethod` (their scorers release tensors in `dispose`).
 */
import type { RatedItems } from '../data/types';
import { expectedRandomNdcgAtK, mae, meanCI95, ndcgAtK, recallAtK, rmse, type CI } from './metrics';
import type { Episode } from './protocol';

/** A method adapted to one user. */
export interface UserScorer {
  /** Predicted ratings (rating methods) or scores (ranking methods) for `items`, [items.length]. */
  predict(items: Int32Array): Float32Array | Promise<Float32Array>;
  /** A score for every catalog item, [numItems]; higher is better. */
  scoreCatalog(): Float32Array | Promise<Float32Array>;
  /** Releases anything the scorer holds (e.g. tensors); called once after scoring. */
  dispose?(): void;
}

export interface EvalMethod {
  /** Stable identifier, e.g. 'bias'. */
  name: string;
  /** Human-readable name for tables and charts. */
  label: string;
  /** 'rating' methods predict ratings (RMSE/MAE apply); 'ranking' methods only order items. */
  kind: 'rating' | 'ranking';
  adapt(support: RatedItems): UserScorer | Promise<UserScorer>;
}

export interface MethodResultAtK {
  k: number;
  /** null for ranking methods. */
  rmse: CI | null;
  mae: CI | null;
  ndcg3: CI;
  ndcg10: CI;
  recall20: CI;
}

export interface MethodReport {
  name: string;
  label: string;
  kind: 'rating' | 'ranking';
  byK: MethodResultAtK[];
}

export interface FloorAtK {
  k: number;
  ndcg3: CI;
  ndcg10: CI;
  recall20: CI;
}

/**
 * Every CI is across users: each metric is first averaged per user over that user's seeds, then
 * `meanCI95` is taken over the per-user means (so n counts users, not episodes).
 */
export interface EvalReport {
  ks: number[];
  numUsers: number;
  numEpisodes: number;
  seeds: number[];
  querySize: number;
  methods: MethodReport[];
  /** Expected metrics of a uniformly random ordering, aggregated the same way. */
  floors: { random: FloorAtK[] };
  /**
   * Differences between two methods on the same users and episodes (method minus baseline, per
   * user, then the interval across users): far narrower than the two methods' own intervals,
   * because most of the spread between users is shared. Present when `EvaluateOptions.pairs` asked.
   */
  paired?: PairedDifference[];
}

/** `method` minus `against` at support size `k`, paired by user (see EvalReport.paired). */
export interface PairedDifference {
  method: string;
  against: string;
  k: number;
  /** RMSE difference: negative means `method` has the lower error. null unless both predict ratings. */
  rmse: CI | null;
  /** nDCG@10 difference: positive means `method` ranks better. */
  ndcg10: CI;
}

/** The distinct (method, against) pairs of some paired rows, in the order they first appear. */
export function distinctPairs(rows: readonly { method: string; against: string }[]): {
  method: string;
  against: string;
}[] {
  const pairs: { method: string; against: string }[] = [];
  for (const { method, against } of rows)
    if (!pairs.some((q) => q.method === method && q.against === against)) pairs.push({ method, against });
  return pairs;
}

export interface EvaluateOptions {
  ks: number[];
  /** Pairs of method names whose per-user differences the report should carry (EvalReport.paired). */
  pairs?: { method: string; against: string }[];
  /** Called after every (method, episode, K) adaptation. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Catalog size for the random recall floor. Defaults to the length of the first scored catalog;
   * needed only when `methods` is empty.
   */
  catalogSize?: number;
}

/** Items rated at least this high count as relevant for Recall@20. */
export const RELEVANT_RATING = 4;
/** Cut-off of the catalog-wide recall. */
export const RECALL_K = 20;

/** Collects a metric per episode and averages it per user before the across-user interval. */
export class PerUser {
  private readonly sums = new Map<number, { sum: number; count: number }>();

  add(userId: number, value: number): void {
    if (Number.isNaN(value)) return;
    const entry = this.sums.get(userId) ?? { sum: 0, count: 0 };
    entry.sum += value;
    entry.count += 1;
    this.sums.set(userId, entry);
  }

  /** Each user's mean over their episodes. */
  means(): Map<number, number> {
    return new Map(Array.from(this.sums, ([user, e]) => [user, e.sum / e.count]));
  }

  ci(): CI {
    return meanCI95(Array.from(this.means().values()));
  }
}

/** Interval of a[u] - b[u] over the users both have a value for. */
export function pairedCI(a: Map<number, number>, b: Map<number, number>): CI {
  const diffs: number[] = [];
  for (const [user, x] of a) {
    const y = b.get(user);
    if (y !== undefined) diffs.push(x - y);
  }
  return meanCI95(diffs);
}

function relevantItems(query: RatedItems): number[] {
  const out: number[] = [];
  query.items.forEach((item, j) => {
    if ((query.ratings[j] as number) >= RELEVANT_RATING) out.push(item);
  });
  return out;
}

function supportFor(episode: Episode, k: number): RatedItems {
  const support = episode.supports.get(k);
  if (!support)
    throw new Error(`evaluateMethods: episode (user ${episode.userId}, seed ${episode.seed}) has no K=${k}`);
  return support;
}

/**
 * Runs every method on every episode and support size K, sequentially (methods may hold a GPU).
 * For each (method, episode, K): adapt on the K-rating support, predict the query items (RMSE,
 * MAE for rating methods; nDCG@3 and nDCG@10 within the query) and score the catalog once
 * (Recall@20 of the query items rated >= 4, support items excluded). Scorers are disposed even
 * when scoring throws.
 */
export async function evaluateMethods(
  methods: EvalMethod[],
  episodes: Episode[],
  opts: EvaluateOptions,
): Promise<EvalReport> {
  const { ks, onProgress } = opts;
  const total = methods.length * episodes.length * ks.length;
  let done = 0;
  let catalogSize = opts.catalogSize;

  const wanted = new Set((opts.pairs ?? []).flatMap((p) => [p.method, p.against]));
  for (const name of wanted) {
    if (!methods.some((m) => m.name === name))
      throw new Error(`evaluateMethods: a pair names "${name}", which is not among the methods evaluated`);
  }
  /** Per-user means kept for the pairs: method name -> K -> metric -> user -> value. */
  const kept = new Map<string, Map<number, { rmse: Map<number, number>; ndcg10: Map<number, number> }>>();

  const methodReports: MethodReport[] = [];
  for (const method of methods) {
    const byK: MethodResultAtK[] = [];
    for (const k of ks) {
      const acc = {
        rmse: new PerUser(),
        mae: new PerUser(),
        ndcg3: new PerUser(),
        ndcg10: new PerUser(),
        recall20: new PerUser(),
      };
      for (const episode of episodes) {
        const support = supportFor(episode, k);
        const scorer = await method.adapt(support);
        try {
          const pred = await scorer.predict(episode.query.items);
          const catalog = await scorer.scoreCatalog();
          if (pred.length !== episode.query.items.length) {
            throw new Error(
              `${method.name}: predict returned ${pred.length} values for ${episode.query.items.length} items`,
            );
          }
          catalogSize ??= catalog.length;
          if (catalog.length !== catalogSize) {
            throw new Error(
              `${method.name}: scoreCatalog returned ${catalog.length} scores, expected ${catalogSize}`,
            );
          }
          const truth = episode.query.ratings;
          if (method.kind === 'rating') {
            acc.rmse.add(episode.userId, rmse(pred, truth));
            acc.mae.add(episode.userId, mae(pred, truth));
          }
          acc.ndcg3.add(episode.userId, ndcgAtK(pred, truth, 3));
          acc.ndcg10.add(episode.userId, ndcgAtK(pred, truth, 10));
          acc.recall20.add(
            episode.userId,
            recallAtK(catalog, support.items, relevantItems(episode.query), RECALL_K),
          );
        } finally {
          scorer.dispose?.();
        }
        done++;
        onProgress?.(done, total);
      }
      const rating = method.kind === 'rating';
      if (wanted.has(method.name)) {
        const perK = kept.get(method.name) ?? new Map();
        perK.set(k, { rmse: rating ? acc.rmse.means() : new Map(), ndcg10: acc.ndcg10.means() });
        kept.set(method.name, perK);
      }
      byK.push({
        k,
        rmse: rating ? acc.rmse.ci() : null,
        mae: rating ? acc.mae.ci() : null,
        ndcg3: acc.ndcg3.ci(),
        ndcg10: acc.ndcg10.ci(),
        recall20: acc.recall20.ci(),
      });
    }
    methodReports.push({ name: method.name, label: method.label, kind: method.kind, byK });
  }

  const random: FloorAtK[] = ks.map((k) => {
    const acc = { ndcg3: new PerUser(), ndcg10: new PerUser(), recall20: new PerUser() };
    for (const episode of episodes) {
      const truth = episode.query.ratings;
      acc.ndcg3.add(episode.userId, expectedRandomNdcgAtK(truth, 3));
      acc.ndcg10.add(episode.userId, expectedRandomNdcgAtK(truth, 10));
      // A random ranking of the N - K candidates puts each relevant item in the top 20 with
      // probability 20 / (N - K); undefined (skipped) like the methods' recall when nothing is relevant.
      const candidates = (catalogSize ?? NaN) - k;
      const hasRelevant = relevantItems(episode.query).length > 0;
      acc.recall20.add(episode.userId, hasRelevant ? Math.min(RECALL_K, candidates) / candidates : NaN);
    }
    return { k, ndcg3: acc.ndcg3.ci(), ndcg10: acc.ndcg10.ci(), recall20: acc.recall20.ci() };
  });

  const paired: PairedDifference[] = [];
  for (const { method, against } of opts.pairs ?? []) {
    const kind = (name: string) => methods.find((m) => m.name === name)?.kind;
    const ratings = kind(method) === 'rating' && kind(against) === 'rating';
    for (const k of ks) {
      const a = kept.get(method)?.get(k);
      const b = kept.get(against)?.get(k);
      if (!a || !b) continue;
      paired.push({
        method,
        against,
        k,
        rmse: ratings ? pairedCI(a.rmse, b.rmse) : null,
        ndcg10: pairedCI(a.ndcg10, b.ndcg10),
      });
    }
  }

  const seeds: number[] = [];
  for (const e of episodes) if (!seeds.includes(e.seed)) seeds.push(e.seed);
  return {
    ks: [...ks],
    numUsers: new Set(episodes.map((e) => e.userId)).size,
    numEpisodes: episodes.length,
    seeds,
    querySize: episodes[0]?.query.items.length ?? 0,
    methods: methodReports,
    floors: { random },
    ...(opts.pairs ? { paired } : {}),
  };
}
