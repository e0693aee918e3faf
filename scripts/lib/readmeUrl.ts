/**
 * The README's table of URL parameters, rendered from their one declaration
 * (src/state/url/params.ts), so the table cannot drift from what the page reads: `npm run readme`
 * rewrites the part between the url markers, and a test fails when they differ.
 */
import { URL_PARAMS } from '../../src/state/url/params';

export const URL_START = '<!-- url:start -->';
export const URL_END = '<!-- url:end -->';

/** A table cell: a `|` inside it, even in code, would end the cell. */
const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The section, markers included: one row per parameter, in the declaration's order. */
export function renderUrlTable(): string {
  return [
    URL_START,
    '',
    '| URL parameter | read from | effect |',
    '| --- | --- | --- |',
    ...URL_PARAMS.map((p) => `| ${cell(p.syntax)} | ${p.where} | ${cell(p.description)} |`),
    '',
    URL_END,
  ].join('\n');
}

/** The README with its URL table replaced. @throws Error when the markers are missing. */
export function withUrlTable(readme: string, section: string): string {
  const a = readme.indexOf(URL_START);
  const b = readme.indexOf(URL_END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${URL_START} ... ${URL_END} section`);
  return readme.slice(0, a) + section + readme.slice(b + URL_END.length);
}
