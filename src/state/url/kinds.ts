/**
 * The two kinds of URL parameter (url/params.ts declares each one): a key of the shared state's
 * hash, which a link carries and the page rewrites as the state changes, and a switch, read when
 * the page opens. How a switch is found in an address. Pure functions, no DOM.
 */

import { addressPairs, queryPairs } from './address';
import type { SharedState } from './values';

/** Where a parameter is read: the hash (the shared state, rewritten as it changes), the query, or both. */
export type Where = 'hash' | 'query' | 'query or hash';

/** What the README's table says of a parameter. */
export interface ParamDoc {
  key: string;
  where: Where;
  /** How it is written (markdown), e.g. '`tour`, `tour=N`'. */
  syntax: string;
  /** What it does, one line (markdown). */
  description: string;
}

/** A hash being read: the state so far, the whole link, and the count of ratings it left out. */
export interface HashDraft {
  state: SharedState;
  link: ReadonlyMap<string, string>;
  ratingsNotInLink?: number;
}

/** A key of the shared state's hash: a link with an invalid one is ignored as a whole. */
export interface StateParam extends ParamDoc {
  where: 'hash';
  /** Parses and checks a value into the draft; a reason a person can read when it is not valid. */
  read(value: string, draft: HashDraft): string | null;
  /** The value for a state, or null to leave the key out (the default). */
  write(s: SharedState): string | null;
}

/** A switch: read once when the page opens; what cannot be used is ignored and said in a notice. */
export interface SwitchParam<T> extends ParamDoc {
  /** Other keys that belong to it (`map_hide` to `hide`); by default only `key`. */
  owns?: (key: string) => boolean;
  /** Kept when the hash is rewritten from the state. */
  kept?: boolean;
  /** The value from every pair it owns, in address order (query, then hash). */
  read(found: [string, string][]): Read<T>;
}

/** A switch's value, and the notices to show for what was ignored. */
export interface Read<T> {
  value: T;
  problems: string[];
}
export const plain = <T>(value: T): Read<T> => ({ value, problems: [] });

/** Whether a key belongs to a switch. */
export const owns = (p: SwitchParam<unknown>, key: string): boolean => (p.owns ? p.owns(key) : key === p.key);

/** A switch's value from an address (`?...`, `#...`). */
export function readSwitch<T>(p: SwitchParam<T>, search: string, hash: string): Read<T> {
  const all = p.where === 'query' ? queryPairs(search) : addressPairs(search, hash);
  return p.read(all.filter(([k]) => owns(p, k)));
}
