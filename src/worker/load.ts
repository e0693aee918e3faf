/**
 * Loading, the init request: download the model (download.ts), choose a backend, parse the model
 * into the Session, warm up (the first adaptation compiles the shaders; timed apart from a warm
 * one) and post `ready` with the catalog as columns. Never touches `self`.
 */
import * as tf from '@tensorflow/tfjs';
import { onboardingOrder } from '../methods/onboardingOrders';
import storedPolicy from '../methods/interviewPolicy.json' with { type: 'json' };
import { excludedIndices } from '../model/exclusions';
import type { MethodManifest, MethodName } from '../model/format';
import { interviewContextOf, policyFromStored } from '../model/interview/fromModel';
import { listableMask, listFloorOf } from '../model/listFloor';
import { projectUser } from '../model/projection';
import type { Recommender } from '../model/recommender';
import { parseShippedModel, type ShippedModel } from '../model/shipped';
import { gpuResidency } from './backend';
import { downloadModel } from './download';
import type { CatalogColumns, InitRequest, MethodInfo, ModelInfo, WorkerEvent } from './protocol';
import type { HandlerDeps, Session } from './session';

/** Answer an init request: fill `session` and post `ready` (or throw; the handler posts the error). */
export async function loadModel(
  req: InitRequest,
  deps: HandlerDeps,
  session: Session,
  now: () => number,
): Promise<void> {
  const post = deps.post;
  const progress = (phase: 'backend' | 'parse' | 'warmup', loaded: number, total: number) =>
    post({ type: 'progress', requestId: req.id, phase, loaded, total });
  const { files, exclusions } = await downloadModel(req, deps);

  progress('backend', 0, 1);
  const backend = await deps.chooseBackend(req.backend, {
    exclude: req.exclude ?? [],
    failSelfCheck: req.failSelfCheck ?? [],
  });
  session.watch =
    deps.watchBackend?.((message) =>
      post({ type: 'error', requestId: null, kind: 'device-lost', message }),
    ) ?? null;

  progress('parse', 0, 1);
  session.dispose();
  const model = parseShippedModel(files);
  session.model = model;
  const appMethod = pickAppMethod(model);
  session.appMethod = appMethod;
  const counts = model.catalog.movies.map((m) => m[4]);
  const excluded = excludedIndices(
    model.catalog.movies.map((m) => m[0]),
    await exclusions,
  );
  session.excluded = excluded;
  const listable = listableMask(counts, listFloorOf(model.manifest), excluded);
  session.listable = listable;
  session.unlisted = new Set(counts.flatMap((_, i) => (listable[i] ? [] : [i])));
  const rec = session.recommender(appMethod);
  const movieIndex = new Map(model.catalog.movies.map((m, i) => [m[0], i]));
  const stored = policyFromStored(storedPolicy, movieIndex);
  session.interview = {
    ctx: interviewContextOf(model, rec, excluded, stored.policy),
    defaultStrategy: stored.defaultStrategy,
  };

  progress('warmup', 0, 2);
  const probe = warmupSupport(model);
  const t0 = now();
  await runOnce(rec, probe);
  const warmupMs = now() - t0;
  progress('warmup', 1, 2);
  let steadyMs = 0;
  const profile = await tf.profile(async () => {
    const t1 = now();
    await runOnce(rec, probe);
    steadyMs = now() - t1;
  });
  const gpuResident = gpuResidency();

  const columns = catalogColumns(model);
  const candidates = onboardingOrder(columns, new Set(excluded));
  const excludedOut = excluded.slice();
  const ready: Extract<WorkerEvent, { type: 'ready' }> = {
    type: 'ready',
    requestId: req.id,
    backend: { ...backend, warmupMs, steadyMs, kernelsPerAdapt: profile.kernels.length, gpuResident },
    model: modelInfo(model, appMethod, rec, stored.defaultStrategy),
    catalog: columns,
    candidates,
    excluded: excludedOut,
  };
  post(ready, [
    columns.movieIds.buffer,
    columns.years.buffer,
    columns.ratingCounts.buffer,
    columns.meanRatings.buffer,
    columns.xy.buffer,
    ...(columns.entropy ? [columns.entropy.buffer] : []),
    candidates.buffer,
    excludedOut.buffer,
  ]);
}

