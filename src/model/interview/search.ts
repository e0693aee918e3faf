/**
 * A seeded cross-entropy method: black-box search for a weight vector that maximizes an objective
 * measured by simulation (the learned interviewer's Recall@20 after 10 offers on meta-train users).
 * Each generation draws `population` vectors from a diagonal Gaussian, scores them all in one call
 * (the caller simulates every candidate in one batch) and refits the Gaussian to the best
 * `elites`. Pure TypeScript; the same seed gives the same search.
 */
import { createRng } from '../../data/rng';

export interface SearchOptions {
  init: number[];
  sigma: number;
  population: number;
  elites: number;
  generations: number;
  seed: number;
  /** Scores of the candidates, same order (higher is better). */
  evaluate: (candidates: number[][]) => Promise<number[]>;
  onGeneration?: (g: number, best: number, mean: number[]) => void;
}

export interface SearchResult {
  /** The mean of the search distribution after each generation (the candidates to select among). */
  means: number[][];
  /** The best candidate scored and its score. */
  best: { weights: number[]; score: number };
}

export async function crossEntropySearch(opts: SearchOptions): Promise<SearchResult> {
  const rng = createRng(opts.seed);
  const gauss = () => rng.normal();
  const dim = opts.init.length;
  let mean = [...opts.init];
  let sd = Array.from({ length: dim }, () => opts.sigma);
  const means: number[][] = [];
  let best = { weights: [...opts.init], score: -Infinity };
  for (let g = 0; g < opts.generations; g++) {
    // The current mean is always a candidate: a generation never loses the best guess so far.
    const cands = [
      [...mean],
      ...Array.from({ length: opts.population - 1 }, () => mean.map((m, k) => m + (sd[k] ?? 0) * gauss())),
    ];
    const scores = await opts.evaluate(cands);
    const order = cands
      .map((_, j) => j)
      .sort((a, b) => (scores[b] ?? -Infinity) - (scores[a] ?? -Infinity) || a - b);
    const top = order.slice(0, opts.elites).map((j) => cands[j] as number[]);
    const first = order[0] as number;
    if ((scores[first] ?? -Infinity) > best.score)
      best = { weights: [...(cands[first] as number[])], score: scores[first] as number };
    mean = Array.from({ length: dim }, (_, k) => top.reduce((s, w) => s + (w[k] ?? 0), 0) / top.length);
    sd = Array.from({ length: dim }, (_, k) => {
      const v = top.reduce((s, w) => s + ((w[k] ?? 0) - (mean[k] ?? 0)) ** 2, 0) / top.length;
      return Math.max(Math.sqrt(v), opts.sigma * 0.05);
    });
    means.push([...mean]);
    opts.onGeneration?.(g, best.score, mean);
  }
  return { means, best };
}
