import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTermId, METHOD_TERMS, termOfMethod, TERM_IDS, TERMS } from './terms';

const UI = new URL('..', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );
}

describe('glossary', () => {
  it('has an entry for every term the page explains by name', () => {
    const used = new Set<string>();
    for (const file of sources(UI))
      for (const m of readFileSync(file, 'utf8').matchAll(/<Explain term="([^"]+)"/g)) used.add(m[1] ?? '');
    expect(used.size).toBeGreaterThan(4);
    for (const term of used) expect(isTermId(term), `${term} has an entry`).toBe(true);
  });

  it('explains every method the shipped model carries', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../../public/model/manifest.json', import.meta.url), 'utf8'),
    ) as { methods: { name: string }[] };
    for (const { name } of manifest.methods) expect(termOfMethod(name), name).toBe(name);
    expect(termOfMethod('bias')).toBeNull();
    expect(termOfMethod('support')).toBeNull();
    for (const m of METHOD_TERMS) expect(TERMS[m].name).toBeTruthy();
  });

  it('keeps every entry short and plain: one or two sentences, no markup', () => {
    for (const id of TERM_IDS) {
      const t: { name: string; text: string; formula?: string } = TERMS[id];
      expect(t.name.length, id).toBeGreaterThan(0);
      const sentences = t.text.split(/(?<=[.!?])\s+(?=[A-Z])/);
      expect(sentences.length, `${id}: ${t.text}`).toBeLessThanOrEqual(2);
      expect(t.text.length, id).toBeLessThan(260);
      expect(`${t.text} ${t.formula ?? ''}`, id).not.toMatch(/[<>]/);
    }
  });
});