/** The catalog as columns (one structured clone instead of 10k small objects). */
function catalogColumns(model: ShippedModel): CatalogColumns & { entropy: Float32Array } {
  const movies = model.catalog.movies;
  const columns = {
    movieIds: Int32Array.from(movies, (m) => m[0]),
    titles: movies.map((m) => m[1]),
    years: Int16Array.from(movies, (m) => m[2] ?? 0),
    genres: movies.map((m) => m[3]),
    ratingCounts: Float32Array.from(movies, (m) => m[4]),
    meanRatings: Float32Array.from(movies, (m) => m[5]),
    xy: new Float32Array(movies.length * 2),
    entropy: Float32Array.from(movies, (m) => m[8] ?? 0),
  };
  movies.forEach((m, i) => {
    columns.xy[2 * i] = m[6];
    columns.xy[2 * i + 1] = m[7];
  });
  return columns;
}

/** What the page shows of the model: its methods, the app method, the start and the defaults. */
function modelInfo(
  model: ShippedModel,
  appMethod: MethodName,
  rec: Recommender,
  defaultStrategy: string,
): ModelInfo {
  const head = model.ratingHead;
  const methods: MethodInfo[] = model.manifest.methods.map((m) => ({
    name: m.name,
    label: m.label,
    description: m.description,
    kind: stepsOf(m.rule) > 0 ? 'gradient' : 'closed-form',
    objective: m.rule.kind === 'list' ? 'list' : 'rating',
    stars: m.rule.kind !== 'list' || head !== null,
    innerSteps: stepsOf(m.rule),
  }));
  return {
    dim: model.manifest.dim,
    defaultMethod: model.manifest.defaultMethod,
    appMethod,
    methods,
    attribution: model.manifest.attribution,
    dataSource: model.manifest.data?.source ?? '',
    createdAt: model.manifest.createdAt,
    startXY: projectUser(model.manifest.projection, rec.params.userInit),
    defaultStrategy,
    trainedLr: meanRate(rec),
    trainedSteps: rec.defaultSteps,
  };
}

/** Inner steps a method's rule takes by default (0: one closed-form state). */
function stepsOf(rule: MethodManifest['rule']): number {
  return rule.kind === 'gradient' || rule.kind === 'list' ? rule.innerSteps : 0;
}

/** The mean of a method's trained inner rates over the user vector (the "trained" end of the lr slider). */
function meanRate(rec: Recommender): number {
  const rates = rec.params.innerLr.subarray(0, rec.dim);
  const mean = rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length);
  return Number.isFinite(mean) && mean > 0 ? Number(mean.toPrecision(2)) : 0.5;
}

/**
 * The trained default if it takes inner steps (the app shows the inner loop), else the method with
 * steps that did best on meta-validation: the highest Recall@20 among list methods, the lowest
 * loss among rating methods (the default's own family first).
 */
function pickAppMethod(model: ShippedModel): MethodName {
  const def = model.method(model.manifest.defaultMethod);
  if (stepsOf(def.rule) > 0) return def.name;
  const isList = (m: MethodManifest) => m.rule.kind === 'list';
  const stepwise = model.manifest.methods.filter((m) => stepsOf(m.rule) > 0);
  const family = stepwise.filter((m) => isList(m) === isList(def));
  const worse = (m: MethodManifest) => (isList(m) ? -(m.valRecall ?? -Infinity) : (m.valLoss ?? Infinity));
  const best = (family.length > 0 ? family : stepwise).sort((a, b) => worse(a) - worse(b))[0];
  return best?.name ?? def.name;
}

/** Five popular movies with mixed ratings: the warm-up runs the same kernels a visitor's first ratings will. */
function warmupSupport(model: ShippedModel) {
  const byCount = model.catalog.movies.map((m, i) => [m[4], i] as const).sort((a, b) => b[0] - a[0]);
  const items = Int32Array.from(byCount.slice(0, Math.min(5, byCount.length)), (x) => x[1]);
  const ratings = Float32Array.from(items, (_, j) => [4, 2.5, 5, 3, 1.5][j] ?? 3);
  return { items, ratings };
}

async function runOnce(
  rec: Recommender,
  support: { items: Int32Array; ratings: Float32Array },
): Promise<void> {
  await rec.adaptAndScore(support, () => {});
}
