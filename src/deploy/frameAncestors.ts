/**
 * Who may frame the page: the CSP's `frame-ancestors`, written at build time from the environment
 * variable WARMSTART_FRAME_ANCESTORS (README, "Presenting and embedding"). Unset or empty: 'none',
 * nobody may (clickjacking). Otherwise origins only, separated by spaces or commas: a path, a query,
 * a bare `*`, a scheme other than http(s) or anything that could end the directive (`;`) stops the
 * build with the reason, so a typo never ships as a policy that frames nowhere, or everywhere.
 * Plain TypeScript: vite.config.ts and the unit tests share it.
 */

export const FRAME_ANCESTORS_ENV = 'WARMSTART_FRAME_ANCESTORS';

/** A host: a DNS name (optionally `*.` for its subdomains), an IPv4 address, or `[IPv6]`. */
const HOST =
  /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/;
const ORIGIN = /^(https?):\/\/([^/:?#]+|\[[^\]]+\])(:(\d{1,5}))?$/i;

/**
 * The directive's sources for a value of WARMSTART_FRAME_ANCESTORS.
 * @returns ["'none'"] when unset or empty; else the origins, each once, in the order given
 *   (lower-cased; `'self'` is kept as the keyword).
 * @throws Error naming the entry that is not an origin and saying what to give instead.
 */
export function parseFrameAncestors(value: string | undefined): string[] {
  const parts = (value ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return ["'none'"];
  const out: string[] = [];
  for (const part of parts) {
    const source = parseSource(part);
    if (!out.includes(source)) out.push(source);
  }
  return out;
}

function parseSource(part: string): string {
  const fail = (why: string): never => {
    throw new Error(
      `${FRAME_ANCESTORS_ENV} holds "${part}": ${why}. Give origins separated by spaces, e.g. ${FRAME_ANCESTORS_ENV}="https://slides.example https://lms.example:8443" (or leave it unset: nobody may frame the page).`,
    );
  };
  if (part === "'self'") return part;
  if (part === "'none'") fail("'none' is the default when the variable is unset, and cannot be combined");
  if (part === '*') fail('a bare * would let any site frame the page');
  const m = ORIGIN.exec(part);
  if (!m) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(part) && !/^https?:\/\//i.test(part))
      fail('only http: and https: origins');
    if (/^https?:\/\/[^/]+\/./i.test(part) || /[?#]/.test(part))
      fail('an origin has no path, query or fragment');
    if (/^https?:\/\/[^/]+\/$/i.test(part)) fail(`an origin has no trailing slash (${part.slice(0, -1)})`);
    fail('it is not an origin (scheme://host[:port])');
  }
  const [, scheme = '', host = '', , port] = m as RegExpExecArray;
  if (!HOST.test(host.toLowerCase())) fail(`"${host}" is not a host name`);
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) fail(`${port} is not a port`);
  return `${scheme.toLowerCase()}://${host.toLowerCase()}${port === undefined ? '' : `:${port}`}`;
}

/**
 * A Netlify / Cloudflare Pages `_headers` file sending these headers on every path: what the build
 * writes beside index.html, so a host that reads it serves the policy the page was built with.
 */
export function headersFile(headers: Record<string, string>): string {
  return `/*\n${Object.entries(headers)
    .map(([k, v]) => `  ${k}: ${v}\n`)
    .join('')}`;
}
