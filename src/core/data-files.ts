import { readFile } from 'node:fs/promises';
import { DataError } from './errors.js';
import { fsReadError, openDataStream, type DataFormat, type DataRecord, type StreamOptions } from './data-stream.js';
import { syntaxError } from './json-text.js';
import { decodeText } from './text-encoding.js';

export type { DataRecord } from './data-stream.js';
export { describe } from './json-text.js';

export interface DataFile {
  file: string;
  format: DataFormat;
  records: DataRecord[];
  /** `sha256:<hex>` of the file's bytes. */
  fingerprint: string;
}

/** Read one JSON value (a config, a run.json): a missing file or bad JSON is a DataError with its place. */
export async function readJsonFile(file: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw fsReadError(file, err);
  }
  // JSON is UTF-8 by definition (RFC 8259), so there is no other encoding to ask for.
  const text = decodeText(file, bytes);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw syntaxError(file, text, err);
  }
}

/**
 * Read a data file as records (see `openDataStream` for the formats): the file is streamed, so
 * only the records are held, never its whole text. A file without records is an error unless
 * `read.allowEmpty` (a shard's scores.jsonl may hold none).
 */
export async function readDataFile(file: string, read: StreamOptions & { allowEmpty?: boolean } = {}): Promise<DataFile> {
  const stream = await openDataStream(file, read);
  const records: DataRecord[] = [];
  for await (const batch of stream.batches) for (const r of batch) records.push(r);
  if (records.length === 0 && !read.allowEmpty) throw new DataError({ file }, 'the file holds no records');
  return { file, format: stream.format, records, fingerprint: stream.fingerprint() };
}
