/**
 * Adam over plain Float32Arrays, dense or row-sparse. Training keeps its parameters as typed
 * arrays and updates embedding rows sparsely: the gradient of tf.gather into a large table is
 * missing on wasm and slow on cpu, so gradients are taken with respect to the gathered rows.
 * Weight decay is decoupled (AdamW) and, for rows, applied only to rows a batch touched.
 */
export class Adam {
  private readonly moments = new Map<string, { m: Float32Array; v: Float32Array }>();
  private t = 0;

  constructor(
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {}

  /** Advance the step counter once per optimization step (before the updates of that step). */
  tick(): void {
    this.t++;
  }

  private state(name: string, size: number): { m: Float32Array; v: Float32Array } {
    let s = this.moments.get(name);
    if (!s) {
      s = { m: new Float32Array(size), v: new Float32Array(size) };
      this.moments.set(name, s);
    }
    return s;
  }

  /** param -= lr * adam(grad) - lr * weightDecay * param, every entry. */
  updateDense(name: string, param: Float32Array, grad: ArrayLike<number>, lr: number, weightDecay = 0): void {
    const { m, v } = this.state(name, param.length);
    const c1 = 1 - Math.pow(this.beta1, this.t);
    const c2 = 1 - Math.pow(this.beta2, this.t);
    for (let i = 0; i < param.length; i++) {
      const g = grad[i] ?? 0;
      const mi = (m[i] = this.beta1 * (m[i] ?? 0) + (1 - this.beta1) * g);
      const vi = (v[i] = this.beta2 * (v[i] ?? 0) + (1 - this.beta2) * g * g);
      param[i] =
        (param[i] ?? 0) * (1 - lr * weightDecay) - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + this.eps);
    }
  }

  /**
   * Update only the given rows of a [rows, width] table ("lazy" Adam: untouched rows keep their
   * moments). gradRows is [rows.length, width], in the order of `rows`.
   */
  updateRows(
    name: string,
    param: Float32Array,
    width: number,
    rows: ArrayLike<number>,
    gradRows: ArrayLike<number>,
    lr: number,
    weightDecay = 0,
  ): void {
    const { m, v } = this.state(name, param.length);
    const c1 = 1 - Math.pow(this.beta1, this.t);
    const c2 = 1 - Math.pow(this.beta2, this.t);
    for (let r = 0; r < rows.length; r++) {
      const base = (rows[r] ?? 0) * width;
      for (let j = 0; j < width; j++) {
        const i = base + j;
        const g = gradRows[r * width + j] ?? 0;
        const mi = (m[i] = this.beta1 * (m[i] ?? 0) + (1 - this.beta1) * g);
        const vi = (v[i] = this.beta2 * (v[i] ?? 0) + (1 - this.beta2) * g * g);
        param[i] =
          (param[i] ?? 0) * (1 - lr * weightDecay) - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + this.eps);
      }
    }
  }
}
