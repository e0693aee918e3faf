/** Small display helpers shared by the components. */
export const stars = (r: number): string =>
  `${r % 1 === 0 ? r.toFixed(0) : r.toFixed(1)} star${r === 1 ? '' : 's'}`;
export const fixed = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
export const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1)} MB`;

/** How the support loss of a method is named, by what it measures (worker/protocol.ts Objective). */
export const LOSS_WORDS = {
  list: {
    /** A chart's title. */
    title: 'List loss on your ratings',
    /** The y axis, in a few words. */
    axis: 'support list loss (lower fits better)',
    /** A number's name in running text. */
    short: 'list loss',
    /** The learning curve's accessible name. */
    curve: 'Support list loss on your ratings against the inner step',
    explain:
      'How unlikely your rated movies are in the model’s ranking of the whole catalog, weighted by your stars: lower fits your ratings better',
  },
  rating: {
    title: 'Error on your ratings',
    axis: 'squared error of the stars',
    short: 'error',
    curve: 'Error on your ratings against the inner step',
    explain: 'Mean squared error of the predicted stars on your ratings',
  },
} as const;
