import { isAscii, isUtf8 } from 'node:buffer';
import { DataError } from './errors.js';

/**
 * Decoding data files. Node's `toString('utf8')` turns every invalid byte into U+FFFD, so a
 * Latin-1 file loads as "caf� cr�me" and is scored as that text: invalid UTF-8 is refused with
 * its line instead, and a Latin-1 file is read as Latin-1 only when the user says so.
 */
export const textEncodings = ['utf-8', 'latin1'] as const;
export type TextEncoding = (typeof textEncodings)[number];

export function isTextEncoding(s: unknown): s is TextEncoding {
  return typeof s === 'string' && (textEncodings as readonly string[]).includes(s);
}

/** How a data file is to be read (`--encoding`). */
export interface ReadOptions {
  encoding?: TextEncoding | undefined;
}

/**
 * Offset of the first byte that does not start a well-formed UTF-8 sequence (WHATWG's rules: no
 * overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence), or -1.
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

/**
 * The text of bytes in `encoding`, or undefined when they are not valid UTF-8. Bytes that are all
 * ASCII (most data files) are decoded as ASCII, the same string, which Node makes about 30 times
 * faster than a UTF-8 decode: a 1 MB chunk in 0.12 ms instead of 3.7 ms.
 */
export function decodeIfValid(bytes: Buffer, encoding: TextEncoding = 'utf-8'): string | undefined {
  if (encoding === 'latin1') return bytes.toString('latin1');
  if (isAscii(bytes)) return bytes.toString('ascii');
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

/**
 * The text of a data file's bytes; invalid UTF-8 is a DataError at its line and column (in
 * characters). `firstLine`: the file line `bytes` start on (a streamed line or chunk).
 */
export function decodeText(file: string, bytes: Buffer, encoding: TextEncoding = 'utf-8', firstLine = 1): string {
  const text = decodeIfValid(bytes, encoding);
  if (text !== undefined) return text;
  const at = firstInvalidUtf8(bytes);
  let line = firstLine;
  let start = 0;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  const column = [...bytes.subarray(start, at).toString('utf8')].length + 1;
  const byte = `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}`;
  throw new DataError(
    { file, line, column },
    `invalid UTF-8 (byte ${byte}); save the file as UTF-8 (run and validate read a Latin-1 file with --encoding latin1)`,
  );
}
