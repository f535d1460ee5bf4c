import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { DataRecord } from './data-record.js';
import { DataError } from './errors.js';
import { decodeText, type ReadOptions } from './text-encoding.js';

/** CSV with a header row, parsed chunk by chunk: no string or buffer holds the whole file. */

type Push = (r: { record: Record<string, string>; info: { lines: number } }) => void;
/** csv-parse's synchronous core, the one its sync and stream APIs both drive; it keeps its state between calls. */
interface CsvCore {
  parse(buf: Buffer | undefined, end: boolean, push: Push, close: () => void): (Error & { code?: string; lines?: number }) | undefined;
}

const newlines = (rec: Record<string, string>): number => Object.values(rec).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);

/**
 * Where the quote that opens a field and is never closed stands (RFC 4180: `""` inside quotes is
 * a quote), scanning the file's bytes again: csv-parse names the line where it stopped (the
 * end of the file), not where the quote opened. Columns count characters (UTF-8 lead bytes).
 */
async function unclosedQuoteAt(file: string, latin1: boolean): Promise<{ line: number; column: number } | undefined> {
  let open: { line: number; column: number } | undefined;
  let quoteInside = false;
  let fieldStart = true;
  let line = 1;
  let column = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 2 ** 20 })) {
    for (const c of chunk as Buffer) {
      if (c === 10) {
        line++;
        column = 0;
      } else if (latin1 || (c & 0xc0) !== 0x80) column++;
      if (open) {
        if (quoteInside) {
          quoteInside = false;
          if (c === 0x22) continue;
          open = undefined;
        } else {
          if (c === 0x22) quoteInside = true;
          continue;
        }
      }
      if (c === 0x22 && fieldStart) open = { line, column };
      fieldStart = c === 0x2c || c === 10 || c === 13;
    }
  }
  return quoteInside ? undefined : open;
}

export async function* csvBatches(file: string, chunks: AsyncIterable<Buffer>, read: ReadOptions): AsyncGenerator<DataRecord[]> {
  const core = (parse({ columns: true, info: true, skip_empty_lines: true, bom: true, relax_column_count: false }) as unknown as { api: CsvCore }).api;
  let index = 0;
  let out: DataRecord[] = [];
  const push: Push = (r) => out.push({ value: r.record, index: index++, line: r.info.lines - newlines(r.record) });
  const fail = async (e: Error & { code?: string; lines?: number }): Promise<never> => {
    const opened = e.code === 'CSV_QUOTE_NOT_CLOSED' ? await unclosedQuoteAt(file, read.encoding === 'latin1') : undefined;
    if (opened) throw new DataError({ file, ...opened }, 'invalid CSV: this quoted field is never closed (no matching ")');
    throw new DataError({ file, line: e.lines }, `invalid CSV: ${e.message ?? String(e)}`);
  };
  // Text is checked (and for Latin-1 decoded) up to a chunk's last newline, so a character is never
  // cut in two and a bad byte is reported at its own line.
  let carry: Buffer | undefined;
  let line = 1;
  const feed = async (bytes: Buffer, end: boolean): Promise<void> => {
    let buf = bytes;
    if (read.encoding === 'latin1') buf = Buffer.from(bytes.toString('latin1'), 'utf8');
    else if (!isUtf8(bytes)) decodeText(file, bytes, 'utf-8', line);
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) line++;
    const err = core.parse(buf, end, push, () => {});
    if (err !== undefined) await fail(err);
  };
  for await (const chunk of chunks) {
    const cut = chunk.lastIndexOf(10) + 1;
    if (cut === 0) {
      carry = carry ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
      continue;
    }
    await feed(carry ? Buffer.concat([carry, chunk.subarray(0, cut)]) : chunk.subarray(0, cut), false);
    carry = cut < chunk.length ? Buffer.from(chunk.subarray(cut)) : undefined;
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  await feed(carry ?? Buffer.alloc(0), true);
  if (out.length > 0) yield out;
}
