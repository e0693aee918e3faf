import { describe, expect, it } from 'vitest';
import { FRAME_ANCESTORS_ENV, headersFile, parseFrameAncestors } from './frameAncestors';

describe(`${FRAME_ANCESTORS_ENV}: who may frame the page`, () => {
  it("is 'none' when unset or empty", () => {
    expect(parseFrameAncestors(undefined)).toEqual(["'none'"]);
    expect(parseFrameAncestors('')).toEqual(["'none'"]);
    expect(parseFrameAncestors('  , ')).toEqual(["'none'"]);
  });

  it('takes origins separated by spaces or commas, each once, lower-cased', () => {
    expect(parseFrameAncestors('https://a.example  https://B.example:8443,http://localhost:8000')).toEqual([
      'https://a.example',
      'https://b.example:8443',
      'http://localhost:8000',
    ]);
    expect(parseFrameAncestors('https://a.example https://a.example')).toEqual(['https://a.example']);
    expect(parseFrameAncestors("'self' https://*.example.org http://127.0.0.1:4000 http://[::1]:80")).toEqual(
      ["'self'", 'https://*.example.org', 'http://127.0.0.1:4000', 'http://[::1]:80'],
    );
  });

  it.each([
    ['https://a.example/slides', 'no path'],
    ['https://a.example/', 'no trailing slash (https://a.example)'],
    ['https://a.example?x=1', 'no path, query or fragment'],
    ['a.example', 'not an origin'],
    ['ftp://a.example', 'only http: and https:'],
    ['data:', 'only http: and https:'],
    ['*', 'bare *'],
    ["'none'", 'cannot be combined'],
    ["'unsafe-inline'", 'not an origin'],
    ['https://a.example;script-src', 'not a host name'],
    ['https://a..example', 'not a host name'],
    ['https://a.example:99999', 'not a port'],
  ])('refuses %s with the reason (%s)', (value, reason) => {
    expect(() => parseFrameAncestors(`https://ok.example ${value}`)).toThrow(reason);
    expect(() => parseFrameAncestors(value)).toThrow(FRAME_ANCESTORS_ENV);
  });

  it('writes a _headers file for every path', () => {
    expect(headersFile({ 'X-A': '1', 'Content-Security-Policy': "frame-ancestors 'none'" })).toBe(
      "/*\n  X-A: 1\n  Content-Security-Policy: frame-ancestors 'none'\n",
    );
  });
});
