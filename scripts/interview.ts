/**
 * npm run interview [-- --model DIR --data DIR --out DIR --policy FILE --users N --backend wasm]
 * Simulated sign-ups: learns the interview tree and the learned interviewer on meta-train users,
 * chooses every setting and the app's default strategy on meta-val (Recall@20 after 10 offers),
 * and measures every strategy on meta-val and meta-test. Writes eval/interview/report.{json,md}
 * and the policy the app and `npm run predict --ask` use (src/methods/interviewPolicy.json).
 * Thin: the work is in src/eval/interview*.ts and src/model/interview/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { UserHistory } from '../src/data/types';
import { INTERVIEW_INFO, INTERVIEW_STRATEGIES, type InterviewStrategy } from '../src/methods/interview';
import {
  interviewMarkdown,
  summarizeSplit,
  bestStrategy,
  type InterviewReport,
} from '../src/eval/interviewReport';
import {
  INITIAL_WEIGHTS,
  learnTrees,
  meanRecallAt,
  runStrategy,
  scorePolicies,
  searchLearnedPolicy,
  withPolicy,
} from '../src/eval/interviewRun';
import type { UserInterview } from '../src/eval/interview';
import { excludedIndices } from '../src/model/exclusions';
import { DEFAULT_POLICY, type InterviewPolicy } from '../src/model/interview/ask';
import { interviewContextOf, type StoredInterviewPolicy } from '../src/model/interview/fromModel';
import { POLICY_FEATURES } from '../src/model/interview/policy';
import { storeTree } from '../src/model/interview/tree';
import { ListBatchAdapter } from '../src/model/listBatch';
import { listableMask, listFloorOf } from '../src/model/listFloor';
import { withoutNewItems } from '../src/data/itemSplit';
import { prepareTrainingData } from '../src/model/trainingData';
import { writeFileAtomic } from './lib/atomicWrite';
import { useBackend } from './lib/backend';
import { DEFAULT_DATA_DIR, loadMovieLensDir } from './lib/dataDir';
import { DEFAULT_MODEL_DIR, readModelDir, readSplit, REPO_ROOT } from './lib/modelDir';

const USAGE = `Usage: npm run interview -- [--model DIR] [--data DIR] [--out DIR] [--policy FILE] [--users N] [--train-users N] [--generations N] [--population N] [--seed N] [--backend wasm|cpu]
  --users N        only the first N users of meta-val and meta-test (for development; the shipped report uses all)
  --train-users N  meta-train users in the learned interviewer's search episodes (default 64)`;

const QS = [5, 10, 15, 20, 30];
const KS = [1, 3, 5, 10];
const SELECTION_Q = 10;
const REFERENCE: InterviewStrategy = 'pop-entropy';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      policy: { type: 'string' },
      users: { type: 'string' },
      'train-users': { type: 'string', default: '64' },
      generations: { type: 'string', default: '5' },
      population: { type: 'string', default: '12' },
      seed: { type: 'string', default: '1' },
      backend: { type: 'string', default: 'wasm' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const int = (name: string, v: string | undefined): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} expects a whole number >= 1, got "${v}"`);
    return n;
  };
  const seed = int('seed', values.seed);
  const modelDir = resolve(values.model ?? DEFAULT_MODEL_DIR);
  const outDir = resolve(values.out ?? join(REPO_ROOT, 'eval/interview'));
  const policyFile = resolve(values.policy ?? join(REPO_ROOT, 'src/methods/interviewPolicy.json'));
  const model = readModelDir(modelDir);
  const split = readSplit(modelDir);
  const loaded = loadMovieLensDir(resolve(values.data ?? DEFAULT_DATA_DIR));
  await useBackend(values.backend ?? 'wasm');
  const prepared = prepareTrainingData(withoutNewItems(loaded.data, split), split);
  const limit = values.users ? int('users', values.users) : Infinity;
  const val = prepared.val.slice(0, limit);
  const test = prepared.test.slice(0, limit);
  const trainAll = prepared.train;
  const trainUsers = int('train-users', values['train-users']);
  // The search's episodes: a seeded sample of meta-train users (every one would cost ~7x more).
  const episodes = sample(trainAll, trainUsers, seed);

  const method = model.manifest.defaultMethod;
  const rec = model.recommender(method);
  const spec = rec.attributionModel();
  if (!spec)
    throw new Error(`the default method ${method} is not a list method: the simulator adapts list states`);
  const adapter = new ListBatchAdapter(spec, rec.defaultSteps);
  const movieIds = model.catalog.movies.map((m) => m[0]);
  const excludeFile = join(REPO_ROOT, 'public/exclude.json');
  const excludedIds = existsSync(excludeFile)
    ? ((JSON.parse(readFileSync(excludeFile, 'utf8')) as { movieIds?: number[] }).movieIds ?? [])
    : [];
  const excluded = excludedIndices(movieIds, excludedIds);
  const counts = model.catalog.movies.map((m) => m[4]);
  const floor = listFloorOf(model.manifest);
  const listable = floor > 0 ? listableMask(counts, floor, excluded) : null;
  const base = interviewContextOf(model, rec, excluded, DEFAULT_POLICY);
  const t0 = Date.now();
  const log = (m: string) => console.error(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`);
  const selOpts = { qs: [SELECTION_Q], ks: [], listable };
  const onVal = async (policy: InterviewPolicy, s: InterviewStrategy) =>
    meanRecallAt(await runStrategy(adapter, withPolicy(base, policy), val, s, selOpts), 0);

  // 1. The greedy strategy's m on meta-val.
  const greedyGrid = [100, 300, 1000, 3000];
  const greedyScores: Record<string, number> = {};
  let policy: InterviewPolicy = { ...DEFAULT_POLICY };
  let bestGreedy = -Infinity;
  for (const m of greedyGrid) {
    const r = await onVal({ ...policy, greedyRatings: m }, 'greedy');
    greedyScores[m] = round(r);
    log(`greedy m=${m}: meta-val R@20 after ${SELECTION_Q} = ${r.toFixed(4)}`);
    if (r > bestGreedy) {
      bestGreedy = r;
      policy = { ...policy, greedyRatings: m };
    }
  }

  // 2. Trees learned on all meta-train users; depth and fallback on meta-val.
  const treeOpts = { candidates: 40, minUsers: 12, seed };
  const trees = learnTrees(
    trainAll,
    base,
    [
      { depth: 5, fallback: 'pop-entropy' },
      { depth: 5, fallback: 'greedy' },
      { depth: 8, fallback: 'pop-entropy' },
      { depth: 8, fallback: 'greedy' },
    ],
    treeOpts,
  );
  const treeScores: { depth: number; fallback: string; nodes: number; recall: number }[] = [];
  let bestTree = trees[0]?.tree ?? null;
  let bestTreeScore = -Infinity;
  for (const { choice, tree } of trees) {
    const r = await onVal({ ...policy, tree }, 'tree');
    treeScores.push({ ...choice, nodes: tree.nodes.length, recall: round(r) });
    log(
      `tree depth=${choice.depth} fallback=${choice.fallback} (${tree.nodes.length} nodes): ${r.toFixed(4)}`,
    );
    if (r > bestTreeScore) {
      bestTreeScore = r;
      bestTree = tree;
    }
  }
  policy = { ...policy, tree: bestTree };

  // 3. The learned interviewer: weights searched on meta-train episodes, the candidate chosen on meta-val.
  const searchOpts = {
    q: SELECTION_Q,
    population: int('population', values.population),
    elites: 3,
    generations: int('generations', values.generations),
    sigma: 1,
    seed,
    listable,
  };
  const ctxP = withPolicy(base, policy);
  const search = await searchLearnedPolicy(adapter, ctxP, episodes, {
    ...searchOpts,
    onGeneration: (g, best) => log(`search generation ${g + 1}: best meta-train R@20 ${best.toFixed(4)}`),
  });
  const candidates = [INITIAL_WEIGHTS, ...search.means, search.best.weights];
  const valScores = await scorePolicies(adapter, ctxP, val, candidates, SELECTION_Q, listable);
  const pick = valScores.reduce((b, s, j) => (s > (valScores[b] ?? -Infinity) ? j : b), 0);
  const weights = (candidates[pick] as number[]).map(round);
  log(`learned interviewer: meta-val ${valScores.map((s) => s.toFixed(4)).join(', ')} -> candidate ${pick}`);
  policy = { ...policy, learned: { weights } };

  // 4. Every strategy on meta-val (chooses the default) and meta-test (the report).
  const ctx = withPolicy(base, policy);
  const runAll = async (users: readonly UserHistory[], name: string) => {
    const runs = new Map<InterviewStrategy, UserInterview[]>();
    for (const s of INTERVIEW_STRATEGIES) {
      runs.set(s, await runStrategy(adapter, ctx, users, s, { qs: QS, ks: KS, listable }));
      log(
        `${name} ${s}: R@20 after ${SELECTION_Q} = ${meanRecallAt(runs.get(s) ?? [], QS.indexOf(SELECTION_Q)).toFixed(4)}`,
      );
    }
    return summarizeSplit(name, runs, QS, KS, REFERENCE);
  };
  const valReport = await runAll(val, 'meta-val');
  const best = bestStrategy(valReport, SELECTION_Q);
  const testReport = await runAll(test, 'meta-test');
  adapter.dispose();
  rec.dispose();

  const at = (s: InterviewStrategy) =>
    valReport.strategies.find((x) => x.strategy === s)?.byQ.find((x) => x.q === SELECTION_Q)?.recall.mean ??
    NaN;
  const report: InterviewReport = {
    qs: QS,
    ks: KS,
    maxOffers: Math.max(...QS),
    reference: REFERENCE,
    defaultStrategy: best.strategy,
    selectionQ: SELECTION_Q,
    defaultReason: `the highest meta-val Recall@20 after ${SELECTION_Q} offers (${INTERVIEW_STRATEGIES.map((s) => `${s} ${at(s).toFixed(4)}`).join(', ')}).`,
    settings: {
      greedy: { chosen: policy.greedyRatings, metaValRecallByM: greedyScores },
      tree: {
        ...treeOpts,
        tried: treeScores,
        chosen: { fallback: bestTree?.fallback, nodes: bestTree?.nodes.length },
      },
      learned: {
        features: POLICY_FEATURES,
        weights,
        search: {
          ...searchOpts,
          listable: undefined,
          trainUsers: episodes.length,
          bestTrainRecall: round(search.best.score),
        },
        metaValRecallByCandidate: valScores.map(round),
        chosenCandidate:
          pick === 0
            ? 'initial'
            : pick === candidates.length - 1
              ? 'best scored on meta-train'
              : `mean after generation ${pick}`,
      },
    },
    notes: [
      `Model: ${relative(REPO_ROOT, modelDir)}, default method ${method} (the app's), adapted after every rating exactly as the app does; lists keep the model's floor (${floor} meta-train ratings) and leave out the rated movies.`,
      `Users: ${val.length} meta-val, ${test.length} meta-test (every user of the split${Number.isFinite(limit) ? `, first ${limit} only` : ''}); each gets ${Math.max(...QS)} offers. A visitor answers with their real rating when they rated the movie, "haven't seen" otherwise.`,
      'Recall@20 and nDCG@20 over the whole catalog against the ratings >= 4 never offered; a user with none left is skipped at that point. Paired differences are user by user against popularity x disagreement, 95% normal intervals.',
      `The tree and the learned interviewer are learned on meta-train users (${trainAll.length} and a seeded sample of ${episodes.length}); every setting and the default are chosen on meta-val; meta-test is only measured.`,
      `Wall time ${((Date.now() - t0) / 1000).toFixed(0)} s on the ${values.backend} backend.`,
    ],
    val: valReport,
    test: testReport,
  };
  const stored: StoredInterviewPolicy = {
    defaultStrategy: best.strategy,
    greedyRatings: policy.greedyRatings,
    tree: bestTree ? storeTree(bestTree, movieIds) : null,
    learned: { features: [...POLICY_FEATURES], weights },
  };
  writeFileAtomic(join(outDir, 'report.json'), JSON.stringify(report, null, 1) + '\n');
  writeFileAtomic(join(outDir, 'report.md'), interviewMarkdown(report) + '\n');
  writeFileAtomic(policyFile, JSON.stringify(stored) + '\n');
  log(`default strategy: ${best.strategy} (${INTERVIEW_INFO[best.strategy].label})`);
  console.error(
    `wrote ${relative(process.cwd(), outDir)}/report.{json,md} and ${relative(process.cwd(), policyFile)}`,
  );
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** A seeded sample of n items (all when n >= length), in their original order. */
function sample<T>(xs: readonly T[], n: number, seed: number): T[] {
  if (n >= xs.length) return [...xs];
  let a = seed >>> 0;
  const keyed = xs.map((x, i) => {
    a = (Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) + 0x6d2b79f5 + i) >>> 0;
    return { x, i, k: a };
  });
  return keyed
    .sort((p, q) => p.k - q.k || p.i - q.i)
    .slice(0, n)
    .sort((p, q) => p.i - q.i)
    .map((p) => p.x);
}

main().catch((e: unknown) => {
  console.error(`interview: ${(e as Error).message}`);
  process.exit(1);
});
