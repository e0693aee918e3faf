/**
 * Cross-fitting for meta-training from a pretrained model. A newcomer's ratings were never seen by
 * pretraining; meta-training tasks built from ratings the pretraining *did* fit teach the
 * meta-learner that little adaptation is needed. So each meta-train user's ratings are split (seeded):
 * one part pretrains the initialization, the held-out part alone forms the meta-training tasks.
 */
import { createRng } from '../data/rng';
import type { UserHistory } from '../data/types';

export function splitHistories(
  histories: UserHistory[],
  heldOut: number,
  seed: number,
): { fit: UserHistory[]; held: UserHistory[] } {
  const rng = createRng(seed ^ 0x5bd1e995);
  const fit: UserHistory[] = [];
  const held: UserHistory[] = [];
  for (const h of histories) {
    const order = rng.shuffle(Array.from({ length: h.items.length }, (_, i) => i));
    const cut = Math.round(order.length * heldOut);
    const pick = (idx: number[]): UserHistory => ({
      userId: h.userId,
      items: Int32Array.from(idx, (i) => h.items[i] ?? 0),
      ratings: Float32Array.from(idx, (i) => h.ratings[i] ?? 0),
    });
    held.push(pick(order.slice(0, cut)));
    fit.push(pick(order.slice(cut)));
  }
  return { fit, held };
}
