/** Axis ticks for the hand-drawn charts: computed, never measured in the DOM. */

/** About `count` round ticks (1, 2 or 5 times a power of ten) from 0 to at least `max`. */
export function niceTicks(max: number, count = 4): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const raw = top / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
  const n = Math.ceil(top / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

/** Integer ticks from 0 to `max` (inner steps), at most about `count` of them, always including `max`. */
export function stepTicks(max: number, count = 5): number[] {
  const top = Math.max(1, Math.round(max));
  const every = [1, 2, 5, 10, 20, 50, 100].find((s) => top / s <= count) ?? Math.ceil(top / count);
  const out: number[] = [];
  for (let s = 0; s <= top; s += every) out.push(s);
  if (out[out.length - 1] !== top) {
    // Drop a tick that would crowd the last one.
    if (top - (out[out.length - 1] ?? 0) <= every / 2) out.pop();
    out.push(top);
  }
  return out;
}
