/**
 * The worker reads the deployer's exclusions (src/model/exclusions.ts) at startup. A missing,
 * slow or malformed file means no exclusions and a console warning: the page must never break
 * over an optional file. Never touches `self`.
 */
import { parseExclusions } from '../model/exclusions';

/**
 * The excluded movieIds at `url` (none without a url).
 * @param timeoutMs a file that has not arrived by then is given up on (with a warning).
 */
export async function loadExclusions(
  url: string | undefined,
  fetchFn: (url: string, init?: { signal?: AbortSignal }) => Promise<Response>,
  warn: (message: string) => void,
  timeoutMs: number,
): Promise<number[]> {
  if (!url) return [];
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const ignored = (why: string) => {
    warn(`exclude.json ${why}: no movie is excluded.`);
    return [];
  };
  try {
    const res = await Promise.race([
      fetchFn(url, { signal: abort.signal }),
      new Promise<never>((_, reject) =>
        abort.signal.addEventListener('abort', () => reject(new Error('timed out'))),
      ),
    ]);
    if (!res.ok) return ignored(`could not be loaded (HTTP ${res.status})`);
    let json: unknown;
    try {
      json = JSON.parse(await res.text());
    } catch {
      return ignored('is not valid JSON');
    }
    return parseExclusions(json).movieIds;
  } catch (e) {
    return ignored(`could not be used (${(e as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
}
