/**
 * A chart as a stand-alone SVG file: the page's SVG read into a plain tree (exportFigure.ts does
 * that in the browser, with the computed colours and fonts written as presentation attributes, so
 * the file needs no stylesheet), then written here with a title, the series named (a <title> and
 * data-series on each curve), and a legend under the plot. Pure: no DOM, tested in Node.
 */

export interface SvgNode {
  tag: string;
  attrs: [string, string][];
  children: (SvgNode | string)[];
}

export interface LegendItem {
  name: string;
  color: string;
}

export interface FigureSpec {
  /** The figure's caption: the file's <title> and its heading. */
  title: string;
  /** A line under the title (the method, the ratings, the settings). */
  subtitle?: string;
  /** The plot's drawn size in CSS pixels. */
  width: number;
  height: number;
  legend?: LegendItem[];
  /** Colours of the page: the file's background and ink. */
  background?: string;
  ink?: string;
  fontFamily?: string;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const HEAD = 44;
const ROW = 18;

export const escapeXml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

const NAME = /^[A-Za-z_][\w.:-]*$/;

export function writeSvg(node: SvgNode | string): string {
  if (typeof node === 'string') return escapeXml(node);
  if (!NAME.test(node.tag)) throw new Error(`not an element name: ${node.tag}`);
  const attrs = node.attrs
    .filter(([k]) => NAME.test(k))
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  if (node.children.length === 0) return `<${node.tag}${attrs}/>`;
  return `<${node.tag}${attrs}>${node.children.map(writeSvg).join('')}</${node.tag}>`;
}

export const el = (
  tag: string,
  attrs: Record<string, string | number>,
  children: (SvgNode | string)[] = [],
): SvgNode => ({
  tag,
  attrs: Object.entries(attrs).map(([k, v]) => [k, String(v)]),
  children,
});

/** A series' element carries its name: data-series and a <title> first (what a reader's hover shows). */
export function nameSeries(node: SvgNode, name: string): SvgNode {
  const attrs = node.attrs.filter(([k]) => k !== 'data-series');
  const children = node.children.filter((c) => typeof c === 'string' || c.tag !== 'title');
  return {
    ...node,
    attrs: [...attrs, ['data-series', name]],
    children: [el('title', {}, [name]), ...children],
  };
}

/** Rows of legend items within `width`, each item as wide as its name (about 6.6 px a character at 12 px). */
export function legendRows(
  items: LegendItem[],
  width: number,
): { item: LegendItem; x: number; row: number }[] {
  const out: { item: LegendItem; x: number; row: number }[] = [];
  let x = 12;
  let row = 0;
  for (const item of items) {
    const w = 22 + item.name.length * 6.6 + 16;
    if (x > 12 && x + w > width - 8) {
      row += 1;
      x = 12;
    }
    out.push({ item, x, row });
    x += w;
  }
  return out;
}

/**
 * The file: a background, the title (and subtitle), the plot as a nested <svg> at its drawn size
 * (its own viewBox kept), and the legend under it.
 */
export function standaloneSvg(plot: SvgNode, spec: FigureSpec): string {
  const height = Math.max(1, Math.round(spec.height));
  const plotWidth = Math.max(1, Math.round(spec.width));
  // Wide enough for the title and subtitle on one line (about 8.4 and 6.2 px a character): the
  // plot keeps its drawn size at the left.
  const width = Math.max(
    plotWidth,
    Math.ceil(24 + Math.max(spec.title.length * 8.4, (spec.subtitle?.length ?? 0) * 6.2)),
  );
  const ink = spec.ink ?? '#111827';
  const rows = legendRows(spec.legend ?? [], width);
  const legendHeight = rows.length ? (Math.max(...rows.map((r) => r.row)) + 1) * ROW + 10 : 0;
  const total = HEAD + height + legendHeight;
  const nested: SvgNode = {
    tag: 'svg',
    attrs: [
      ...plot.attrs.filter(([k]) => !['x', 'y', 'width', 'height', 'xmlns'].includes(k)),
      ['x', '0'],
      ['y', String(HEAD)],
      ['width', String(plotWidth)],
      ['height', String(height)],
    ],
    children: plot.children,
  };
  const legend = rows.map(({ item, x, row }) =>
    el('g', { 'data-legend': item.name }, [
      el('rect', { x, y: HEAD + height + 6 + row * ROW, width: 12, height: 12, rx: 2, fill: item.color }),
      el('text', { x: x + 18, y: HEAD + height + 16 + row * ROW, 'font-size': 12, fill: ink }, [item.name]),
    ]),
  );
  const root = el(
    'svg',
    {
      xmlns: SVG_NS,
      width,
      height: total,
      viewBox: `0 0 ${width} ${total}`,
      'font-family': spec.fontFamily ?? 'system-ui, sans-serif',
    },
    [
      el('title', {}, [spec.title]),
      ...(spec.subtitle ? [el('desc', {}, [spec.subtitle])] : []),
      el('rect', { x: 0, y: 0, width, height: total, fill: spec.background ?? '#ffffff' }),
      el('text', { x: 12, y: 18, 'font-size': 14, 'font-weight': 700, fill: ink }, [spec.title]),
      ...(spec.subtitle ? [el('text', { x: 12, y: 35, 'font-size': 11, fill: ink }, [spec.subtitle])] : []),
      nested,
      ...legend,
    ],
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeSvg(root)}\n`;
}
