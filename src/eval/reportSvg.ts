/**
 * Renders an `EvalReport` or a `TopNReport` as a standalone SVG chart: two panels against support
 * size K and a legend below them. Pure string building (no DOM, no fonts or scripts fetched), so
 * scripts can write the output to files and the app can inline the SVG as is.
 */
import type { CI } from './metrics';
import type { EvalReport, MethodResultAtK } from './evaluate';
import { metricAt, type MetricKey } from './report';
import type { TopNReport } from './topn';

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Tableau 10: distinguishable, and colour-blind tolerable for the first few entries. */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
const FLOOR_COLOUR = '#777777';

const WIDTH = 900;
const PANEL_WIDTH = WIDTH / 2;
const PLOT_TOP = 44;
const PLOT_BOTTOM = 300;
const PLOT_LEFT = 64;
const PLOT_RIGHT = 22;
const LEGEND_TOP = 372;
const LEGEND_ROW = 20;
/** Rough advance of a 12px sans-serif character; no font metrics are available without a DOM. */
const CHAR_WIDTH = 6.6;

/** Rounds a coordinate to 2 decimals so the markup stays short. */
function n4(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** "Nice" tick values (1, 2 or 5 times a power of ten) covering [min, max]. */
function niceTicks(min: number, max: number, target = 5): { ticks: number[]; decimals: number } {
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.05 : 0.05;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / target;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? 10 * power;
  const start = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let t = start; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toFixed(12)));
  if ((ticks.at(-1) as number) < max) ticks.push(Number(((ticks.at(-1) as number) + step).toFixed(12)));
  return { ticks, decimals: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
}

interface Series {
  name: string;
  colour: string;
  dashed: boolean;
  errorBars: boolean;
  /** One CI per K (undefined where missing). */
  points: (CI | null | undefined)[];
}

