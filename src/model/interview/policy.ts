/**
 * The learned interviewer: a linear scoring rule over per-candidate features that depend on the
 * answers so far, score_i = w . f_i, the next offer its argmax over the POOL most rated movies. The
 * weights are learned on meta-train episodes by a seeded black-box search (search.ts) maximizing
 * Recall@20 after 10 offers, and chosen on meta-val (`npm run interview`). Pure TypeScript.
 */
import type { InterviewContext, InterviewView } from './ask';
import { seenProbability, stateMove, stateSummary } from './signals';

/** The features, in weight order. Each is scaled to about [0, 1]. */
export const POLICY_FEATURES = [
  /** log(1 + rating count) / log(1 + the largest count). */
  'log-popularity',
  /** Rating entropy / log2(10), the most a 10-level histogram can have. */
  'entropy',
  /** The product of the two (popularity x disagreement without the genre variety). */
  'log-popularity-x-entropy',
  /** P(seen) = 1 - exp(-m p_i) under the current state (signals.ts), m = SEEN_RATINGS. */
  'seen',
  /** |lr ⊙ (v_i - vbar)| over its largest value among the candidates (how far a rating moves the state). */
  'move',
  /** 1 - (rank among the candidates by the current list score) / candidates: 1 = at the top of the list. */
  'list-rank',
  /** P(seen) x the share of "haven't seen" answers so far (lean on P(seen) after many skips). */
  'seen-after-skips',
] as const;

export const SEEN_RATINGS = 300;

export interface LearnedPolicy {
  /** One weight per POLICY_FEATURES entry. */
  weights: number[];
}

const MAX_ENTROPY = Math.log2(10);

/** Features of the candidates, [C * F] row-major (F = POLICY_FEATURES.length). Needs view.scores. */
export function policyFeatures(
  ctx: InterviewContext,
  view: InterviewView,
  cands: ArrayLike<number>,
): Float32Array {
  const model = ctx.model;
  const scores = view.scores;
  if (!model || !scores) throw new Error('policyFeatures: the learned interviewer needs the model state');
  const f = POLICY_FEATURES.length;
  const c = cands.length;
  const out = new Float32Array(c * f);
  const { logp, vbar } = stateSummary(model, scores);
  const counts = ctx.catalog.ratingCounts;
  let maxCount = 0;
  for (let j = 0; j < c; j++) maxCount = Math.max(maxCount, counts[cands[j] as number] ?? 0);
  const logMax = Math.log1p(maxCount) || 1;
  const moves = new Float64Array(c);
  let maxMove = 0;
  for (let j = 0; j < c; j++) {
    moves[j] = stateMove(model, vbar, cands[j] as number);
    maxMove = Math.max(maxMove, moves[j] as number);
  }
  const byScore = Array.from({ length: c }, (_, j) => j).sort(
    (a, b) => (scores[cands[b] as number] ?? 0) - (scores[cands[a] as number] ?? 0) || a - b,
  );
  const rank = new Int32Array(c);
  byScore.forEach((j, r) => (rank[j] = r));
  const skips = view.answers.filter((a) => a.rating === null).length;
  const skipShare = view.answers.length > 0 ? skips / view.answers.length : 0;
  for (let j = 0; j < c; j++) {
    const i = cands[j] as number;
    const pop = Math.log1p(counts[i] ?? 0) / logMax;
    const ent = (ctx.catalog.entropy[i] ?? 0) / MAX_ENTROPY;
    const seen = seenProbability(logp[i] ?? -Infinity, SEEN_RATINGS);
    const row = j * f;
    out[row] = pop;
    out[row + 1] = ent;
    out[row + 2] = pop * ent;
    out[row + 3] = seen;
    out[row + 4] = maxMove > 0 ? (moves[j] as number) / maxMove : 0;
    out[row + 5] = 1 - (rank[j] as number) / c;
    out[row + 6] = seen * skipShare;
  }
  return out;
}

/** w . f of every candidate, [C]. */
export function scorePolicy(weights: readonly number[], features: Float32Array, count: number): Float64Array {
  const f = POLICY_FEATURES.length;
  const out = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    let s = 0;
    for (let k = 0; k < f; k++) s += (weights[k] ?? 0) * (features[j * f + k] ?? 0);
    out[j] = s;
  }
  return out;
}
