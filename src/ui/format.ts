/** Small display helpers shared by the components. */
export const stars = (r: number): string =>
  `${r % 1 === 0 ? r.toFixed(0) : r.toFixed(1)} star${r === 1 ? '' : 's'}`;
export const fixed = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
export const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1)} MB`;
