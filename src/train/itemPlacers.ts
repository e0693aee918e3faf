/**
 * Fits the new-item placers of issue 17 and chooses every setting on VALIDATION new movies (the
 * likers' AUC of the item cold-start evaluation, src/eval/itemColdStart.ts), never on test movies:
 * the content regression's ridge lambda (at K = 0), the RLFM-style fold-in's prior strength and
 * target scale (K >= 1), item-kNN's shrinkage and neighbour count (K >= 1), and the meta-learned
 * warm-up among the candidates its trainer offers. Plain TypeScript: the placers are small.
 */
import { evaluateItemColdStart, meanAuc } from '../eval/itemColdStart';
import { coRaterKnnMethod, type CoRaterKnnSettings } from '../eval/itemCoRaterKnn';
import type { CandidateScores } from '../eval/itemColdStartMetrics';
import type { CatalogSide, ItemEvalMethod, NewItemRatings, RaterPool } from '../eval/itemColdStartProtocol';
import { contentPlacer, fitContent, type ContentFit } from '../model/itemContent';
import { foldInPlacer } from '../model/itemFoldIn';
import { adjustTargets, fitRatingTargets } from '../model/itemTargets';
import type { ItemTrainingSet, NewItemPlacer } from '../model/newItem';

/** Names and labels of the item cold-start methods, in table order. */
export const ITEM_METHODS = {
  model: "The model's content vector (no regression)",
  content: 'Content regression',
  foldin: 'Content + fold-in (RLFM-style)',
  knn: 'Item-kNN through co-raters',
  warmup: 'Meta-learned warm-up (MetaEmb-style)',
} as const;
export type ItemMethodName = keyof typeof ITEM_METHODS;

/** The pair the verdict is about: the meta-learned warm-up against the non-meta reference. */
export const ITEM_PAIR: [ItemMethodName, ItemMethodName] = ['warmup', 'foldin'];

export interface ItemGrid {
  contentLambda: number[];
  foldInLambda: number[];
  targetScale: number[];
  knnShrink: number[];
  knnNeighbours: number[];
}

export const ITEM_GRID: ItemGrid = {
  contentLambda: [0.1, 1, 10, 100, 1000],
  foldInLambda: [0.3, 1, 3, 10, 30, 100, 300, 1000],
  targetScale: [0.5, 1, 2, 4, 8],
  knnShrink: [0, 2, 5, 10],
  knnNeighbours: [3, 10, 30, 100],
};

/** A trained warm-up candidate (its settings as plain JSON, its parameters for the app). */
export interface WarmupCandidate<P> {
  chosen: Record<string, number | string>;
  placer: NewItemPlacer;
  params: P;
}

/** What the item side needs to be evaluated: the placers' data and the validation movies. */
export interface ItemFitContext {
  set: ItemTrainingSet;
  pool: RaterPool;
  catalog: CatalogSide;
  /** Validation new movies (settings are chosen on these). */
  val: NewItemRatings[];
  /** Every new movie (validation and test), left out of every rater's list. */
  newItems: ReadonlySet<number>;
  lists: (user: number) => CandidateScores;
  ks: number[];
}

export interface FittedItemPlacers<P> {
  /** Every method, settings chosen, ready for the test movies. */
  methods: ItemEvalMethod[];
  /** The chosen settings and their validation AUC, plain JSON (the manifest records them). */
  chosen: Record<string, Record<string, number | string | boolean>>;
  /** The chosen warm-up's parameters (null when no warm-up trainer ran). */
  warmupParams: P | null;
}

/** An ItemEvalMethod from a placer: the last state of its path. */
export function placerMethod(name: ItemMethodName, placer: NewItemPlacer): ItemEvalMethod {
  return { name, label: ITEM_METHODS[name], place: (s) => placer.place(s.evidence).states.at(-1) ?? null };
}

/** The model's own content vector of the new movie: its catalog row (a new movie has no id). */
export function modelMethod(catalog: CatalogSide): ItemEvalMethod {
  const d = catalog.dim;
  return {
    name: 'model',
    label: ITEM_METHODS.model,
    place: (s) => ({
      vector: catalog.vectors.slice(s.item * d, (s.item + 1) * d),
      bias: catalog.biases[s.item] as number,
    }),
  };
}

