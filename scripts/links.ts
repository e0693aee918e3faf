/**
 * npm run links [-- --data DIR --model DIR]
 * Writes the model folder's imdb.json, the IMDb -> MovieLens mapping the in-browser import needs
 * for IMDb exports (src/data/import/imdbMap.ts), from the data's links.csv and the movies of the
 * model's catalog.json. `npm run train` writes the same file with every model; this is for a
 * model folder trained before the import existed. Thin: parse flags, call src/, write the file.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildImdbMap, IMDB_FILE } from '../src/data/import/imdbMap';
import { writeFileAtomic } from './lib/atomicWrite';
import { DEFAULT_DATA_DIR, loadMovieLensDir } from './lib/dataDir';
import { DEFAULT_MODEL_DIR } from './lib/modelDir';

const USAGE = `Usage: npm run links -- [--data DIR] [--model DIR]
  Writes DIR/${IMDB_FILE} (default public/model) from the data's links.csv (default
  ${relative(process.cwd(), DEFAULT_DATA_DIR)}), for the movies of the model's catalog.json.`;

function main(): void {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      model: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = resolve(values.data ?? DEFAULT_DATA_DIR);
  const modelDir = resolve(values.model ?? DEFAULT_MODEL_DIR);
  const { data, files } = loadMovieLensDir(dataDir);
  if (!files.includes('links.csv'))
    throw new Error(`${join(dataDir, 'links.csv')} not found: the IMDb mapping is derived from it`);
  const catalogFile = join(modelDir, 'catalog.json');
  let movieIds: number[];
  try {
    const catalog = JSON.parse(readFileSync(catalogFile, 'utf8')) as { movies: [number, ...unknown[]][] };
    movieIds = catalog.movies.map((m) => m[0]);
  } catch (e) {
    throw new Error(
      `${catalogFile} could not be read (${(e as Error).message}); run \`npm run train\` first`,
      {
        cause: e,
      },
    );
  }
  const file = buildImdbMap(movieIds, data.links);
  const out = join(modelDir, IMDB_FILE);
  writeFileAtomic(out, JSON.stringify(file));
  console.log(
    `wrote ${relative(process.cwd(), out) || out}: ${file.movieIds.length} of ${movieIds.length} catalog movies have an IMDb id`,
  );
}

try {
  main();
} catch (e) {
  console.error(`links: ${(e as Error).message}`);
  process.exit(1);
}
