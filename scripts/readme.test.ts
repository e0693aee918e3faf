/** The README's figures are the committed reports' figures: nobody edits them by hand. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './lib/modelDir';
import { END, START } from './lib/readmeResults';
import { readReport, renderedReadme } from './readme';

describe('README results', () => {
  it('are exactly what npm run readme renders from eval/report.json and eval/crossval/report.json', async () => {
    expect(
      readReport(join(REPO_ROOT, 'eval', 'report.json')),
      'eval/report.json is a version-2 report',
    ).not.toBeNull();
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = (text: string) => text.slice(text.indexOf(START), text.indexOf(END) + END.length);
    expect(section(readme), 'run npm run readme').toBe(section(await renderedReadme()));
  });
});
