import { describe, expect, it } from 'vitest';
import { figureFilename, slug } from './filename';
import { el, escapeXml, legendRows, nameSeries, standaloneSvg, writeSvg } from './svg';

/** A small well-formedness check (no XML parser in Node): tags balance, attributes quoted, text escaped. */
function wellFormed(xml: string): string[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const tags: string[] = [];
  const re = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < body.trim().length && (m = re.exec(body))) {
    at = re.lastIndex;
    const [, close, name, , self, text] = m;
    if (text !== undefined) {
      if (/&(?!amp;|lt;|gt;|quot;|apos;)/.test(text)) throw new Error(`raw & in ${text}`);
      continue;
    }
    if (close) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
    } else {
      tags.push(name ?? '');
      if (!self) stack.push(name ?? '');
    }
  }
  if (at < body.trim().length) throw new Error(`cannot read from ${body.slice(at, at + 40)}`);
  if (stack.length) throw new Error(`unclosed ${stack.join(',')}`);
  return tags;
}

describe('figure file names', () => {
  it('names a figure after what it shows', () => {
    expect(figureFilename({ figure: 'learning-curve', method: 'maml', k: 5 }, 'svg')).toBe(
      'learning-curve-maml-k5.svg',
    );
    expect(figureFilename({ figure: 'taste-map', method: null, k: 0 }, 'png')).toBe('taste-map-k0.png');
    expect(
      figureFilename({ figure: 'compare-methods', k: 3, extra: ['lr50', 'steps10', null, ''] }, 'svg'),
    ).toBe('compare-methods-k3-lr50-steps10.svg');
    expect(figureFilename({ figure: 'recall-at-20-vs-ratings', method: 'ease-pop' }, 'svg')).toBe(
      'recall-at-20-vs-ratings-ease-pop.svg',
    );
  });

  it('keeps only characters any file system takes', () => {
    expect(slug('Recall@20 (Léon) / x')).toBe('recall-at-20-leon-x');
    expect(slug('lr0.5')).toBe('lr0.5');
    expect(slug('../../etc')).toBe('etc');
    expect(figureFilename({ figure: '***' }, 'svg')).toBe('figure.svg');
  });
});

describe('SVG serializer', () => {
  it('escapes text and attributes', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    const out = writeSvg(el('text', { x: 1, 'font-family': '"Segoe UI", sans-serif' }, ['a < b & c']));
    expect(out).toBe('<text x="1" font-family="&quot;Segoe UI&quot;, sans-serif">a &lt; b &amp; c</text>');
    expect(() => writeSvg(el('bad tag', {}))).toThrow();
  });

  it('names a series with data-series and a <title>, once', () => {
    const path = nameSeries(nameSeries(el('path', { d: 'M0,0L1,1', 'data-series': 'old' }), 'MAML'), 'MAML');
    expect(writeSvg(path)).toBe('<path d="M0,0L1,1" data-series="MAML"><title>MAML</title></path>');
  });

  it('wraps legend rows within the width', () => {
    const rows = legendRows(
      ['MAML', 'First-order MAML', 'Reptile', 'Meta-SGD', 'Set encoder'].map((name) => ({
        name,
        color: '#000',
      })),
      300,
    );
    expect(rows[0]).toMatchObject({ x: 12, row: 0 });
    expect(Math.max(...rows.map((r) => r.row))).toBeGreaterThan(0);
    for (const r of rows) expect(r.x + 22 + r.item.name.length * 6.6).toBeLessThanOrEqual(300);
  });

  it('writes a stand-alone file: title, the plot at its drawn size, the named series, the legend', () => {
    const plot = el('svg', { viewBox: '0 0 640 200', width: 999 }, [
      nameSeries(el('path', { d: 'M0,0L10,10', stroke: 'rgb(79, 70, 229)', fill: 'none' }), 'MAML'),
      el('text', { x: 4, y: 12, fill: 'rgb(107, 114, 128)', 'font-size': '11px' }, ['↑ loss & more']),
    ]);
    const xml = standaloneSvg(plot, {
      title: 'Learning curve',
      subtitle: 'MAML on 5 ratings',
      width: 320,
      height: 100,
      legend: [{ name: 'MAML', color: 'rgb(79, 70, 229)' }],
    });
    const tags = wellFormed(xml);
    expect(tags[0]).toBe('svg');
    expect(xml).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(xml).toContain('<title>Learning curve</title>');
    expect(xml).toContain('<desc>MAML on 5 ratings</desc>');
    // The plot keeps its viewBox at the size it was drawn; the header sits above it.
    expect(xml).toMatch(/<svg viewBox="0 0 640 200" x="0" y="44" width="320" height="100">/);
    expect(xml).toContain('data-series="MAML"><title>MAML</title>');
    expect(xml).toContain('data-legend="MAML"');
    expect(xml).toContain('↑ loss &amp; more');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns=/);
  });

  it('widens the file for a long title; the plot keeps its drawn size', () => {
    const title = 'List loss on your ratings per inner step, every method on the same ratings';
    const xml = standaloneSvg(el('svg', { viewBox: '0 0 100 50' }), { title, width: 200, height: 100 });
    const width = Number(/^<svg xmlns="[^"]+" width="(\d+)"/m.exec(xml)?.[1]);
    expect(width).toBeGreaterThanOrEqual(title.length * 8);
    expect(xml).toContain('x="0" y="44" width="200" height="100"');
  });
});
