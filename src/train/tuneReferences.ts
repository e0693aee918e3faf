/**
 * The two references' settings, chosen on meta-val by gridSearch: pretrain + fine-tune (the plain
 * model's inner rate and evidence weights, with the meta-learners' step count) and the prototype
 * (its scale gamma and evidence weights). Both use the plain model's item space.
 */
import { gridSearch } from '../eval/gridSearch';
import type { ListRule } from '../model/listModel';
import { EVIDENCE_SCHEMES, referenceParams } from '../model/listPretrain';
import { listValRecallByK } from '../model/listTrain';
import type { ListValidationSet } from '../model/listValidation';
import type { ModelParams } from '../model/params';

export interface TunedReference {
  params: ModelParams;
  rule: ListRule;
  valRecall: number;
  chosen: Record<string, number | string>;
}

type Scheme = keyof typeof EVIDENCE_SCHEMES;
const SCHEMES = Object.keys(EVIDENCE_SCHEMES) as Scheme[];

async function meanRecall(p: ModelParams, features: Float32Array, rule: ListRule, val: ListValidationSet) {
  const rows = await listValRecallByK(p, features, rule, val);
  return rows.reduce((s, r) => s + r.recall, 0) / rows.length;
}

export async function tuneFinetune(
  plain: ModelParams,
  features: Float32Array,
  innerSteps: number,
  lrGrid: readonly number[],
  val: ListValidationSet,
): Promise<TunedReference> {
  const rule: ListRule = { kind: 'list', encoder: false, innerSteps };
  const grid = SCHEMES.flatMap((scheme) => lrGrid.map((lr) => ({ scheme, lr })));
  const paramsOf = (g: { scheme: Scheme; lr: number }) =>
    referenceParams(plain, EVIDENCE_SCHEMES[g.scheme], { lr: g.lr, gamma: 0 });
  const r = await gridSearch(grid, (g) => meanRecall(paramsOf(g), features, rule, val));
  return {
    params: paramsOf(r.best),
    rule,
    valRecall: r.bestScore,
    chosen: { innerLr: r.best.lr, evidence: r.best.scheme },
  };
}

export async function tunePrototype(
  plain: ModelParams,
  features: Float32Array,
  gammaGrid: readonly number[],
  val: ListValidationSet,
): Promise<TunedReference> {
  const rule: ListRule = { kind: 'list', encoder: true, innerSteps: 0 };
  const grid = SCHEMES.flatMap((scheme) => gammaGrid.map((gamma) => ({ scheme, gamma })));
  const paramsOf = (g: { scheme: Scheme; gamma: number }) =>
    referenceParams(plain, EVIDENCE_SCHEMES[g.scheme], { lr: 0, gamma: g.gamma });
  const r = await gridSearch(grid, (g) => meanRecall(paramsOf(g), features, rule, val));
  return {
    params: paramsOf(r.best),
    rule,
    valRecall: r.bestScore,
    chosen: { gamma: r.best.gamma, evidence: r.best.scheme },
  };
}
