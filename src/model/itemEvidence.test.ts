import { describe, expect, it } from 'vitest';
import { contentPlacer } from './itemContent';
import { foldInPlacer } from './itemFoldIn';
import { fitRatingTargets } from './itemTargets';
import { plantedItems } from './itemSynthetic';
import { warmupPlacer } from './itemWarmupInner';
import { createRng } from '../data/rng';
import { trainItemWarmup } from './itemWarmupTrain';
import { fitContent } from './itemContent';

const { set } = plantedItems({ seed: 1, users: 40, items: 50, heldOut: 5 });
const fit = fitContent(set, { lambda: 1 });
const placers = [
  contentPlacer(fit),
  foldInPlacer(fit, { lambda: 1, targets: fitRatingTargets(set) }),
  warmupPlacer(trainItemWarmup(set, { iterations: 0 }, createRng(1)).params),
];
const d = set.dim;
const good = {
  features: set.features.slice(0, set.numFeatures),
  raterStates: set.userStates.slice(0, 2 * d),
  ratings: Float32Array.of(4, 2.5),
};

describe('placers refuse evidence that does not fit the model', () => {
  for (const placer of placers) {
    it(`${placer.name}: says what is wrong`, () => {
      expect(placer.place(good).states.length).toBeGreaterThan(0);
      expect(() => placer.place({ ...good, features: good.features.slice(1) })).toThrow(
        new RegExp(`${placer.name}: expected ${set.numFeatures} content features`),
      );
      expect(() => placer.place({ ...good, ratings: Float32Array.of(4) })).toThrow(
        /1 ratings need 1 rater states/,
      );
      expect(() =>
        placer.place({ ...good, raterStates: good.raterStates.map((v, i) => (i === 3 ? NaN : v)) }),
      ).toThrow(/rater's state is not a finite/);
      expect(() => placer.place({ ...good, ratings: Float32Array.of(4, 7) })).toThrow(/outside 0.5 to 5/);
    });
  }
});