function renderPanel(
  panelIndex: number,
  title: string,
  yLabel: string,
  ks: number[],
  series: Series[],
): string[] {
  const x0 = panelIndex * PANEL_WIDTH;
  const left = x0 + PLOT_LEFT;
  const right = x0 + PANEL_WIDTH - PLOT_RIGHT;
  const out: string[] = [`<g class="panel" data-panel="${panelIndex}">`];
  out.push(
    `<text x="${n4((left + right) / 2)}" y="${PLOT_TOP - 16}" text-anchor="middle" font-size="14" font-weight="600">${escapeXml(title)}</text>`,
  );

  const values: number[] = [];
  for (const s of series) {
    for (const p of s.points) {
      if (!p || !Number.isFinite(p.mean)) continue;
      values.push(p.mean);
      if (s.errorBars && Number.isFinite(p.lo) && Number.isFinite(p.hi)) values.push(p.lo, p.hi);
    }
  }
  // Categorical x: K values are spaced evenly because the interesting Ks (0, 1, 3, 5, 10) bunch up.
  const band = (right - left) / Math.max(1, ks.length);
  const xAt = (j: number) => left + (j + 0.5) * band;

  out.push(
    `<line x1="${left}" y1="${PLOT_BOTTOM}" x2="${right}" y2="${PLOT_BOTTOM}" stroke="#333"/>`,
    `<line x1="${left}" y1="${PLOT_TOP}" x2="${left}" y2="${PLOT_BOTTOM}" stroke="#333"/>`,
  );
  ks.forEach((k, j) => {
    const x = n4(xAt(j));
    out.push(
      `<line x1="${x}" y1="${PLOT_BOTTOM}" x2="${x}" y2="${PLOT_BOTTOM + 5}" stroke="#333"/>`,
      `<text x="${x}" y="${PLOT_BOTTOM + 19}" text-anchor="middle" font-size="12">${k}</text>`,
    );
  });
  out.push(
    `<text x="${n4((left + right) / 2)}" y="${PLOT_BOTTOM + 40}" text-anchor="middle" font-size="12">support size K (ratings given)</text>`,
    `<text transform="translate(${x0 + 16} ${(PLOT_TOP + PLOT_BOTTOM) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(yLabel)}</text>`,
  );

  if (values.length === 0) {
    out.push(
      `<text x="${n4((left + right) / 2)}" y="${(PLOT_TOP + PLOT_BOTTOM) / 2}" text-anchor="middle" font-size="12" fill="#777">no data</text>`,
      '</g>',
    );
    return out;
  }

  const { ticks, decimals } = niceTicks(Math.min(...values), Math.max(...values));
  const lo = ticks[0] as number;
  const hi = ticks.at(-1) as number;
  const yAt = (v: number) => PLOT_BOTTOM - ((v - lo) / (hi - lo)) * (PLOT_BOTTOM - PLOT_TOP);
  for (const t of ticks) {
    const y = n4(yAt(t));
    out.push(
      `<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="#e6e6e6"/>`,
      `<line x1="${left - 5}" y1="${y}" x2="${left}" y2="${y}" stroke="#333"/>`,
      `<text x="${left - 8}" y="${y}" dy="0.32em" text-anchor="end" font-size="11">${t.toFixed(decimals)}</text>`,
    );
  }

  // Dodge the series sideways a little so overlapping error bars stay readable.
  const dodgeStep = Math.min(6, (band * 0.5) / Math.max(1, series.length));
  series.forEach((s, si) => {
    const dx = (si - (series.length - 1) / 2) * dodgeStep;
    const attrs = `stroke="${s.colour}" data-series="${escapeXml(s.name)}"`;
    let d = '';
    let penDown = false;
    s.points.forEach((p, j) => {
      if (!p || !Number.isFinite(p.mean)) {
        penDown = false;
        return;
      }
      d += `${penDown ? 'L' : 'M'}${n4(xAt(j) + dx)} ${n4(yAt(p.mean))}`;
      penDown = true;
    });
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(`<path class="series" d="${d}" fill="none" stroke-width="2"${dash} ${attrs}/>`);
    s.points.forEach((p, j) => {
      if (!p || !Number.isFinite(p.mean)) return;
      const x = xAt(j) + dx;
      if (s.errorBars && Number.isFinite(p.lo) && Number.isFinite(p.hi) && p.hi > p.lo) {
        const [yl, yh] = [n4(yAt(p.lo)), n4(yAt(p.hi))];
        const [xl, xr] = [n4(x - 3), n4(x + 3)];
        out.push(
          `<path class="error-bar" d="M${n4(x)} ${yl}L${n4(x)} ${yh}M${xl} ${yl}L${xr} ${yl}M${xl} ${yh}L${xr} ${yh}" stroke-width="1.2" fill="none" ${attrs}/>`,
        );
      }
      out.push(
        `<circle cx="${n4(x)}" cy="${n4(yAt(p.mean))}" r="${s.dashed ? 2.5 : 3.5}" fill="${s.colour}"/>`,
      );
    });
  });
  out.push('</g>');
  return out;
}

/**
 * A standalone SVG (900 wide, about 420 high; taller only when the legend needs more rows) with two
 * panels: RMSE against K for the rating methods, and nDCG@10 against K for every method plus the
 * random-ordering floor (dashed). K sits on a categorical axis; each method is one coloured line
 * with markers and 95% interval error bars; a shared legend runs below the panels.
 */
