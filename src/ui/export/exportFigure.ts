/**
 * Figures as files, loaded on demand (ExportButton imports this module on the first click): a
 * chart's SVG read with its computed colours and fonts (presentation attributes, so the file needs
 * no stylesheet and the page's CSP is never involved: nothing is inserted into the document), and
 * the map's canvas as a PNG with a title and the map's legend. Downloads go through a blob URL.
 */
import { saveBlob, saveTextFile } from '../saveFile';
import { figureFilename, type FigureName } from './filename';
import { nameSeries, standaloneSvg, type LegendItem, type SvgNode } from './svg';

export interface ExportSpec {
  name: FigureName;
  title: string;
  subtitle?: string;
  /** Absent: every named series with the colour it is drawn in. */
  legend?: LegendItem[];
  /** Series drawn by a library (recharts): a class on the series' element -> its name. */
  seriesClasses?: Record<string, string>;
}

const PAINT = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
];
const TEXT = ['font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline'];
/** Computed values that are the SVG defaults anyway: left out of the file. */
const DEFAULTS: Record<string, string> = {
  'fill-opacity': '1',
  'stroke-opacity': '1',
  opacity: '1',
  'stroke-dasharray': 'none',
  'stroke-linecap': 'butt',
  'stroke-linejoin': 'miter',
  'font-style': 'normal',
  'dominant-baseline': 'auto',
};
const TEXT_TAGS = new Set(['text', 'tspan', 'title', 'desc']);
const SVG_NS = 'http://www.w3.org/2000/svg';

function keepAttribute(name: string): boolean {
  return !(
    name === 'class' ||
    name === 'style' ||
    name === 'tabindex' ||
    name === 'role' ||
    name === 'focusable' ||
    name.startsWith('aria-') ||
    name.startsWith('on')
  );
}

/** An SVG element and what is under it as a tree, with the computed paint and font as attributes. */
function read(el: Element, seriesOf: (el: Element) => string | null): SvgNode | null {
  if (el.namespaceURI !== SVG_NS || el.tagName === 'foreignObject') return null;
  const cs = getComputedStyle(el);
  if (cs.display === 'none' || cs.visibility === 'hidden') return null;
  const computed = new Map<string, string>();
  for (const p of TEXT_TAGS.has(el.tagName) ? [...PAINT, ...TEXT] : PAINT) {
    const v = cs.getPropertyValue(p).trim();
    if (v && DEFAULTS[p] !== v) computed.set(p, v);
  }
  const attrs: [string, string][] = [
    ...Array.from(el.attributes)
      .filter((a) => keepAttribute(a.name) && !computed.has(a.name))
      .map((a): [string, string] => [a.name, a.value]),
    ...computed,
  ];
  const children: (SvgNode | string)[] = [];
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE && TEXT_TAGS.has(el.tagName))
      children.push(child.textContent ?? '');
    else if (child instanceof Element) {
      const node = read(child, seriesOf);
      if (node) children.push(node);
    }
  }
  const node: SvgNode = { tag: el.tagName, attrs, children };
  const series = seriesOf(el);
  return series ? nameSeries(node, series) : node;
}

function colours(scope: Element): { background: string; ink: string; fontFamily: string } {
  const card = getComputedStyle(scope.closest('.card') ?? document.body);
  const bg = card.backgroundColor;
  return {
    background: bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent' ? bg : '#ffffff',
    ink: card.color || '#111827',
    fontFamily: getComputedStyle(document.body).fontFamily || 'system-ui, sans-serif',
  };
}

/** The chart's SVG under `scope` as a stand-alone file; returns the file's name. */
export function exportSvg(scope: Element, spec: ExportSpec): string {
  const svg = scope.querySelector('svg.recharts-surface') ?? scope.querySelector('svg');
  if (!(svg instanceof SVGSVGElement)) throw new Error('there is no chart to export yet');
  const classes = spec.seriesClasses ?? {};
  const seriesOf = (el: Element): string | null => {
    const named = el.getAttribute('data-series');
    if (named) return named;
    for (const c of Array.from(el.classList)) if (Object.hasOwn(classes, c)) return classes[c] ?? null;
    return null;
  };
  const tree = read(svg, seriesOf);
  if (!tree) throw new Error('the chart is not shown');
  const legend = spec.legend ?? seriesLegend(svg, seriesOf);
  const box = svg.getBoundingClientRect();
  const filename = figureFilename(spec.name, 'svg');
  const text = standaloneSvg(tree, {
    title: spec.title,
    ...(spec.subtitle ? { subtitle: spec.subtitle } : {}),
    width: box.width,
    height: box.height,
    legend,
    ...colours(scope),
  });
  saveTextFile(filename, text, 'image/svg+xml');
  return filename;
}

