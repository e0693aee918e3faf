import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { fitContent } from './itemContent';
import { plantedItems } from './itemSynthetic';
import { warmupFromJson, warmupToJson } from './itemWarmupFormat';
import { WARMUP_GROUPS } from './itemWarmupGenerator';
import { warmupPlacer } from './itemWarmupInner';
import { trainItemWarmup } from './itemWarmupTrain';

const { set } = plantedItems({ seed: 2, users: 60, items: 80, heldOut: 10 });
const content = fitContent(set, { lambda: 1 });
const params = trainItemWarmup(set, { iterations: 10, hidden: 6, content }, createRng(3)).params;

describe('item warm-up file', () => {
  it('round-trips through JSON text exactly (float32) and places the same path', () => {
    const back = warmupFromJson(JSON.parse(JSON.stringify(warmupToJson(params, content))));
    for (const g of WARMUP_GROUPS) expect(Array.from(back.params[g]), g).toEqual(Array.from(params[g]));
    expect(Array.from(back.content?.weights ?? [])).toEqual(Array.from(content.weights));
    const evidence = {
      features: set.features.subarray(0, set.numFeatures),
      raterStates: set.userStates.subarray(0, 2 * set.dim),
      ratings: Float32Array.of(4.5, 2),
    };
    expect(warmupPlacer(back.params).place(evidence)).toEqual(warmupPlacer(params).place(evidence));
  });

  it('names what is wrong in a damaged file', () => {
    const good = warmupToJson(params);
    expect(() => warmupFromJson(null)).toThrow(/not a JSON object/);
    expect(() => warmupFromJson({ ...good, formatVersion: 9 })).toThrow(/format version 9/);
    expect(() => warmupFromJson({ ...good, w2: good.w2.slice(1) })).toThrow(/"w2" should hold/);
    expect(() => warmupFromJson({ ...good, offset: good.offset.map(() => 'x') })).toThrow(
      /"offset"\[0\] is not a finite/,
    );
    expect(() => warmupFromJson({ ...good, dim: -1 })).toThrow(/"dim"/);
    expect(warmupFromJson(good).content).toBeUndefined();
  });
});
