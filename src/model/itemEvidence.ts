/**
 * The placers' guard on their input: a new movie's evidence must fit the model (F features, d
 * numbers per rater, one rating per rater, all finite), or placing it fails with a message saying
 * what is wrong instead of putting the movie at NaN on the map.
 */
import type { NewItemEvidence } from './newItem';

export function checkEvidence(e: NewItemEvidence, dim: number, numFeatures: number, placer: string): void {
  const k = e.ratings.length;
  const fail = (what: string) => {
    throw new Error(`${placer}: ${what}`);
  };
  if (e.features.length !== numFeatures)
    fail(`expected ${numFeatures} content features, got ${e.features.length}`);
  if (e.raterStates.length !== k * dim) {
    fail(
      `${k} ratings need ${k} rater states of ${dim} numbers (${k * dim}), got ${e.raterStates.length} numbers`,
    );
  }
  if (!e.features.every(Number.isFinite)) fail('a content feature is not a finite number');
  if (!e.raterStates.every(Number.isFinite)) fail("a rater's state is not a finite number");
  if (!e.ratings.every((r) => Number.isFinite(r) && r >= 0.5 && r <= 5))
    fail('a rating is outside 0.5 to 5 stars');
}
