/**
 * Choosing the lists' rating-count floor (src/model/listFloor.ts) on meta-val, by the list metric:
 * a floor keeps obscure movies with almost no ratings out of a visitor's list (a film with three
 * ratings, all five stars, can top a list on a lucky bias), but every movie it removes could also
 * have been a hit. So the floor is chosen the way every other setting is: the default method's
 * meta-val Recall@20 (mean over the validation Ks) at each candidate floor, and the largest floor
 * that costs nothing measurable:
 *
 *   chosen = the largest candidate whose Recall@20 >= best - FLOOR_TOLERANCE,
 *
 * where best is the highest Recall@20 over the candidates (a floor that helps counts too).
 * Runs after training: the weights do not depend on it. Never sees meta-test users.
 */
import type { ListFloorChoice } from '../model/format';
import type { ListRule } from '../model/listModel';
import { countListable, hideUnlistable, listableMask } from '../model/listFloor';
import { listValScores } from '../model/listTrain';
import { LIST_CUTOFF, validationRecallByK, type ListValidationSet } from '../model/listValidation';
import type { ModelParams } from '../model/params';

/** Candidate floors, in meta-train ratings. */
export const FLOOR_CANDIDATES = [0, 3, 5, 10, 15, 20, 30, 50];
/**
 * Meta-val Recall@20 this close to the best is "as good": far inside the noise of the measure (the
 * paired 95% intervals of Recall@20 differences in eval/report.md are about +-0.015 wide).
 */
export const FLOOR_TOLERANCE = 0.002;

export interface FloorRow {
  minRatings: number;
  /** Mean over the validation Ks of the meta-val Recall@20. */
  recall: number;
  recallByK: { k: number; recall: number }[];
  /** Catalog movies the floor lets into lists. */
  listable: number;
}

/**
 * Meta-val Recall@20 at each floor from the episodes' catalog scores ([episodes * n], as
 * listValScores). A floor that leaves no more than LIST_CUTOFF + the largest K movies listable is
 * left out (its lists could not be full).
 */
export function floorTable(
  val: ListValidationSet,
  scores: Float32Array,
  counts: ArrayLike<number>,
  floors: readonly number[] = FLOOR_CANDIDATES,
): FloorRow[] {
  const n = counts.length;
  const maxK = Math.max(0, ...val.ks);
  const rows: FloorRow[] = [];
  for (const minRatings of floors) {
    const mask = listableMask(counts, minRatings);
    const listable = countListable(mask);
    if (listable <= LIST_CUTOFF + maxK) continue;
    const masked = scores.slice();
    for (let e = 0; e < val.supports.length; e++) hideUnlistable(masked, mask, e * n);
    const recallByK = validationRecallByK(val, masked, n);
    const recall = recallByK.reduce((s, r) => s + r.recall, 0) / Math.max(1, recallByK.length);
    rows.push({ minRatings, recall, recallByK, listable });
  }
  return rows;
}

/**
 * The rule (see the file's first lines): the largest floor whose Recall@20 is at least the best
 * minus `tolerance`. No row: no floor.
 */
export function chooseListFloor(
  rows: readonly FloorRow[],
  method: string,
  tolerance = FLOOR_TOLERANCE,
): ListFloorChoice {
  const byFloor = rows.map((r) => ({
    minRatings: r.minRatings,
    recall: Math.round(r.recall * 1e6) / 1e6,
    listable: r.listable,
  }));
  if (rows.length === 0)
    return { minRatings: 0, reason: 'No candidate floor could fill a list: no floor.', byFloor };
  const best = rows.reduce((a, b) => (b.recall > a.recall ? b : a));
  const ok = rows.filter((r) => r.recall >= best.recall - tolerance);
  const chosen = ok.reduce((a, b) => (b.minRatings > a.minRatings ? b : a));
  const ks = rows[0]?.recallByK.map((r) => r.k).join(', ') ?? '';
  return {
    minRatings: chosen.minRatings,
    reason:
      `The largest floor whose meta-val Recall@20 of ${method} (mean over K = ${ks}) is within ${tolerance} of the best ` +
      `(${best.recall.toFixed(4)} at ${best.minRatings}): ${chosen.recall.toFixed(4)} at ${chosen.minRatings} ratings, ` +
      `${chosen.listable} movies listable (${rows.map((r) => `${r.minRatings}: ${r.recall.toFixed(4)}`).join(', ')}).`,
    byFloor,
  };
}

/** Scores the meta-val episodes with a method's parameters and chooses the floor. */
export async function selectListFloor(
  method: { name: string; params: ModelParams; rule: Pick<ListRule, 'encoder' | 'innerSteps'> },
  features: Float32Array,
  val: ListValidationSet,
  counts: ArrayLike<number>,
  floors: readonly number[] = FLOOR_CANDIDATES,
): Promise<{ choice: ListFloorChoice; rows: FloorRow[] }> {
  const scores = await listValScores(method.params, features, method.rule, val);
  const rows = floorTable(val, scores, counts, floors);
  return { choice: chooseListFloor(rows, method.name), rows };
}