/** Each named series once, in the colour of its stroke (or, for a series of dots, its fill). */
function seriesLegend(svg: SVGSVGElement, seriesOf: (el: Element) => string | null): LegendItem[] {
  const seen = new Map<string, string>();
  const usable = (c: string) => c !== '' && c !== 'none' && !c.startsWith('url(');
  // Strokes first (a <g>'s fill is the inherited black), then the fill of a drawn shape.
  const paint = (el: Element): string | null => {
    const all = [el, ...Array.from(el.querySelectorAll('*'))];
    const stroke = all.map((e) => getComputedStyle(e).stroke).find(usable);
    return (
      stroke ??
      all
        .filter((e) => e.tagName !== 'g')
        .map((e) => getComputedStyle(e).fill)
        .find(usable) ??
      null
    );
  };
  for (const el of Array.from(svg.querySelectorAll('*'))) {
    const name = seriesOf(el);
    if (name && !seen.has(name)) seen.set(name, paint(el) ?? '#6b7280');
  }
  return Array.from(seen, ([name, color]) => ({ name, color }));
}

/** A legend swatch as the page draws it: a fill (or a gradient's colours) and a border. */
interface Swatch {
  name: string;
  fill: string[];
  border: string | null;
}

const transparent = (c: string) => c === '' || c === 'rgba(0, 0, 0, 0)' || c === 'transparent';

/** The legend of an HTML list of swatches (the map's): each item's words and its swatch's look. */
function swatchesOf(scope: Element): Swatch[] {
  return Array.from(scope.querySelectorAll('.legend li')).flatMap((li) => {
    const swatch = li.querySelector('.lg');
    const name = (li.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!swatch || !name) return [];
    const cs = getComputedStyle(swatch);
    const gradient = cs.backgroundImage.match(/rgba?\([^)]*\)/g) ?? [];
    const fill = gradient.length ? gradient : transparent(cs.backgroundColor) ? [] : [cs.backgroundColor];
    const border =
      parseFloat(cs.borderTopWidth) > 0 && !transparent(cs.borderTopColor) ? cs.borderTopColor : null;
    return [{ name, fill: fill.length || border ? fill : ['#6b7280'], border }];
  });
}

/** Lines of `text` no wider than `width` in the context's font. */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  return line ? [...lines, line] : lines;
}

/**
 * The map under `scope` (its canvas, with the visitor's path as drawn) as a PNG with the title
 * above and the legend below; resolves with the file's name.
 */
export async function exportCanvasPng(scope: Element, spec: ExportSpec): Promise<string> {
  const canvas = scope.querySelector('canvas');
  if (!canvas || canvas.width === 0 || canvas.height === 0) throw new Error('there is no map to export yet');
  const scale = canvas.width / Math.max(1, canvas.getBoundingClientRect().width);
  const { background, ink, fontFamily } = colours(scope);
  const legend: Swatch[] = spec.legend
    ? spec.legend.map((l) => ({ name: l.name, fill: [l.color], border: null }))
    : swatchesOf(scope);
  const font = (px: number, weight = 400) => `${weight} ${Math.round(px * scale)}px ${fontFamily}`;
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw the picture');
  const pad = 12 * scale;
  const line = (px: number) => Math.round(px * 1.35 * scale);
  // The title and subtitle wrapped, and the legend's rows, at the canvas's width, measured in
  // the fonts they are drawn in.
  ctx.font = font(14, 700);
  const titleLines = wrap(ctx, spec.title, canvas.width - 2 * pad);
  ctx.font = font(11);
  const subLines = spec.subtitle ? wrap(ctx, spec.subtitle, canvas.width - 2 * pad) : [];
  ctx.font = font(12);
  const rows: { item: Swatch; x: number; row: number }[] = [];
  let x = pad;
  let row = 0;
  for (const item of legend) {
    const w = (18 + 16) * scale + ctx.measureText(item.name).width;
    if (x > pad && x + w > canvas.width - pad) [x, row] = [pad, row + 1];
    rows.push({ item, x, row });
    x += w;
  }
  const head = pad / 2 + titleLines.length * line(14) + subLines.length * line(11) + pad / 2;
  const rowHeight = 18 * scale;
  const legendHeight = rows.length ? (row + 1) * rowHeight + pad : 0;
  out.width = canvas.width;
  out.height = Math.round(head + canvas.height + legendHeight);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = ink;
  ctx.textBaseline = 'alphabetic';
  let y = pad / 2;
  ctx.font = font(14, 700);
  for (const t of titleLines) ctx.fillText(t, pad, (y += line(14)) - 4 * scale);
  ctx.font = font(11);
  for (const t of subLines) ctx.fillText(t, pad, (y += line(11)) - 3 * scale);
  ctx.drawImage(canvas, 0, head);
  ctx.font = font(12);
  const size = 11 * scale;
  for (const r of rows) {
    const top = head + canvas.height + pad / 2 + r.row * rowHeight;
    if (r.item.fill.length > 1) {
      const g = ctx.createLinearGradient(r.x, 0, r.x + size, 0);
      r.item.fill.forEach((c, i) => g.addColorStop(i / (r.item.fill.length - 1), c));
      ctx.fillStyle = g;
    } else ctx.fillStyle = r.item.fill[0] ?? background;
    ctx.fillRect(r.x, top, size, size);
    if (r.item.border) {
      ctx.strokeStyle = r.item.border;
      ctx.lineWidth = 2 * scale;
      ctx.strokeRect(r.x + scale, top + scale, size - 2 * scale, size - 2 * scale);
    }
    ctx.fillStyle = ink;
    ctx.fillText(r.item.name, r.x + 18 * scale, top + 10 * scale);
  }
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the picture');
  const filename = figureFilename(spec.name, 'png');
  saveBlob(filename, blob);
  return filename;
}
