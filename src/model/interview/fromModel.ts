/**
 * An InterviewContext for a shipped model and its stored policy (src/methods/interviewPolicy.json,
 * written by `npm run interview`): what the worker, `npm run predict --ask` and the simulator
 * share, so the movie offered is the one that was measured.
 */
import { isInterviewStrategy, type InterviewStrategy } from '../../methods/interview';
import type { Recommender } from '../recommender';
import type { ShippedModel } from '../shipped';
import { DEFAULT_POLICY, InterviewContext, type InterviewPolicy } from './ask';
import { POLICY_FEATURES } from './policy';
import { loadTree, type StoredTree } from './tree';

/** What interviewPolicy.json holds. */
export interface StoredInterviewPolicy {
  defaultStrategy: InterviewStrategy;
  greedyRatings: number;
  tree: StoredTree | null;
  learned: { features: string[]; weights: number[] } | null;
}

/** The stored policy on a catalog; anything that does not validate falls back to the defaults. */
export function policyFromStored(
  stored: unknown,
  movieIndex: ReadonlyMap<number, number>,
): { policy: InterviewPolicy; defaultStrategy: InterviewStrategy } {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<StoredInterviewPolicy>;
  const defaultStrategy = isInterviewStrategy(s.defaultStrategy) ? s.defaultStrategy : 'pop-entropy';
  const greedyRatings =
    typeof s.greedyRatings === 'number' && s.greedyRatings > 0
      ? s.greedyRatings
      : DEFAULT_POLICY.greedyRatings;
  const tree =
    s.tree && Array.isArray(s.tree.nodes) && isInterviewStrategy(s.tree.fallback)
      ? loadTree(s.tree, movieIndex)
      : null;
  const learned =
    s.learned &&
    Array.isArray(s.learned.weights) &&
    s.learned.weights.length === POLICY_FEATURES.length &&
    s.learned.features?.every((f, i) => f === POLICY_FEATURES[i])
      ? { weights: s.learned.weights.map(Number) }
      : null;
  return { policy: { greedyRatings, tree, learned }, defaultStrategy };
}

/** The context of a shipped model: its catalog columns, the app method's arrays, the exclusions. */
export function interviewContextOf(
  model: ShippedModel,
  rec: Recommender,
  excluded: Iterable<number>,
  policy: InterviewPolicy,
): InterviewContext {
  const movies = model.catalog.movies;
  const spec = rec.attributionModel();
  return new InterviewContext(
    {
      numItems: movies.length,
      ratingCounts: Float32Array.from(movies, (m) => m[4]),
      entropy: Float32Array.from(movies, (m) => m[8] ?? 0),
      genres: movies.map((m) => m[3]),
      excluded: new Set(excluded),
    },
    spec
      ? {
          dim: spec.dim,
          vectors: spec.vectors,
          stride: spec.stride,
          biases: spec.biases,
          lr:
            typeof spec.lr === 'number'
              ? new Float32Array(spec.dim).fill(spec.lr)
              : Float32Array.from(spec.lr),
        }
      : null,
    policy,
  );
}
