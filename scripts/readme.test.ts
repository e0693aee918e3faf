/** The README's figures are the committed reports' figures: nobody edits them by hand. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './lib/modelDir';
import { END, renderResults, START } from './lib/readmeResults';
import { readReport } from './readme';

describe('README results', () => {
  it('are exactly what npm run readme renders from eval/report.json and eval/crossval/report.json', () => {
    const report = readReport(join(REPO_ROOT, 'eval', 'report.json'));
    expect(report, 'eval/report.json is a version-2 report').not.toBeNull();
    if (!report) return;
    const crossval = readReport(join(REPO_ROOT, 'eval', 'crossval', 'report.json'));
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    expect(section, 'run npm run readme').toBe(renderResults(report, crossval));
  });
});
