/** The README's figures are the committed reports' figures: nobody edits them by hand. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './lib/modelDir';
import { FLOOR_END, FLOOR_START } from './lib/readmeFloor';
import { INTERVIEW_END, INTERVIEW_START } from './lib/readmeInterview';
import { END, START } from './lib/readmeResults';
import { URL_END, URL_START } from './lib/readmeUrl';
import { readReport, renderedReadme } from './readme';

describe('README results', () => {
  it('are exactly what npm run readme renders from eval/report.json and eval/crossval/report.json', async () => {
    expect(
      readReport(join(REPO_ROOT, 'eval', 'report.json')),
      'eval/report.json is a version-2 report',
    ).not.toBeNull();
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = (text: string) => text.slice(text.indexOf(START), text.indexOf(END) + END.length);
    const floor = (text: string) =>
      text.slice(text.indexOf(FLOOR_START), text.indexOf(FLOOR_END) + FLOOR_END.length);
    const rendered = await renderedReadme();
    expect(section(readme), 'run npm run readme').toBe(section(rendered));
    expect(floor(readme), 'run npm run readme').toContain(FLOOR_START);
    expect(floor(readme), 'run npm run readme').toBe(floor(rendered));
    const interview = (text: string) =>
      text.slice(text.indexOf(INTERVIEW_START), text.indexOf(INTERVIEW_END) + INTERVIEW_END.length);
    expect(interview(readme), 'run npm run readme').toBe(interview(rendered));
  });

  it('hold the URL table as src/state/url/params.ts declares it (run npm run readme after changing it)', async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const table = (text: string) =>
      text.slice(text.indexOf(URL_START), text.indexOf(URL_END) + URL_END.length);
    expect(table(readme), 'README.md has the url markers').toContain(URL_START);
    expect(table(readme), 'run npm run readme').toBe(table(await renderedReadme()));
  });
});
