/**
 * The 2-D map: a PCA of the catalog's item vectors. Items are drawn at (v - mean) . axes; a user
 * state phi = (u, b_u) at userScale * (axes . u - userCenter), so the direction a user moves in is
 * the direction of the items whose predicted rating rises (scores are u . v).
 */
import type { Projection } from './format';

/** Top-2 principal axes of the rows [n, width] (first `dim` columns), by power iteration. */
export function fitProjection(
  rows: Float32Array,
  n: number,
  width: number,
  dim: number,
  iterations = 200,
): Omit<Projection, 'userScale' | 'userCenter'> {
  const mean = new Array<number>(dim).fill(0);
  for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) mean[t]! += (rows[i * width + t] ?? 0) / n;
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dim; a++) {
      const xa = (rows[i * width + a] ?? 0) - (mean[a] ?? 0);
      for (let b = a; b < dim; b++) cov[a * dim + b]! += xa * ((rows[i * width + b] ?? 0) - (mean[b] ?? 0));
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a] ?? 0;
  const axes: number[][] = [];
  for (let k = 0; k < 2; k++) {
    // Deterministic start; deflate the axes found so far.
    let v = Array.from({ length: dim }, (_, i) => 1 / Math.sqrt(dim) + (i === k ? 0.5 : 0));
    for (let it = 0; it < iterations; it++) {
      const w = new Array<number>(dim).fill(0);
      for (let a = 0; a < dim; a++)
        for (let b = 0; b < dim; b++) w[a]! += (cov[a * dim + b] ?? 0) * (v[b] ?? 0);
      for (const prev of axes) {
        const dot = w.reduce((s, x, i) => s + x * (prev[i] ?? 0), 0);
        for (let a = 0; a < dim; a++) w[a]! -= dot * (prev[a] ?? 0);
      }
      const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0)) || 1;
      v = w.map((x) => x / norm);
    }
    // Fix the sign so the same model always gives the same picture.
    const largest = v.reduce((best, x, i) => (Math.abs(x) > Math.abs(v[best] ?? 0) ? i : best), 0);
    if ((v[largest] ?? 0) < 0) v = v.map((x) => -x);
    axes.push(v);
  }
  return { mean, axes: [axes[0] as number[], axes[1] as number[]] };
}

/** Map position of catalog row i of [n, width] rows. */
export function projectItem(
  p: Pick<Projection, 'mean' | 'axes'>,
  rows: ArrayLike<number>,
  i: number,
  width: number,
): [number, number] {
  let x = 0;
  let y = 0;
  for (let t = 0; t < p.mean.length; t++) {
    const c = (rows[i * width + t] ?? 0) - (p.mean[t] ?? 0);
    x += c * (p.axes[0][t] ?? 0);
    y += c * (p.axes[1][t] ?? 0);
  }
  return [x, y];
}

/** Map position of a user state phi = (u, b_u) (b_u is ignored). */
export function projectUser(p: Projection, phi: ArrayLike<number>): [number, number] {
  let x = 0;
  let y = 0;
  for (let t = 0; t < p.mean.length; t++) {
    x += (phi[t] ?? 0) * (p.axes[0][t] ?? 0);
    y += (phi[t] ?? 0) * (p.axes[1][t] ?? 0);
  }
  const [cx, cy] = p.userCenter ?? [0, 0];
  return [(x - cx) * p.userScale, (y - cy) * p.userScale];
}

/**
 * Map positions of a run of user states, [count * 2] interleaved x, y, from the states
 * [count * width] (phi_0 .. phi_count-1). A coordinate that is not finite is drawn at 0: the
 * adaptation's and the compare view's trajectories both reach the screen through here.
 */
export function projectTrajectory(p: Projection, states: Float32Array, width: number): Float32Array {
  const count = Math.floor(states.length / width);
  const out = new Float32Array(count * 2);
  for (let s = 0; s < count; s++) {
    const [x, y] = projectUser(p, states.subarray(s * width, (s + 1) * width));
    out[2 * s] = Number.isFinite(x) ? x : 0;
    out[2 * s + 1] = Number.isFinite(y) ? y : 0;
  }
  return out;
}
