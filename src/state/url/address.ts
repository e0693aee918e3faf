/**
 * Reading an address into key/value pairs, in the order written. The shared state and the workshop
 * switches are read leniently from the query and the hash (a malformed escape is kept as written);
 * the query-only switches (`backend`, `pause`, `timeout`, `fault`) as the browser's URLSearchParams
 * reads them. Pure functions of the strings, no DOM.
 */

export function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The pairs of a hash (`#a=1&b`, a leading '#' optional); a key without `=` has the value ''. */
export function pairs(hash: string): [string, string][] {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '') return [];
  return h.split('&').map((kv) => {
    const at = kv.indexOf('=');
    const k = at < 0 ? kv : kv.slice(0, at);
    const v = at < 0 ? '' : kv.slice(at + 1);
    try {
      return [decodeURIComponent(k), decodeURIComponent(v)];
    } catch {
      return [k, v];
    }
  });
}

/** The pairs of the query, then those of the hash. */
export function addressPairs(search: string, hash: string): [string, string][] {
  return [...pairs(search.startsWith('?') ? search.slice(1) : search), ...pairs(hash)];
}

/** The pairs of the query as URLSearchParams reads them. */
export function queryPairs(search: string): [string, string][] {
  return [...new URLSearchParams(search).entries()];
}
