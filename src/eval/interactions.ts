/**
 * The binary meta-train matrix X (users x items, X[u][i] = 1 when user u rated item i, whatever the
 * stars) that the classic list recommenders are fitted on: item-item cosine kNN (itemKnn.ts), EASE
 * (ease.ts) and PureSVD (pureSvd.ts). Pure TypeScript on typed arrays; listBaselines.ts wraps those
 * models as evaluation methods.
 *
 * Every score function of those models takes a new user's support as catalog indices (their ratings
 * ignored, as in the binary X) and returns a score for every catalog item, or null when the support
 * tells the model nothing (empty, or no support item the model knows), for the caller's popularity
 * fallback.
 */
import type { UserHistory } from '../data/types';

/** X in sparse form, by user (CSR) and by item (CSC). */
export interface Interactions {
  numUsers: number;
  numItems: number;
  /** Items of user u: userItems[userStart[u] .. userStart[u + 1]), ascending, [numUsers + 1]. */
  userStart: Int32Array;
  userItems: Int32Array;
  /** Users of item i: itemUsers[itemStart[i] .. itemStart[i + 1]), ascending, [numItems + 1]. */
  itemStart: Int32Array;
  itemUsers: Int32Array;
  /** Meta-train ratings per item (column sums of X), [numItems]. */
  counts: Int32Array;
}

/**
 * X from training histories: user u is histories[u]; an item a user rated twice counts once.
 *
 * @throws Error when an item index is outside [0, numItems).
 */
export function buildInteractions(histories: readonly UserHistory[], numItems: number): Interactions {
  const numUsers = histories.length;
  const userStart = new Int32Array(numUsers + 1);
  const perUser: Int32Array[] = histories.map((h) => {
    for (const item of h.items)
      if (!(item >= 0 && item < numItems))
        throw new Error(`buildInteractions: user ${h.userId} rated item ${item}, outside [0, ${numItems})`);
    return Int32Array.from(new Set(h.items)).sort();
  });
  perUser.forEach((items, u) => (userStart[u + 1] = (userStart[u] as number) + items.length));
  const userItems = new Int32Array(userStart[numUsers] as number);
  perUser.forEach((items, u) => userItems.set(items, userStart[u] as number));
  const counts = new Int32Array(numItems);
  for (const item of userItems) counts[item] = (counts[item] as number) + 1;
  const itemStart = new Int32Array(numItems + 1);
  for (let i = 0; i < numItems; i++) itemStart[i + 1] = (itemStart[i] as number) + (counts[i] as number);
  const itemUsers = new Int32Array(userItems.length);
  const fill = itemStart.slice(0, numItems);
  // Users in ascending order, so each item's user list comes out ascending.
  for (let u = 0; u < numUsers; u++)
    for (let p = userStart[u] as number; p < (userStart[u + 1] as number); p++) {
      const item = userItems[p] as number;
      itemUsers[fill[item] as number] = u;
      fill[item] = (fill[item] as number) + 1;
    }
  return { numUsers, numItems, userStart, userItems, itemStart, itemUsers, counts };
}
