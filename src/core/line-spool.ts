import { appendFileSync, closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/**
 * scores.jsonl lines kept in a temporary file instead of memory: a streamed run makes one line
 * per item and model, and a million of them as objects are about 400 MB. Written in order,
 * read back once (as the text of scores.jsonl), then removed.
 */
export class LineSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'rg-lines-'));
  readonly file = join(this.dir, 'scores.jsonl');
  count = 0;

  /** Append lines (each ending in a newline). */
  append(text: string, lines: number): void {
    if (text === '') return;
    appendFileSync(this.file, text, 'utf8');
    this.count += lines;
  }

  /** The text, a megabyte at a time, for writeRunDir. */
  *chunks(): Generator<string> {
    if (this.count === 0) return;
    const fd = openSync(this.file, 'r');
    try {
      const buf = Buffer.alloc(2 ** 20);
      const decoder = new StringDecoder('utf8');
      for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) yield decoder.write(buf.subarray(0, n));
      const rest = decoder.end();
      if (rest !== '') yield rest;
    } finally {
      closeSync(fd);
    }
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
