import type { Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { DataRecord, ReadCount } from './data-record.js';
import { DataError } from './errors.js';

/**
 * Parquet values as the JSON a row schema expects: INT64 comes back from hyparquet as BigInt (a
 * Number when it is exactly one, else its decimal string), lists and structs as plain arrays and
 * objects (typed arrays too), dates as ISO strings, bytes as arrays of numbers.
 */
function plainValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v === undefined) return null;
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Array.isArray(v)) return v.map(plainValue);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number | bigint>, plainValue);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = plainValue(x);
  return out;
}

const invalid = (file: string, err: unknown): DataError => new DataError({ file }, `invalid Parquet file: ${err instanceof Error ? err.message : String(err)}`);

/**
 * Rows of a Parquet file, one row group at a time (hyparquet reads the byte ranges it needs from
 * the file); `line` is the 1-based row number. hyparquet is pure JS, loaded only for Parquet. The
 * fingerprint is hashed over the file's bytes in a streamed pass at the end.
 */
export async function* parquetBatches(file: string, hash: Hash, count: ReadCount): AsyncGenerator<DataRecord[]> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet');
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  let source: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  try {
    source = await asyncBufferFromFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError({ file }, code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})`);
  }
  try {
    metadata = await parquetMetadataAsync(source);
  } catch (err) {
    throw invalid(file, err);
  }
  count.total = Number(metadata.num_rows);
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file: source, metadata, rowStart: start, rowEnd: end });
    } catch (err) {
      throw invalid(file, err);
    }
    const first = start;
    count.done = end;
    if (rows.length > 0) yield rows.map((r, i) => ({ value: plainValue(r), index: first + i, line: first + i + 1 }));
    start = end;
  }
  for await (const chunk of createReadStream(file, { highWaterMark: 2 ** 20 })) hash.update(chunk as Buffer);
}
