/**
 * File names for exported figures, named after what they show: `learning-curve-maml-k5.svg`,
 * `taste-map-maml-k5.png`. Pure; the export module (exportFigure.ts) and its tests use it.
 */

export interface FigureName {
  /** What the figure is, in words: 'learning-curve', 'taste-map'. */
  figure: string;
  /** The method it shows, by registry name; left out when null or absent. */
  method?: string | null;
  /** How many ratings it was made with; `k5`. */
  k?: number | null;
  /** Anything else that changes the picture (settings), in order. */
  extra?: (string | number | null | undefined)[];
}

/** Lower case, digits, dots and single hyphens; nothing a file system or a shell minds. */
export function slug(part: string | number): string {
  return String(part)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/@/g, '-at-')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

export function figureFilename(name: FigureName, ext: 'svg' | 'png'): string {
  const parts = [
    name.figure,
    name.method ?? null,
    name.k === null || name.k === undefined ? null : `k${name.k}`,
    ...(name.extra ?? []),
  ]
    .filter((p): p is string | number => p !== null && p !== undefined && p !== '')
    .map(slug)
    .filter(Boolean);
  return `${parts.join('-') || 'figure'}.${ext}`;
}
