/**
 * Which movies may enter a list. A movie needs enough evidence (at least the model's floor of
 * meta-train ratings, `manifest.listFloor`, chosen on meta-val by src/train/listFloor.ts) and must
 * not be excluded by the deployer (public/exclude.json, WARMSTART_EXCLUDE). Applied wherever a list
 * is made from the model: the worker, `npm run predict --topk` and the evaluation of the model's
 * methods, so the list that is measured is the list a visitor sees. Plain TypeScript.
 */
import type { ModelManifest } from './format';

/** The floor of a manifest: 0 (every movie) when it records none (models before the floor). */
export function listFloorOf(manifest: Pick<ModelManifest, 'listFloor'>): number {
  return manifest.listFloor?.minRatings ?? 0;
}

/**
 * [N] 1 where a movie may be listed: `counts[i] >= minRatings` and i not in `excluded`.
 * @param counts meta-train rating count of each catalog movie (catalog.json's ratingCount).
 */
export function listableMask(
  counts: ArrayLike<number>,
  minRatings: number,
  excluded: Iterable<number> = [],
): Uint8Array {
  const mask = Uint8Array.from({ length: counts.length }, (_, i) => ((counts[i] ?? 0) >= minRatings ? 1 : 0));
  for (const i of excluded) if (i >= 0 && i < mask.length) mask[i] = 0;
  return mask;
}

/** How many movies a mask lets into lists. */
export function countListable(mask: Uint8Array): number {
  let n = 0;
  for (const x of mask) n += x;
  return n;
}

/**
 * Sets the score of every movie the mask keeps out to -Infinity, in place (topN then skips them:
 * callers drop non-finite scores from a list). A null mask keeps everything.
 * @returns the same array.
 */
export function hideUnlistable(scores: Float32Array, mask: Uint8Array | null, offset = 0): Float32Array {
  if (!mask) return scores;
  for (let i = 0; i < mask.length; i++) if (!mask[i]) scores[offset + i] = -Infinity;
  return scores;
}
