import { describe, expect, it } from 'vitest';
import { decodePack, encodePack, PackFormatError, type MetaTrainPack } from './metatrainPack';

const pack: MetaTrainPack = {
  header: {
    numItems: 500,
    trainUsers: 0,
    valUsers: 0,
    attribution: 'MovieLens',
    checksum: 'abc',
    splitSeed: 42,
  },
  train: [
    { userId: 1, items: Int32Array.of(7, 3, 499, 200), ratings: Float32Array.of(4, 0.5, 5, 3.5) },
    { userId: 300, items: Int32Array.of(0), ratings: Float32Array.of(2.5) },
  ],
  val: [{ userId: 70_000, items: Int32Array.of(150, 149, 10), ratings: Float32Array.of(1, 4.5, 3) }],
};

describe('metatrain pack', () => {
  it('decodes what it encodes, each user by ascending catalog index', () => {
    const back = decodePack(encodePack(pack));
    expect(back.header).toEqual({ ...pack.header, trainUsers: 2, valUsers: 1 });
    expect(back.train.map((u) => u.userId)).toEqual([1, 300]);
    expect(Array.from(back.train[0]!.items)).toEqual([3, 7, 200, 499]);
    expect(Array.from(back.train[0]!.ratings)).toEqual([0.5, 4, 3.5, 5]);
    expect(Array.from(back.train[1]!.ratings)).toEqual([2.5]);
    expect(back.val[0]!.userId).toBe(70_000);
    expect(Array.from(back.val[0]!.items)).toEqual([10, 149, 150]);
    expect(Array.from(back.val[0]!.ratings)).toEqual([3, 4.5, 1]);
  });

  it('refuses a truncated file with a clear error, at every cut', () => {
    const bytes = encodePack(pack);
    for (let cut = 0; cut < bytes.length; cut++) {
      expect(() => decodePack(bytes.subarray(0, cut)), `cut at ${cut}`).toThrow(PackFormatError);
    }
    expect(() => decodePack(bytes.subarray(0, bytes.length - 1))).toThrow(/damaged or incomplete/);
  });

  it('refuses another file, another version, trailing bytes and an index outside the catalog', () => {
    const bytes = encodePack(pack);
    expect(() => decodePack(new TextEncoder().encode('<!doctype html><html>'))).toThrow(/not start like/);
    const v2 = bytes.slice();
    v2[4] = 2;
    expect(() => decodePack(v2)).toThrow(/version 2/);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => decodePack(longer)).toThrow(/1 bytes follow/);
    const small = encodePack({ ...pack, header: { ...pack.header, numItems: 500 } });
    const json = new TextDecoder().decode(
      small.subarray(9, 9 + new DataView(small.buffer).getUint32(5, true)),
    );
    const shrunk = json.replace('"numItems":500', '"numItems":100');
    const damaged = new Uint8Array(small.length - json.length + shrunk.length);
    damaged.set(small.subarray(0, 9));
    new DataView(damaged.buffer).setUint32(5, shrunk.length, true);
    damaged.set(new TextEncoder().encode(shrunk), 9);
    damaged.set(small.subarray(9 + json.length), 9 + shrunk.length);
    expect(() => decodePack(damaged)).toThrow(/catalog of 100/);
  });

  it('refuses to encode a rating that is not in half stars', () => {
    const bad = { ...pack, train: [{ userId: 1, items: Int32Array.of(1), ratings: Float32Array.of(7) }] };
    expect(() => encodePack(bad)).toThrow(/rating 7/);
  });
});