export function renderReportSvg(report: EvalReport): string {
  const colourOf = (i: number) => PALETTE[i % PALETTE.length] as string;
  const pointsFor = (byK: MethodResultAtK[], key: MetricKey) => report.ks.map((k) => metricAt(byK, k, key));
  const rmseSeries: Series[] = [];
  const ndcgSeries: Series[] = [];
  report.methods.forEach((m, i) => {
    const base = { name: m.name, colour: colourOf(i), dashed: false, errorBars: true };
    if (m.kind === 'rating') rmseSeries.push({ ...base, points: pointsFor(m.byK, 'rmse') });
    ndcgSeries.push({ ...base, points: pointsFor(m.byK, 'ndcg10') });
  });
  ndcgSeries.push({
    name: 'random',
    colour: FLOOR_COLOUR,
    dashed: true,
    errorBars: false,
    points: report.ks.map((k) => report.floors.random.find((f) => f.k === k)?.ndcg10),
  });

  const legend = [
    ...report.methods.map((m, i) => ({ label: m.label, colour: colourOf(i), dashed: false })),
    { label: 'Random ordering (expected)', colour: FLOOR_COLOUR, dashed: true },
  ];
  return twoPanels(
    'Cold-start evaluation: RMSE and nDCG@10 against support size K',
    [
      renderPanel(0, 'RMSE (lower is better)', 'RMSE (stars)', report.ks, rmseSeries),
      renderPanel(1, 'nDCG@10 (higher is better)', 'nDCG@10 within the query', report.ks, ndcgSeries),
    ],
    legend,
  );
}

/**
 * The top-N evaluation as the same two-panel SVG: catalog-wide Recall@20 and nDCG@20 against K for
 * every method, each a coloured line with 95% interval error bars (the colour of `colourOf(name)`,
 * e.g. the method registry's).
 */
export function renderTopNSvg(report: TopNReport, colourOf: (name: string) => string): string {
  const series = (key: 'recall' | 'ndcg'): Series[] =>
    report.methods.map((m) => ({
      name: m.name,
      colour: colourOf(m.name),
      dashed: m.name === 'popularity',
      errorBars: true,
      points: report.ks.map((k) => m.byK.find((r) => r.k === k)?.[key]),
    }));
  const n = report.listSize;
  return twoPanels(
    `Catalog-wide top-${n} for held-out users against support size K`,
    [
      renderPanel(
        0,
        `Recall@${n} (higher is better)`,
        `Recall@${n}, whole catalog`,
        report.ks,
        series('recall'),
      ),
      renderPanel(1, `nDCG@${n} (higher is better)`, `nDCG@${n}, whole catalog`, report.ks, series('ndcg')),
    ],
    report.methods.map((m) => ({
      label: m.label,
      colour: colourOf(m.name),
      dashed: m.name === 'popularity',
    })),
  );
}

/** Two panels side by side and a legend that flows below them. */
function twoPanels(
  title: string,
  panels: string[][],
  legend: { label: string; colour: string; dashed: boolean }[],
): string {
  // Flow the legend entries left to right, wrapping at the right margin.
  const placed: { x: number; y: number }[] = [];
  let cursorX = PLOT_LEFT;
  let cursorY = LEGEND_TOP;
  for (const entry of legend) {
    const w = 32 + entry.label.length * CHAR_WIDTH + 24;
    if (cursorX > PLOT_LEFT && cursorX + w > WIDTH - PLOT_RIGHT) {
      cursorX = PLOT_LEFT;
      cursorY += LEGEND_ROW;
    }
    placed.push({ x: cursorX, y: cursorY });
    cursorX += w;
  }
  const height = Math.max(420, cursorY + LEGEND_ROW + 14);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...panels.flat(),
    '<g class="legend">',
  ];
  legend.forEach((entry, i) => {
    const { x, y } = placed[i] as { x: number; y: number };
    const dash = entry.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<line x1="${n4(x)}" y1="${y}" x2="${n4(x + 24)}" y2="${y}" stroke="${entry.colour}" stroke-width="2"${dash}/>`,
      `<circle cx="${n4(x + 12)}" cy="${y}" r="3.5" fill="${entry.colour}"/>`,
      `<text x="${n4(x + 32)}" y="${y}" dy="0.32em" font-size="12">${escapeXml(entry.label)}</text>`,
    );
  });
  out.push('</g>', '</svg>');
  return out.join('\n') + '\n';
}
