/**
 * The map of a trained method: a PCA of its item vectors, with users scaled so that adapted
 * meta-val users spread like the movies and sit in the middle of the map (a visitor's path stays
 * inside it). Used when a model is exported.
 */
import type { UserHistory } from '../data/types';
import type { Projection } from '../model/format';
import { fitProjection, projectItem, projectUser } from '../model/projection';
import type { Recommender } from '../model/recommender';

function spread(pts: [number, number][]): number {
  if (pts.length === 0) return 0;
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return Math.sqrt(pts.reduce((s, p) => s + (p[0] - mx) ** 2 + (p[1] - my) ** 2, 0) / pts.length);
}

/**
 * @param rated which items count for the movies' spread (those meta-train users rated).
 * @param val meta-val users; each is adapted to its first 10 ratings.
 * @returns the projection and every item's map position.
 */
export async function fitMap(
  rec: Recommender,
  rated: (item: number) => boolean,
  val: readonly UserHistory[],
): Promise<{ projection: Projection; itemXY: (item: number) => [number, number] }> {
  const width = rec.dim + 1;
  const proj = fitProjection(rec.vectors, rec.numItems, width, rec.dim);
  const itemXY = (i: number) => projectItem(proj, rec.vectors, i, width);
  const items: [number, number][] = [];
  for (let i = 0; i < rec.numItems; i++) if (rated(i)) items.push(itemXY(i));
  const users: [number, number][] = [];
  for (const h of val) {
    const k = Math.min(10, h.items.length);
    const { phi } = await rec.adapt({ items: h.items.slice(0, k), ratings: h.ratings.slice(0, k) });
    users.push(projectUser({ ...proj, userScale: 1, userCenter: [0, 0] }, phi));
  }
  const userSpread = spread(users);
  const center: [number, number] = [
    users.reduce((s, p) => s + p[0], 0) / Math.max(1, users.length),
    users.reduce((s, p) => s + p[1], 0) / Math.max(1, users.length),
  ];
  return {
    projection: { ...proj, userScale: userSpread > 0 ? spread(items) / userSpread : 1, userCenter: center },
    itemXY,
  };
}