/** Mean validation AUC of a method over the given Ks. */
function valAuc(ctx: ItemFitContext, method: ItemEvalMethod, ks: number[]): number {
  const report = evaluateItemColdStart([method], ctx.val, ctx.pool, ctx.catalog, {
    ks,
    newItems: ctx.newItems,
    lists: ctx.lists,
  });
  return meanAuc(report, method.name);
}

/** The candidate with the highest score (the first on ties, so grids list the simpler settings first). */
function best<T>(candidates: T[], score: (c: T) => number): { choice: T; score: number } {
  let top = { choice: candidates[0] as T, score: -Infinity };
  for (const c of candidates) {
    const s = score(c);
    if (s > top.score) top = { choice: c, score: s };
  }
  return top;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Fits every placer and chooses its settings on the validation movies.
 * @param trainWarmup trains the warm-up candidates from the chosen content fit; `score` is a
 *   placer's mean validation AUC over every K, for keeping the best iteration (omitted: no warm-up row).
 */
export async function fitItemPlacers<P>(
  ctx: ItemFitContext,
  grid: ItemGrid = ITEM_GRID,
  trainWarmup?: (
    content: ContentFit,
    score: (placer: NewItemPlacer) => number,
  ) => Promise<WarmupCandidate<P>[]>,
  log: (line: string) => void = () => {},
): Promise<FittedItemPlacers<P>> {
  const rated = ctx.ks.filter((k) => k > 0);
  const content = best(
    grid.contentLambda.map((lambda) => ({ lambda, fit: fitContent(ctx.set, { lambda }) })),
    (c) => valAuc(ctx, placerMethod('content', contentPlacer(c.fit)), [0]),
  );
  log(
    `content regression: lambda ${content.choice.lambda} (validation AUC at K = 0 ${content.score.toFixed(4)})`,
  );
  const targets = fitRatingTargets(ctx.set);
  const foldIn = best(
    grid.foldInLambda.flatMap((lambda) => grid.targetScale.map((scale) => ({ lambda, scale }))),
    (c) =>
      valAuc(
        ctx,
        placerMethod(
          'foldin',
          foldInPlacer(content.choice.fit, { lambda: c.lambda, targets: adjustTargets(targets, c.scale) }),
        ),
        rated,
      ),
  );
  log(
    `fold-in: lambda ${foldIn.choice.lambda}, target scale ${foldIn.choice.scale} (validation AUC over K >= 1 ${foldIn.score.toFixed(4)})`,
  );
  const knn = best(
    grid.knnShrink.flatMap((shrink) =>
      grid.knnNeighbours.map((neighbours): CoRaterKnnSettings => ({ shrink, neighbours })),
    ),
    (c) => valAuc(ctx, coRaterKnnMethod(ctx.pool, ctx.catalog, c), rated),
  );
  log(
    `item-kNN: shrink ${knn.choice.shrink}, neighbours ${knn.choice.neighbours} (validation AUC over K >= 1 ${knn.score.toFixed(4)})`,
  );
  const methods: ItemEvalMethod[] = [
    modelMethod(ctx.catalog),
    placerMethod('content', contentPlacer(content.choice.fit)),
    placerMethod(
      'foldin',
      foldInPlacer(content.choice.fit, {
        lambda: foldIn.choice.lambda,
        targets: adjustTargets(targets, foldIn.choice.scale),
      }),
    ),
    coRaterKnnMethod(ctx.pool, ctx.catalog, knn.choice),
  ];
  const chosen: FittedItemPlacers<P>['chosen'] = {
    content: { lambda: content.choice.lambda, valAuc: round(content.score) },
    foldin: { lambda: foldIn.choice.lambda, targetScale: foldIn.choice.scale, valAuc: round(foldIn.score) },
    knn: { ...knn.choice, valAuc: round(knn.score) },
  };
  let warmupParams: P | null = null;
  if (trainWarmup) {
    const candidates = await trainWarmup(content.choice.fit, (placer) =>
      valAuc(ctx, placerMethod('warmup', placer), ctx.ks),
    );
    if (candidates.length > 0) {
      const warm = best(candidates, (c) => valAuc(ctx, placerMethod('warmup', c.placer), ctx.ks));
      log(
        `warm-up: ${JSON.stringify(warm.choice.chosen)} (validation AUC over every K ${warm.score.toFixed(4)})`,
      );
      methods.push(placerMethod('warmup', warm.choice.placer));
      chosen.warmup = { ...warm.choice.chosen, valAuc: round(warm.score) };
      warmupParams = warm.choice.params;
    }
  }
  return { methods, chosen, warmupParams };
}
