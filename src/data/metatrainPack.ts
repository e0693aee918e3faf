/**
 * The training pack of the page's meta-training panel: the meta-train users' ratings and a small
 * fixed set of meta-val users, as catalog indices of the shipped catalog, in a compact binary
 * (written by `npm run metatrain-data`, read by the worker). Pure TypeScript, Node and browser.
 *
 * Layout (little-endian):
 *   "WSMT"            4 bytes, magic
 *   version           u8 (PACK_VERSION)
 *   header length     u32, then that many bytes of UTF-8 JSON (PackHeader)
 *   users             header.trainUsers + header.valUsers records, train first, each:
 *     userId          varint
 *     count           varint
 *     items           count varints: the catalog indices ascending, each as the gap from the previous
 *                     (the first from 0)
 *     levels          ceil(count / 2) bytes: the half-star level (0-9 for 0.5-5) of each rating, two
 *                     per byte, low nibble first
 */
import type { UserHistory } from './types';

export const PACK_MAGIC = 'WSMT';
export const PACK_VERSION = 1;

export interface PackHeader {
  /** Catalog size the indices refer to (the shipped catalog's movies). */
  numItems: number;
  trainUsers: number;
  valUsers: number;
  /** MovieLens attribution and license (shown with the panel). */
  attribution: string;
  /** sha256 of the source files (the model's data.checksum). */
  checksum: string;
  /** The user split's seed (public/model/split.json). */
  splitSeed: number;
}

export interface MetaTrainPack {
  header: PackHeader;
  /** Meta-train users (every rating). */
  train: UserHistory[];
  /** The fixed meta-val users of the live Recall@20. */
  val: UserHistory[];
}

/** A pack that cannot be read: truncated, damaged or of another version. The message says which. */
export class PackFormatError extends Error {
  constructor(message: string) {
    super(`The training data is damaged or incomplete: ${message}. Reload the page to fetch it again.`);
    this.name = 'PackFormatError';
  }
}

function pushVarint(out: number[], v: number): void {
  let x = v >>> 0;
  while (x >= 0x80) {
    out.push((x & 0x7f) | 0x80);
    x >>>= 7;
  }
  out.push(x);
}

/** Half-star level 0-9 of a rating of 0.5 to 5. */
function levelOf(r: number): number {
  const l = Math.round(r * 2) - 1;
  if (!(l >= 0 && l <= 9)) throw new Error(`encodePack: rating ${r} is not 0.5 to 5 in half stars`);
  return l;
}

/** The pack's bytes. Each user's ratings are stored by ascending catalog index. */
export function encodePack(pack: MetaTrainPack): Uint8Array {
  const header: PackHeader = { ...pack.header, trainUsers: pack.train.length, valUsers: pack.val.length };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const body: number[] = [];
  for (const h of [...pack.train, ...pack.val]) {
    const order = Array.from(h.items.keys()).sort((a, b) => (h.items[a] ?? 0) - (h.items[b] ?? 0));
    pushVarint(body, h.userId);
    pushVarint(body, order.length);
    let prev = 0;
    for (const j of order) {
      const item = h.items[j] ?? 0;
      if (item < 0 || item >= header.numItems)
        throw new Error(`encodePack: item ${item} is outside the catalog`);
      pushVarint(body, item - prev);
      prev = item;
    }
    for (let j = 0; j < order.length; j += 2) {
      const lo = levelOf(h.ratings[order[j] as number] ?? 0);
      const hi = j + 1 < order.length ? levelOf(h.ratings[order[j + 1] as number] ?? 0) : 0;
      body.push(lo | (hi << 4));
    }
  }
  const out = new Uint8Array(4 + 1 + 4 + json.length + body.length);
  out.set(new TextEncoder().encode(PACK_MAGIC), 0);
  out[4] = PACK_VERSION;
  new DataView(out.buffer).setUint32(5, json.length, true);
  out.set(json, 9);
  out.set(body, 9 + json.length);
  return out;
}

/**
 * Reads a pack.
 * @throws PackFormatError when the bytes are not a pack, of another version, truncated, or hold an
 *   index outside the catalog.
 */
export function decodePack(bytes: Uint8Array): MetaTrainPack {
  if (bytes.length < 9 || new TextDecoder().decode(bytes.subarray(0, 4)) !== PACK_MAGIC)
    throw new PackFormatError('it does not start like a training pack');
  if (bytes[4] !== PACK_VERSION)
    throw new PackFormatError(`it is version ${bytes[4]}, this page reads version ${PACK_VERSION}`);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(5, true);
  if (9 + headerLength > bytes.length) throw new PackFormatError('it ends inside its header');
  let header: PackHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(9, 9 + headerLength))) as PackHeader;
  } catch {
    throw new PackFormatError('its header is not JSON');
  }
  for (const k of ['numItems', 'trainUsers', 'valUsers'] as const)
    if (!Number.isInteger(header[k]) || header[k] < 0)
      throw new PackFormatError(`its header has no valid ${k}`);
  let pos = 9 + headerLength;
  const truncated = () => new PackFormatError(`it ends after ${bytes.length} bytes, in the middle of a user`);
  const varint = (): number => {
    let x = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= bytes.length) throw truncated();
      const b = bytes[pos++] as number;
      x += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return x;
    }
    throw new PackFormatError(`a number at byte ${pos} is too long`);
  };
  const users: UserHistory[] = [];
  for (let u = 0; u < header.trainUsers + header.valUsers; u++) {
    const userId = varint();
    const count = varint();
    if (count > header.numItems) throw new PackFormatError(`user ${userId} has more ratings than movies`);
    const items = new Int32Array(count);
    let prev = 0;
    for (let j = 0; j < count; j++) {
      prev += varint();
      if (prev >= header.numItems)
        throw new PackFormatError(`user ${userId} rates movie ${prev} of a catalog of ${header.numItems}`);
      items[j] = prev;
    }
    const ratingBytes = Math.ceil(count / 2);
    if (pos + ratingBytes > bytes.length) throw truncated();
    const ratings = new Float32Array(count);
    for (let j = 0; j < count; j++) {
      const b = bytes[pos + (j >> 1)] as number;
      const level = j % 2 === 0 ? b & 0x0f : b >> 4;
      if (level > 9) throw new PackFormatError(`user ${userId} has a rating level ${level}`);
      ratings[j] = (level + 1) / 2;
    }
    pos += ratingBytes;
    users.push({ userId, items, ratings });
  }
  if (pos !== bytes.length) throw new PackFormatError(`${bytes.length - pos} bytes follow the last user`);
  return { header, train: users.slice(0, header.trainUsers), val: users.slice(header.trainUsers) };
}
