/**
 * npm run readme: rewrites the README's results section from eval/report.json and
 * eval/crossval/report.json (scripts/lib/readmeResults.ts). Run it after `npm run train`,
 * `npm run eval` or `npm run crossval`; a unit test fails while the two disagree.
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
import { renderUrlTable, withUrlTable } from './lib/readmeUrl';
import type { InterviewReport } from '../src/eval/interviewReport';

/** A v2 report at path, or null when the file is missing or of another version. */
export function readReport(path: string): ShippedReport | null {
  if (!existsSync(path)) return null;
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return isShippedReport(parsed) ? parsed : null;
}

/**
 * The README as it should be: the results section rendered from the reports, the floor section
 * from the shipped manifest and the URL table from src/state/url/params.ts, the whole formatted
 * as `npm run format` would.
 */
export async function renderedReadme(): Promise<string> {
  const report = readReport(join(REPO_ROOT, 'eval', 'report.json'));
  if (!report)
    throw new Error('eval/report.json is missing or from an older version: run npm run eval first.');
  const crossval = readReport(join(REPO_ROOT, 'eval', 'crossval', 'report.json'));
  const file = join(REPO_ROOT, 'README.md');
  const options = (await prettier.resolveConfig(file)) ?? {};
  const manifest = JSON.parse(
    readFileSync(join(REPO_ROOT, 'public', 'model', 'manifest.json'), 'utf8'),
  ) as ModelManifest;
  let text = withFloor(
    withResults(readFileSync(file, 'utf8'), renderResults(report, crossval)),
    renderFloor(manifest),
  );
  text = withUrlTable(text, renderUrlTable());
  const interviewFile = join(REPO_ROOT, 'eval', 'interview', 'report.json');
  if (existsSync(interviewFile))
    text = withInterview(
      text,
      renderInterview(JSON.parse(readFileSync(interviewFile, 'utf8')) as InterviewReport),
    );
  return prettier.format(text, {
    ...options,
    filepath: file,
  });
}

async function main(): Promise<void> {
  const file = join(REPO_ROOT, 'README.md');
  writeFileSync(file, await renderedReadme());
  const crossval = readReport(join(REPO_ROOT, 'eval', 'crossval', 'report.json'));
  console.error(
    `README.md: results from eval/report.json${crossval ? ' and eval/crossval/report.json' : ''}, the lists' floor from public/model/manifest.json, the URL table from src/state/url/params.ts`,
  );
}

if (process.argv[1]?.endsWith('readme.ts'))
  main().catch((e: unknown) => {
    console.error(`readme: ${(e as Error).message}`);
    process.exit(1);
  });
