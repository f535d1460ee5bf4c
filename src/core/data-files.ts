import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { DataError } from './errors.js';
import { sha256 } from './canonical.js';
import { decodeText, type ReadOptions } from './text-encoding.js';

/** One record of a data file, with where it starts, for error messages. */
export interface DataRecord {
  value: unknown;
  /** 1-based line where the record starts. */
  line: number;
  /** 0-based position among the file's records. */
  index: number;
}

export interface DataFile {
  file: string;
  format: 'json' | 'jsonl' | 'csv' | 'parquet';
  records: DataRecord[];
  /** `sha256:<hex>` of the file's bytes. */
  fingerprint: string;
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNewline = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastNewline = i;
    }
  }
  return { line, column: offset - lastNewline };
}

/** 1-based line of each offset (ascending), in one pass over the text. */
function linesAt(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let i = 0;
  for (const offset of offsets) {
    for (; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
    lines.push(line);
  }
  return lines;
}

/** Turn a JSON.parse SyntaxError into file:line:column (Node reports "at position N"). */
function syntaxError(file: string, text: string, err: unknown, lineOffset = 0): DataError {
  const message = err instanceof Error ? err.message : String(err);
  const m = /position (\d+)/.exec(message);
  const where = m ? lineColumnAt(text, Number(m[1])) : { line: 1, column: undefined };
  return new DataError({ file, line: where.line + lineOffset, column: where.column }, `invalid JSON: ${message.replace(/^JSON\.parse: /, '')}`);
}

/** Start offsets of the elements of a top-level JSON array (the text is known to be valid JSON). */
function arrayElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (depth === 1 && expectValue) {
      offsets.push(i);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectValue = true;
  }
  return offsets;
}

function parseJsonArray(file: string, text: string): DataRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw syntaxError(file, text, err);
  }
  if (!Array.isArray(value)) {
    throw new DataError({ file, line: 1 }, `expected a JSON array of records (or JSON Lines), got ${describe(value)}`);
  }
  const lines = linesAt(text, arrayElementOffsets(text));
  return value.map((v, index) => ({ value: v, index, line: lines[index] ?? 1 }));
}

function parseJsonLines(file: string, text: string): DataRecord[] {
  const records: DataRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    try {
      records.push({ value: JSON.parse(raw), line: i + 1, index: records.length });
    } catch (err) {
      throw syntaxError(file, raw, err, i);
    }
  }
  return records;
}

/** Where the quote that opens a field and is never closed stands (RFC 4180: `""` inside quotes is a quote). */
function unclosedQuoteAt(text: string): { line: number; column: number } | undefined {
  let open = -1;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (open >= 0) {
      if (c === '"' && text[i + 1] === '"') i++;
      else if (c === '"') open = -1;
      continue;
    }
    if (c === '"' && fieldStart) open = i;
    fieldStart = c === ',' || c === '\n' || c === '\r';
  }
  return open >= 0 ? lineColumnAt(text, open) : undefined;
}

async function parseCsv(file: string, text: string): Promise<DataRecord[]> {
  const { parse } = await import('csv-parse/sync');
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, info: true, skip_empty_lines: true, bom: true, relax_column_count: false });
  } catch (err) {
    const e = err as { message?: string; lines?: number; code?: string };
    // csv-parse names the line where parsing stopped (the end of the file), not where the quote opened.
    const opened = e.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteAt(text) : undefined;
    if (opened) throw new DataError({ file, ...opened }, 'invalid CSV: this quoted field is never closed (no matching ")');
    throw new DataError({ file, line: e.lines }, `invalid CSV: ${e.message ?? String(err)}`);
  }
  // csv-parse reports the line a record ends on; subtract the newlines inside its quoted fields.
  const newlines = (rec: Record<string, string>): number => Object.values(rec).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
  return rows.map((r, index) => ({ value: r.record, index, line: r.info.lines - newlines(r.record) }));
}

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

/** Rows of a Parquet file; `line` is the 1-based row number. hyparquet is pure JS, loaded only for Parquet. */
async function parseParquet(file: string, bytes: Buffer): Promise<DataRecord[]> {
  const { parquetReadObjects } = await import('hyparquet');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file: buffer });
  } catch (err) {
    throw new DataError({ file }, `invalid Parquet file: ${err instanceof Error ? err.message : String(err)}`);
  }
  return rows.map((r, index) => ({ value: plainValue(r), index, line: index + 1 }));
}

/** Read one JSON value (a config, a run.json): a missing file or bad JSON is a DataError with its place. */
export async function readJsonFile(file: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError({ file }, code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})`);
  }
  // JSON is UTF-8 by definition (RFC 8259), so there is no other encoding to ask for.
  const text = decodeText(file, bytes);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw syntaxError(file, text, err);
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

/**
 * Read a data file as records: `.jsonl`/`.ndjson` (one JSON value per line), `.csv` (header row),
 * `.parquet` (one record per row, `line` = row number), anything else as JSON (an array of records; a file starting with `{` on several lines is JSON Lines).
 * Text is UTF-8 unless `read.encoding` says otherwise; invalid UTF-8 is an error at its line.
 * A file without records is an error unless `read.allowEmpty` (a shard's scores.jsonl may hold none).
 */
export async function readDataFile(file: string, read: ReadOptions & { allowEmpty?: boolean } = {}): Promise<DataFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DataError({ file }, code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})`);
  }
  const ext = extname(file).toLowerCase();
  const fingerprint = `sha256:${sha256(bytes)}`;
  if (ext === '.parquet') {
    const records = await parseParquet(file, bytes);
    if (records.length === 0 && !read.allowEmpty) throw new DataError({ file }, 'the file holds no records');
    return { file, format: 'parquet', records, fingerprint };
  }
  const text = decodeText(file, bytes, read.encoding).replace(/^\uFEFF/, '');
  let format: DataFile['format'];
  if (ext === '.jsonl' || ext === '.ndjson') format = 'jsonl';
  else if (ext === '.csv') format = 'csv';
  else format = /^\s*\{[^\n]*\}\s*\n\s*\{/.test(text) ? 'jsonl' : 'json';
  const records = format === 'jsonl' ? parseJsonLines(file, text) : format === 'csv' ? await parseCsv(file, text) : parseJsonArray(file, text);
  if (records.length === 0 && !read.allowEmpty) throw new DataError({ file }, 'the file holds no records');
  return { file, format, records, fingerprint };
}
