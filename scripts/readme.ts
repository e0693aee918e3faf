/**
 * npm run readme: rewrites the generated parts of README.md (the short results summary and the
 * table of URL parameters) and
 * eval/README.md (the results, the interview and the lists' floor) from eval/report.json,
 * eval/crossval/report.json, eval/interview/report.json and the shipped manifest
 * (scripts/lib/readme*.ts). Run it after `npm run train`, `npm run eval`, `npm run crossval` or
 * `npm run interview`; a unit test fails while the files and the reports disagree.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { isShippedReport, type ShippedReport } from '../src/eval/shippedReport';
import type { ModelManifest } from '../src/model/format';
import { REPO_ROOT } from './lib/modelDir';
import { renderFloor, withFloor } from './lib/readmeFloor';
import { renderInterview, withInterview } from './lib/readmeInterview';
import { renderResults, withResults } from './lib/readmeResults';
import { renderSummary, withSummary } from './lib/readmeSummary';
import { renderUrlTable, withUrlTable } from './lib/readmeUrl';
import type { InterviewReport } from '../src/eval/interviewReport';

export const README = join(REPO_ROOT, 'README.md');
export const EVAL_README = join(REPO_ROOT, 'eval', 'README.md');

/** A v2 report at path, or null when the file is missing or of another version. */
export function readReport(path: string): ShippedReport | null {
  if (!existsSync(path)) return null;
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return isShippedReport(parsed) ? parsed : null;
}

/** The reports every generated part is rendered from. @throws Error without a v2 eval/report.json. */
function reports() {
  const report = readReport(join(REPO_ROOT, 'eval', 'report.json'));
  if (!report)
    throw new Error('eval/report.json is missing or from an older version: run npm run eval first.');
  const crossval = readReport(join(REPO_ROOT, 'eval', 'crossval', 'report.json'));
  const interviewFile = join(REPO_ROOT, 'eval', 'interview', 'report.json');
  const interview = existsSync(interviewFile)
    ? (JSON.parse(readFileSync(interviewFile, 'utf8')) as InterviewReport)
    : null;
  return { report, crossval, interview };
}

/** text formatted as `npm run format` would format the file. */
async function formatted(text: string, file: string): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

/**
 * README.md as it should be: its results summary rendered from the reports and the table of URL
 * parameters from src/state/url/params.ts.
 */
export async function renderedReadme(): Promise<string> {
  const { report, crossval, interview } = reports();
  const text = withSummary(readFileSync(README, 'utf8'), renderSummary(report, crossval, interview));
  return formatted(withUrlTable(text, renderUrlTable()), README);
}

/**
 * eval/README.md as it should be: the results rendered from the reports, the interview from its
 * report, the floor section from the shipped manifest.
 */
export async function renderedEvalReadme(): Promise<string> {
  const { report, crossval, interview } = reports();
  const manifest = JSON.parse(
    readFileSync(join(REPO_ROOT, 'public', 'model', 'manifest.json'), 'utf8'),
  ) as ModelManifest;
  let text = withFloor(
    withResults(readFileSync(EVAL_README, 'utf8'), renderResults(report, crossval)),
    renderFloor(manifest),
  );
  if (interview) text = withInterview(text, renderInterview(interview));
  return formatted(text, EVAL_README);
}

async function main(): Promise<void> {
  const readme = await renderedReadme();
  const evalReadme = await renderedEvalReadme();
  writeFileSync(README, readme);
  writeFileSync(EVAL_README, evalReadme);
  const crossval = readReport(join(REPO_ROOT, 'eval', 'crossval', 'report.json'));
  console.error(
    `README.md and eval/README.md: results from eval/report.json${crossval ? ' and eval/crossval/report.json' : ''}, the lists' floor from public/model/manifest.json, the URL table from src/state/url/params.ts`,
  );
}

if (process.argv[1]?.endsWith('readme.ts'))
  main().catch((e: unknown) => {
    console.error(`readme: ${(e as Error).message}`);
    process.exit(1);
  });
