/**
 * The figures in README.md's summary and eval/README.md's results are the committed reports'
 * figures: nobody edits them by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './lib/modelDir';
import { FLOOR_END, FLOOR_START } from './lib/readmeFloor';
import { INTERVIEW_END, INTERVIEW_START } from './lib/readmeInterview';
import { END, START } from './lib/readmeResults';
import { SUMMARY_END, SUMMARY_START } from './lib/readmeSummary';
import { URL_END, URL_START } from './lib/readmeUrl';
import { EVAL_README, README, readReport, renderedEvalReadme, renderedReadme } from './readme';

/** The part of text from the start marker through the end marker. */
const part = (text: string, start: string, end: string) =>
  text.slice(text.indexOf(start), text.indexOf(end) + end.length);

describe('README results', () => {
  it('are exactly what npm run readme renders from eval/report.json and eval/crossval/report.json', async () => {
    expect(
      readReport(join(REPO_ROOT, 'eval', 'report.json')),
      'eval/report.json is a version-2 report',
    ).not.toBeNull();
    const readme = readFileSync(EVAL_README, 'utf8');
    const section = (text: string) => part(text, START, END);
    const floor = (text: string) => part(text, FLOOR_START, FLOOR_END);
    const rendered = await renderedEvalReadme();
    expect(section(readme), 'run npm run readme').toContain(START);
    expect(section(readme), 'run npm run readme').toBe(section(rendered));
    expect(floor(readme), 'run npm run readme').toContain(FLOOR_START);
    expect(floor(readme), 'run npm run readme').toBe(floor(rendered));
    const interview = (text: string) => part(text, INTERVIEW_START, INTERVIEW_END);
    expect(interview(readme), 'run npm run readme').toBe(interview(rendered));
  });

  it("README.md's summary is what npm run readme renders from the same reports", async () => {
    const summary = (text: string) => part(text, SUMMARY_START, SUMMARY_END);
    const readme = readFileSync(README, 'utf8');
    expect(summary(readme), 'run npm run readme').toContain(SUMMARY_START);
    expect(summary(readme), 'run npm run readme').toBe(summary(await renderedReadme()));
  });

  it('hold the URL table as src/state/url/params.ts declares it (run npm run readme after changing it)', async () => {
    const readme = readFileSync(README, 'utf8');
    const table = (text: string) => part(text, URL_START, URL_END);
    expect(table(readme), 'README.md has the url markers').toContain(URL_START);
    expect(table(readme), 'run npm run readme').toBe(table(await renderedReadme()));
  });
});
