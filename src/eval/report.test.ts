import { describe, expect, it } from 'vitest';
import type { EvalReport } from './evaluate';
import type { CI } from './metrics';
import { renderReportMarkdown } from './report';
import { escapeXml, renderReportSvg } from './reportSvg';

const ci = (mean: number, half: number, n = 40): CI => ({ mean, lo: mean - half, hi: mean + half, n });

function row(k: number, base: number, rating: boolean) {
  return {
    k,
    rmse: rating ? ci(base, 0.021) : null,
    mae: rating ? ci(base - 0.2, 0.015) : null,
    ndcg3: ci(0.7 + k / 100, 0.02),
    ndcg10: ci(0.8 + k / 100, 0.01),
    recall20: ci(0.05, 0.004),
  };
}

const report: EvalReport = {
  ks: [0, 5],
  numUsers: 40,
  numEpisodes: 120,
  seeds: [1, 2, 3],
  querySize: 10,
  methods: [
    { name: 'bias', label: 'Bias <mu+b>', kind: 'rating', byK: [row(0, 0.912, true), row(5, 0.9, true)] },
    {
      name: 'meta',
      label: 'Meta & MAML',
      kind: 'rating',
      byK: [
        { ...row(0, 0.95, true), ndcg10: ci(0.85, 0.01) },
        { ...row(5, 0.87, true), ndcg10: ci(0.86, 0.01) },
      ],
    },
    { name: 'pop', label: 'Popularity | count', kind: 'ranking', byK: [row(0, 0, false), row(5, 0, false)] },
  ],
  floors: {
    random: [
      { k: 0, ndcg3: ci(0.61, 0.01), ndcg10: ci(0.75, 0.01), recall20: ci(0.002, 0) },
      { k: 5, ndcg3: ci(0.61, 0.01), ndcg10: ci(0.75, 0.01), recall20: ci(0.002, 0) },
    ],
  },
};

describe('renderReportMarkdown', () => {
  const md = renderReportMarkdown(report, { title: 'Cold start', notes: ['a note'], svgFile: 'eval.svg' });
  const lines = md.split('\n');
  const section = (title: string) => {
    const start = lines.findIndex((l) => l.startsWith(`## ${title}`));
    const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
    return lines.slice(start, end === -1 ? undefined : end);
  };

  it('has the title, the protocol line, notes and the chart', () => {
    expect(lines[0]).toBe('# Cold start');
    expect(md).toContain('40 test users, 120 episodes (seeds 1, 2, 3)');
    expect(md).toContain('- a note');
    expect(md).toContain('](eval.svg)');
  });

  it('has a row per method with half-width cells and the best per column in bold', () => {
    const rmse = section('RMSE');
    expect(rmse[2]).toBe('| Method | K=0 | K=5 |');
    expect(rmse).toContain('| Bias <mu+b> | **0.912 ± 0.021** | 0.900 ± 0.021 |');
    expect(rmse).toContain('| Meta & MAML | 0.950 ± 0.021 | **0.870 ± 0.021** |');
    expect(rmse).toContain('| Popularity \\| count | n/a | n/a |');
    expect(rmse.some((l) => l.includes('Random'))).toBe(false);
  });

  it('prefers higher values for nDCG and adds the random floor row', () => {
    const ndcg10 = section('nDCG@10');
    expect(ndcg10).toContain('| Meta & MAML | **0.850 ± 0.010** | **0.860 ± 0.010** |');
    expect(ndcg10).toContain('| Bias <mu+b> | 0.800 ± 0.010 | 0.850 ± 0.010 |');
    expect(ndcg10).toContain('| *Random (expected)* | *0.750 ± 0.010* | *0.750 ± 0.010* |');
    // Ties (as printed) are all bold.
    expect(section('Recall@20')).toContain(
      '| Popularity \\| count | **0.050 ± 0.004** | **0.050 ± 0.004** |',
    );
  });
});

/** Checks that every opened tag is closed in order; returns the tag names seen. */
function checkBalanced(xml: string): string[] {
  const stack: string[] = [];
  const seen: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m as unknown as [string, string, string, string];
    if (close) {
      expect(stack.pop()).toBe(name);
    } else {
      seen.push(name);
      if (!selfClose) stack.push(name);
    }
  }
  expect(stack).toEqual([]);
  return seen;
}

describe('renderReportSvg', () => {
  const svg = renderReportSvg(report);

  it('is a balanced standalone SVG with escaped text', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    checkBalanced(svg);
    expect(svg).toContain('Bias &lt;mu+b&gt;');
    expect(svg).toContain('Meta &amp; MAML');
    expect(svg).not.toMatch(/<script|@import|url\(/);
  });

  it('draws one line per method per panel it belongs to, plus the dashed floor', () => {
    const lines = [...svg.matchAll(/<path class="series"[^>]*data-series="([^"]+)"/g)].map((m) => m[1]);
    // RMSE panel: the two rating methods; nDCG panel: all three and the floor.
    expect(lines).toEqual(['bias', 'meta', 'bias', 'meta', 'pop', 'random']);
    expect(svg).toMatch(/<path class="series"[^>]*stroke-dasharray[^>]*data-series="random"/);
    expect(svg).toContain('class="error-bar"');
  });

  it('labels the K axis categories', () => {
    expect(svg).toContain('>0</text>');
    expect(svg).toContain('>5</text>');
  });

  it('copes with a panel without data', () => {
    const noRating = { ...report, methods: report.methods.filter((m) => m.kind === 'ranking') };
    const out = renderReportSvg(noRating);
    checkBalanced(out);
    expect(out).toContain('no data');
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});

describe('renderReportMarkdown: paired differences', () => {
  const withPairs: EvalReport = {
    ...report,
    paired: [
      { method: 'meta', against: 'bias', k: 0, rmse: ci(0.038, 0.01), ndcg10: ci(0.05, 0.06) },
      { method: 'meta', against: 'bias', k: 5, rmse: ci(-0.03, 0.012), ndcg10: ci(-0.04, 0.01) },
    ],
  };
  const md = renderReportMarkdown(withPairs, { title: 'Cold start' });
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('## Paired differences'));

  it('comes before the metric tables, one row per K, each difference with its interval', () => {
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(lines.findIndex((l) => l.startsWith('## RMSE')));
    const header = lines.find((l, i) => i > start && l.startsWith('| K |'));
    expect(header).toBe('| K | RMSE, Meta & MAML - Bias <mu+b> | nDCG@10, Meta & MAML - Bias <mu+b> |');
    const rows = lines.filter((l, i) => i > start && /^\| \d+ \|/.test(l));
    expect(rows).toEqual([
      '| 0 | +0.0380 [+0.0280, +0.0480] | +0.0500 [-0.0100, +0.1100] (noise) |',
      '| 5 | -0.0300 [-0.0420, -0.0180] | -0.0400 [-0.0500, -0.0300] |',
    ]);
  });

  it('is left out when the report has no pairs', () => {
    expect(renderReportMarkdown(report, { title: 'x' })).not.toContain('Paired differences');
  });
});
