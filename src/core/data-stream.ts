import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { DataRecord, ReadCount } from './data-record.js';
import { DataError } from './errors.js';
import { syntaxError, parseJsonArray } from './json-text.js';
import { decodeIfValid, decodeText, type ReadOptions } from './text-encoding.js';

export type { DataRecord } from './data-record.js';

export type DataFormat = 'json' | 'jsonl' | 'csv' | 'parquet';

/** A data file read as a stream of record batches, in file order; iterate `batches` once. */
export interface DataStream {
  file: string;
  format: DataFormat;
  batches: AsyncIterable<DataRecord[]>;
  /** `sha256:<hex>` of the file's bytes; known once `batches` has been read to the end. */
  fingerprint(): string;
  /** The share of the file read so far, 0 to 1 (bytes, or Parquet rows): what a progress line's ETA needs. */
  readShare(): number;
}

export interface StreamOptions extends ReadOptions {
  /**
   * A JSON array is one value, parsed whole: above this many bytes it is refused (exit 2) with a
   * pointer to JSON Lines, instead of failing inside V8 (no string may pass 2^29 characters).
   */
  maxJsonBytes?: number;
}

export const DEFAULT_MAX_JSON_BYTES = 256 * 2 ** 20;
const CHUNK = 2 ** 20;

