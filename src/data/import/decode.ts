/**
 * Bytes of a chosen file -> UTF-8 text, or a message a person can act on: too big, empty, a binary
 * or archive file, UTF-16, JSON, or text that is not UTF-8 (with the line of the first bad byte).
 * Pure; runs in the import worker.
 */

/** The largest file the import reads (stated in the page and the README). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export type Decoded = { ok: true; text: string } | { ok: false; message: string };

const MAGIC: [number[], string][] = [
  [
    [0x50, 0x4b, 0x03, 0x04],
    'a ZIP archive (Letterboxd and others send their export zipped: unzip it and choose the CSV inside; an Excel .xlsx workbook is a ZIP too: save it as CSV)',
  ],
  [[0x1f, 0x8b], 'a gzip-compressed file (decompress it first)'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old-style Office document (an Excel .xls workbook?: save it as CSV UTF-8)'],
];

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

export const formatBytes = (n: number): string =>
  n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toFixed(1)} MB`
    : n >= 1024
      ? `${Math.ceil(n / 1024)} KB`
      : `${n} bytes`;

/** The size check alone (the page runs it before reading the file at all). */
export function sizeProblem(size: number): string | null {
  if (size > MAX_IMPORT_BYTES)
    return `The file is ${formatBytes(size)}, over the ${formatBytes(MAX_IMPORT_BYTES)} an import may be. Rating exports are far smaller (5,000 ratings are about 300 KB): is this the right file?`;
  if (size === 0) return 'The file is empty (0 bytes).';
  return null;
}

export function decodeImport(bytes: Uint8Array): Decoded {
  const fail = (message: string): Decoded => ({ ok: false, message });
  const size = sizeProblem(bytes.length);
  if (size) return fail(size);
  for (const [sig, what] of MAGIC)
    if (startsWith(bytes, sig)) return fail(`This is not a CSV file: it is ${what}.`);
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]))
    return fail('The file is UTF-16 text, not UTF-8. Save it as "CSV UTF-8" and choose it again.');
  const nul = bytes.indexOf(0);
  if (nul >= 0 && nul < 8192)
    return fail('This is not a CSV file: it holds binary data (a NUL byte near the start).');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = lineOf(bytes, at);
    return fail(
      `The file is not UTF-8 text: byte 0x${(bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')} on line ${line} is not valid UTF-8 (the file is probably Latin-1 or Windows-1252). Save it as "CSV UTF-8" and choose it again; nothing was imported.`,
    );
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return fail('The file is empty: it holds no text.');
  const first = body.trimStart()[0];
  if (first === '{' || first === '[')
    return fail(
      'This is a JSON file, not a CSV. A warmstart state file (warmstart-state.json) goes through "Import state"; this imports rating exports (CSV).',
    );
  return { ok: true, text };
}

/** Offset of the first byte that breaks UTF-8 (the decoder only says that one does). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    const n =
      c < 0x80
        ? 0
        : c >= 0xc2 && c <= 0xdf
          ? 1
          : c >= 0xe0 && c <= 0xef
            ? 2
            : c >= 0xf0 && c <= 0xf4
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}

function lineOf(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 10) line++;
  return line;
}
