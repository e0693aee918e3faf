/**
 * Nearest neighbours of a movie in the model's item space (cosine similarity of the item vectors),
 * for the map's "movies like this". Plain TypeScript on the plain copy of the vectors the
 * recommender already keeps: no tensors, no readback, a few milliseconds for 10k movies.
 */

/**
 * The `count` movies whose vectors point most nearly the same way as movie `index`'s, most similar
 * first, never `index` itself nor one `allowed` refuses (ties: the lower index first).
 *
 * @param vectors [numItems, stride] row-major; the first `dim` entries of a row are the item vector
 *   (the recommender's rows are [v_i, 1]: stride dim + 1)
 * @returns items: catalog indices; similarity: their cosines, in [-1, 1] (0 for a zero vector)
 */
export function nearestNeighbours(
  vectors: Float32Array,
  stride: number,
  dim: number,
  index: number,
  count: number,
  allowed: (i: number) => boolean = () => true,
): { items: Int32Array; similarity: Float32Array } {
  const n = Math.floor(vectors.length / stride);
  if (index < 0 || index >= n || count <= 0)
    return { items: new Int32Array(0), similarity: new Float32Array(0) };
  const norm = (i: number) => {
    let s = 0;
    for (let t = 0; t < dim; t++) s += (vectors[i * stride + t] ?? 0) ** 2;
    return Math.sqrt(s);
  };
  const q = index * stride;
  const qn = norm(index);
  // A small sorted list of the best so far: count is a handful, n is thousands.
  const best: { i: number; s: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (i === index || !allowed(i)) continue;
    let dot = 0;
    for (let t = 0; t < dim; t++) dot += (vectors[q + t] ?? 0) * (vectors[i * stride + t] ?? 0);
    const d = qn * norm(i);
    const s = d > 0 ? dot / d : 0;
    if (best.length === count && s <= (best[best.length - 1]?.s ?? -Infinity)) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1]?.s ?? -Infinity) < s) at--;
    best.splice(at, 0, { i, s });
    if (best.length > count) best.pop();
  }
  return {
    items: Int32Array.from(best, (b) => b.i),
    similarity: Float32Array.from(best, (b) => b.s),
  };
}