export function fsReadError(file: string, err: unknown): DataError {
  const code = (err as NodeJS.ErrnoException).code;
  return new DataError({ file }, code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})`);
}

/** The file's chunks, hashed on the way: the fingerprint costs no second read. */
async function* chunks(file: string, hash: Hash, count: ReadCount): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
      hash.update(chunk as Buffer);
      count.done += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw fsReadError(file, err);
  }
}

/**
 * JSON Lines, one line at a time: only the line being parsed is ever a string. Blank lines are
 * skipped; a line's `\r` and the file's BOM are dropped; bad UTF-8 or JSON names its line.
 */
async function* jsonLines(file: string, hash: Hash, count: ReadCount, read: ReadOptions): AsyncGenerator<DataRecord[]> {
  let carry: Buffer | undefined;
  let line = 0;
  let index = 0;
  const parseText = (text: string, out: DataRecord[]): void => {
    let raw = text;
    if (line === 1 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    if (raw.charCodeAt(raw.length - 1) === 13) raw = raw.slice(0, -1);
    if (raw.trim() === '') return;
    try {
      out.push({ value: JSON.parse(raw), line, index: index++ });
    } catch (err) {
      throw syntaxError(file, raw, err, line - 1);
    }
  };
  const parse = (bytes: Buffer, out: DataRecord[]): void => {
    line++;
    parseText(decodeText(file, bytes, read.encoding, line), out);
  };
  const parseEach = (bytes: Buffer, out: DataRecord[]): void => {
    let start = 0;
    for (let nl = bytes.indexOf(10); nl !== -1; start = nl + 1, nl = bytes.indexOf(10, start)) parse(bytes.subarray(start, nl), out);
    parse(bytes.subarray(start), out);
  };
  for await (const chunk of chunks(file, hash, count)) {
    const out: DataRecord[] = [];
    let start = 0;
    const first = chunk.indexOf(10);
    if (first !== -1 && carry) {
      parse(Buffer.concat([carry, chunk.subarray(0, first)]), out);
      carry = undefined;
      start = first + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) {
      // The whole lines between, decoded at once rather than a call per line: a newline byte is
      // never part of a UTF-8 sequence, so the text splits at '\n' into exactly the lines' texts.
      // Bytes that are not UTF-8 are decoded line by line, so the error names its line.
      const text = decodeIfValid(chunk.subarray(start, last), read.encoding);
      if (text !== undefined) {
        let from = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; from = nl + 1, nl = text.indexOf('\n', from)) {
          line++;
          parseText(text.slice(from, nl), out);
        }
        line++;
        parseText(text.slice(from), out);
      } else parseEach(chunk.subarray(start, last), out);
      start = last + 1;
    }
    // A copy, so the 1 MB chunk is not kept alive by its tail.
    if (start < chunk.length) carry = carry ? Buffer.concat([carry, chunk.subarray(start)]) : Buffer.from(chunk.subarray(start));
    if (out.length > 0) yield out;
  }
  if (carry) {
    const out: DataRecord[] = [];
    parse(carry, out);
    if (out.length > 0) yield out;
  }
}

/**
 * Whether a file with no telling extension is JSON Lines: its first line is one `{...}` and the
 * next non-blank text opens another (the rule the whole-text reader used: /^\s*\{[^\n]*\}\s*\n\s*\{/).
 * Reads only as far as that second record's first character.
 */
async function sniffJsonLines(file: string): Promise<boolean> {
  const fh = await open(file, 'r').catch((err: unknown) => Promise.reject(fsReadError(file, err)));
  try {
    const buf = Buffer.alloc(64 * 1024);
    let state: 'start' | 'first' | 'after' = 'start';
    let lastNonSpace = -1;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return false;
      for (let i = 0; i < bytesRead; i++) {
        const c = buf[i]!;
        const space = c === 32 || c === 9 || c === 13 || c === 10 || c === 0x0b || c === 0x0c;
        if (state === 'start') {
          if (i === 0 && c === 0xef) i += 2; // a UTF-8 BOM
          else if (c === 0x7b) state = 'first';
          else if (!space) return false;
        } else if (state === 'first') {
          if (c === 10) {
            if (lastNonSpace !== 0x7d) return false;
            state = 'after';
          } else if (!space) lastNonSpace = c;
        } else if (!space) return c === 0x7b;
      }
    }
  } finally {
    await fh.close();
  }
}

/** A JSON document, parsed whole (below `maxJsonBytes`). */
async function* jsonArray(file: string, hash: Hash, count: ReadCount, read: StreamOptions): AsyncGenerator<DataRecord[]> {
  const size = (await stat(file).catch((err: unknown) => Promise.reject(fsReadError(file, err)))).size;
  const max = read.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;
  if (size > max) {
    const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
    throw new DataError(
      { file },
      `a JSON document of ${mb(size)} is above the ${mb(max)} that is read whole; write the records as JSON Lines (one per line, e.g. jq -c '.[]' file.json > file.jsonl), which is read as a stream`,
    );
  }
  const parts: Buffer[] = [];
  for await (const chunk of chunks(file, hash, count)) parts.push(chunk);
  const text = decodeText(file, Buffer.concat(parts), read.encoding).replace(/^\uFEFF/, '');
  const records = parseJsonArray(file, text);
  if (records.length > 0) yield records;
}

/**
 * Open a data file as a stream of records: `.jsonl`/`.ndjson` (one JSON value per line), `.csv`
 * (header row), `.parquet` (row group by row group, `line` = row number), anything else JSON (an
 * array of records, parsed whole up to a size limit; a file starting with `{` on several lines is JSON Lines).
 * Text is UTF-8 unless `read.encoding` says otherwise; invalid UTF-8 is an error at its line.
 */
export async function openDataStream(file: string, read: StreamOptions = {}): Promise<DataStream> {
  const ext = extname(file).toLowerCase();
  const hash = createHash('sha256');
  const fingerprint = (): string => `sha256:${hash.copy().digest('hex')}`;
  const count: ReadCount = { done: 0, total: 0 };
  const readShare = (): number => (count.total > 0 ? Math.min(1, count.done / count.total) : 0);
  if (ext === '.parquet') {
    const { parquetBatches } = await import('./data-parquet.js');
    return { file, format: 'parquet', batches: parquetBatches(file, hash, count), fingerprint, readShare };
  }
  count.total = (await stat(file).catch((err: unknown) => Promise.reject(fsReadError(file, err)))).size;
  if (ext === '.csv') {
    const { csvBatches } = await import('./data-csv.js');
    return { file, format: 'csv', batches: csvBatches(file, chunks(file, hash, count), read), fingerprint, readShare };
  }
  const format: DataFormat = ext === '.jsonl' || ext === '.ndjson' || (await sniffJsonLines(file)) ? 'jsonl' : 'json';
  const batches = format === 'jsonl' ? jsonLines(file, hash, count, read) : jsonArray(file, hash, count, read);
  return { file, format, batches, fingerprint, readShare };
}
