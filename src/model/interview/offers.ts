/**
 * The next movies to offer one visitor, as the worker and `npm run predict --ask` compute them:
 * adapt the app method to the ratings (when the strategy needs the state), then ask the strategy
 * for the next offer, and for the one after it should the visitor skip that, and so on.
 */
import type { InterviewStrategy } from '../../methods/interview';
import type { Recommender } from '../recommender';
import { needsState, nextOffer, type InterviewContext, type InterviewView } from './ask';

export interface Answers {
  /** Rated movies (catalog indices) and their ratings, in the order they were rated. */
  items: Int32Array;
  ratings: Float32Array;
  /** Movies answered "haven't seen". */
  skipped: Int32Array;
  seed: number;
}

export async function offersFor(
  ctx: InterviewContext,
  rec: Recommender,
  strategy: InterviewStrategy,
  a: Answers,
  count: number,
): Promise<Int32Array> {
  let state: Float32Array | null = null;
  let scores: Float32Array | null = null;
  if (needsState(ctx, strategy)) {
    const { phi } = await rec.adapt({ items: a.items, ratings: a.ratings });
    scores = await rec.scoreCatalog(phi);
    state = phi.subarray(0, rec.dim);
  }
  const answers: InterviewView['answers'][number][] = [
    ...Array.from(a.items, (item, j) => ({ item, rating: a.ratings[j] ?? null })),
    ...Array.from(a.skipped, (item) => ({ item, rating: null })),
  ];
  const out: number[] = [];
  for (let c = 0; c < count; c++) {
    const pick = nextOffer(ctx, strategy, { answers, state, scores, seed: a.seed });
    if (pick < 0) break;
    out.push(pick);
    answers.push({ item: pick, rating: null });
  }
  return Int32Array.from(out);
}
