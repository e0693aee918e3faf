/**
 * The interview simulator: simulated sign-ups of held-out users. For each user a strategy offers
 * one movie at a time; the simulated visitor answers with their real rating when they rated that
 * movie and "haven't seen" otherwise; after each answer the model adapts exactly as the app does
 * (the list rule through ListBatchAdapter, the model's list floor on the list, the rated movies
 * left out). After Q offers and after K answered ones it measures catalog-wide Recall@20 and
 * nDCG@20 against the user's ratings that were never offered (relevant = rated >= 4, the
 * functions of src/eval/topn.ts), and records how many offers it took to collect K ratings.
 *
 * Every user of a run moves in lockstep: one round offers each user one movie, and the users
 * whose ratings changed are adapted as one batched computation. Pure TypeScript + the batch
 * adapter; no file I/O.
 */
import type { RatedItems, UserHistory } from '../data/types';
import { hideUnlistable } from '../model/listFloor';
import type { BatchAdaptation } from '../model/listBatch';
import type { InterviewView } from '../model/interview/ask';
import { RECALL_K, RELEVANT_RATING } from './evaluate';
import { binaryNdcgAtK, topKIndices, truncatedRecallAtK } from './metrics';

/** What the simulator needs from the model: adapt many supports at once (ListBatchAdapter). */
export interface BatchAdapter {
  readonly dim: number;
  readonly numItems: number;
  run(supports: readonly RatedItems[]): Promise<BatchAdaptation>;
}

/** Picks the next offer of every user of a round (the same order as `views`); -1: nothing left. */
export type Offerer = (views: readonly InterviewView[], users: readonly number[]) => number[];

export interface SimulationOptions {
  /** Offers at which the lists are measured, ascending; the largest is the interview's length. */
  qs: number[];
  /** Answered counts at which the lists are measured. */
  ks: number[];
  /** [N] 1 where a movie may be listed (the model's floor); null lists everything. */
  listable: Uint8Array | null;
  /** Whether the offerer needs the adapted states and scores (else only the answers). */
  needsState: boolean;
  /** Seed per user (the random strategy's). */
  seedOf?: (user: number) => number;
  onRound?: (q: number) => void;
}

export interface ListQuality {
  recall: number;
  ndcg: number;
}

export interface UserInterview {
  userId: number;
  /** Per Q of the options: the list after Q offers (NaN when nothing relevant was left). */
  byQ: ListQuality[];
  /** Per K: the list right after the K-th rating, or null if it never came within the interview. */
  byK: (ListQuality | null)[];
  /** Per K: the offers it took to collect K ratings, or null. */
  offersToK: (number | null)[];
  /** The offers and answers, in order. */
  answers: { item: number; rating: number | null }[];
}

/** Recall@20 and nDCG@20 of a user's list against their never-offered ratings >= 4. */
export function listQuality(
  scores: Float32Array,
  listable: Uint8Array | null,
  support: RatedItems,
  history: UserHistory,
  offered: ReadonlySet<number>,
): ListQuality {
  const listed = hideUnlistable(scores.slice(), listable);
  const list = topKIndices(listed, RECALL_K, support.items);
  const relevant = new Set<number>();
  history.items.forEach((item, j) => {
    if ((history.ratings[j] ?? 0) >= RELEVANT_RATING && !offered.has(item)) relevant.add(item);
  });
  return {
    recall: truncatedRecallAtK(list, relevant, RECALL_K),
    ndcg: binaryNdcgAtK(list, relevant, RECALL_K),
  };
}

/** Simulate one strategy's interview for every user, in lockstep. */
export async function simulateInterviews(
  adapter: BatchAdapter,
  users: readonly UserHistory[],
  offer: Offerer,
  opts: SimulationOptions,
): Promise<UserInterview[]> {
  const qs = [...opts.qs].sort((a, b) => a - b);
  const maxQ = qs[qs.length - 1] ?? 0;
  const n = adapter.numItems;
  const ratingOf = users.map((h) => new Map(Array.from(h.items, (item, j) => [item, h.ratings[j] ?? 0])));
  const empty: RatedItems = { items: new Int32Array(0), ratings: new Float32Array(0) };
  // K = 0: one state for everyone.
  const start = await adapter.run([empty]);
  const state = users.map(() => start.states);
  const scores = users.map(() => start.scores);
  const supports: RatedItems[] = users.map(() => empty);
  const offered = users.map(() => new Set<number>());
  const out: UserInterview[] = users.map((h) => ({
    userId: h.userId,
    byQ: [],
    byK: opts.ks.map(() => null),
    offersToK: opts.ks.map(() => null),
    answers: [],
  }));
  const all = users.map((_, u) => u);
  const views = (): InterviewView[] =>
    all.map((u) => ({
      answers: (out[u] as UserInterview).answers,
      state: opts.needsState ? (state[u] as Float32Array) : null,
      scores: opts.needsState ? (scores[u] as Float32Array) : null,
      seed: opts.seedOf?.(u) ?? 1,
    }));
  for (let q = 1; q <= maxQ; q++) {
    const picks = offer(views(), all);
    const changed: number[] = [];
    picks.forEach((item, u) => {
      if (item < 0 || offered[u]?.has(item)) return;
      offered[u]?.add(item);
      const r = ratingOf[u]?.get(item);
      (out[u] as UserInterview).answers.push({ item, rating: r ?? null });
      if (r === undefined) return;
      const s = supports[u] as RatedItems;
      supports[u] = {
        items: Int32Array.from([...s.items, item]),
        ratings: Float32Array.from([...s.ratings, r]),
      };
      changed.push(u);
    });
    if (changed.length > 0) {
      const res = await adapter.run(changed.map((u) => supports[u] as RatedItems));
      const d = adapter.dim;
      changed.forEach((u, t) => {
        state[u] = res.states.slice(t * d, (t + 1) * d);
        scores[u] = res.scores.slice(t * n, (t + 1) * n);
      });
    }
    const quality = (u: number) =>
      listQuality(
        scores[u] as Float32Array,
        opts.listable,
        supports[u] as RatedItems,
        users[u] as UserHistory,
        offered[u] as Set<number>,
      );
    for (const u of changed) {
      const k = (supports[u] as RatedItems).items.length;
      const at = opts.ks.indexOf(k);
      if (at < 0) continue;
      const rec = out[u] as UserInterview;
      rec.byK[at] = quality(u);
      rec.offersToK[at] = q;
    }
    if (qs.includes(q)) for (const u of all) (out[u] as UserInterview).byQ.push(quality(u));
    opts.onRound?.(q);
  }
  return out;
}
