/**
 * arrivals.json for a model folder: the file `npm run train` writes after the model (one call) and
 * `npm run arrivals` rebuilds from a shipped model. The recipe is src/train/arrivals.ts.
 */
import type { MovieLensData } from '../../src/data/types';
import type { ShippedModel } from '../../src/model/shipped';
import { buildArrivals } from '../../src/train/arrivals';
import { readSplit } from './modelDir';

/** arrivals.json's text for `model` (in folder `dir`, whose split.json may record the item split). */
export async function arrivalsJson(model: ShippedModel, dir: string, data: MovieLensData, count?: number) {
  const ids = model.catalog.movies.map((m) => m[0]);
  if (ids.length !== data.movies.length || ids.some((id, i) => data.movies[i]?.movieId !== id))
    throw new Error(
      `${dir}: the catalog is not this data's movies: pass the --data the model was trained on`,
    );
  const rec = model.recommender(model.manifest.defaultMethod);
  try {
    const file = await buildArrivals({
      rec,
      data,
      newItems: readSplit(dir).newItems ?? null,
      ...(count === undefined ? {} : { count }),
    });
    return `${JSON.stringify(file)}\n`;
  } finally {
    rec.dispose();
  }
}
