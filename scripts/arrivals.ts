/**
 * npm run arrivals [-- --data DIR --model DIR --count N --backend NAME]
 * Rebuilds the "New arrivals" file (public/model/arrivals.json) from MovieLens and the shipped
 * model: its held-out test movies (split.json "items"), each with its first 20 ratings and the
 * state of each rater. Thin: parse flags, call src/train/arrivals.ts, write the file.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ARRIVALS_FILE } from '../src/model/arrivalsFormat';
import { DEFAULT_ARRIVALS } from '../src/train/arrivals';
import { arrivalsJson } from './lib/arrivals';
import { writeFileAtomic } from './lib/atomicWrite';
import { useBackend } from './lib/backend';
import { DEFAULT_DATA_DIR, loadMovieLensDir } from './lib/dataDir';
import { DEFAULT_MODEL_DIR, readModelDir } from './lib/modelDir';

const USAGE = `Usage: npm run arrivals -- [options]
  --data DIR      MovieLens folder (default ../shared/data/ml-latest-small)
  --model DIR     model folder to read and write arrivals.json into (default public/model)
  --count N       how many movies (default ${DEFAULT_ARRIVALS})
  --backend NAME  tfjs backend in Node: wasm (default) or cpu`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      model: { type: 'string' },
      count: { type: 'string' },
      backend: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const count = values.count === undefined ? DEFAULT_ARRIVALS : Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 50)
    throw new Error(`--count: "${values.count}" is not a whole number from 1 to 50`);
  await useBackend(values.backend ?? 'wasm');
  const dir = resolve(values.model ?? DEFAULT_MODEL_DIR);
  const data = loadMovieLensDir(resolve(values.data ?? DEFAULT_DATA_DIR)).data;
  const text = await arrivalsJson(readModelDir(dir), dir, data, count);
  writeFileAtomic(resolve(dir, ARRIVALS_FILE), text);
  console.error(`wrote ${resolve(dir, ARRIVALS_FILE)} (${text.length} bytes)`);
}

main().catch((e: unknown) => {
  console.error(`npm run arrivals: ${(e as Error).message}\n\n${USAGE}`);
  process.exit(1);
});
