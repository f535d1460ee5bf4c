import { DataError } from './errors.js';
import type { DataRecord } from './data-record.js';

/** JSON text with places: parse errors as file:line:column, and the line each array element starts on. */

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
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
export function syntaxError(file: string, text: string, err: unknown, lineOffset = 0): DataError {
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

export function parseJsonArray(file: string, text: string): DataRecord[] {
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

/** A value named for an error message: "an object", "string \"x\"", ... */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}
