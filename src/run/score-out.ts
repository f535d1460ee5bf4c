import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { stat, truncate } from 'node:fs/promises';
import { once } from 'node:events';
import { UsageError } from '../core/errors.js';
import { asFsError } from '../core/fs-errors.js';

/**
 * The output of `score --data`: one JSON line per (item, candidate), in dataset order, appended
 * chunk by chunk after the chunk's scores are cached. So after a kill the file holds a prefix of
 * the lines (a torn last line at most), and a resumed run skips that many (item, candidate) pairs.
 */
export interface ScoreOutLine {
  item: string;
  candidate: string;
  score: number | number[];
}

/** What a partly written output holds: its complete lines and the last of them. */
export interface OutPrefix {
  lines: number;
  last: ScoreOutLine | undefined;
}

/** Count the complete lines of an existing output, cutting a torn last line (a kill mid-write). */
export async function readOutPrefix(file: string): Promise<OutPrefix> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lines: 0, last: undefined };
    throw asFsError('read the output', file, err);
  }
  let lines = 0;
  let offset = 0;
  let end = 0;
  let lastLine: Buffer | undefined;
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 2 ** 20 })) {
    const buf = Buffer.concat([tail, chunk as Buffer]);
    const base = offset - tail.length;
    let start = 0;
    for (let nl = buf.indexOf(10); nl !== -1; start = nl + 1, nl = buf.indexOf(10, start)) {
      lines++;
      lastLine = buf.subarray(start, nl);
      end = base + nl + 1;
    }
    if (lastLine) lastLine = Buffer.from(lastLine);
    tail = Buffer.from(buf.subarray(start));
    offset += (chunk as Buffer).length;
  }
  if (end < size) await truncate(file, end).catch((err: unknown) => Promise.reject(asFsError('repair the output', file, err)));
  let last: ScoreOutLine | undefined;
  if (lastLine) {
    try {
      last = JSON.parse(lastLine.toString('utf8')) as ScoreOutLine;
    } catch {
      throw new UsageError(`${file}:${lines}: not a line this command wrote; remove the file or choose another --out`);
    }
  }
  return { lines, last };
}

/** An append stream that waits when the disk is slower than scoring (backpressure), and fsyncs on close. */
export class OutWriter {
  private constructor(
    private readonly file: string,
    private readonly stream: WriteStream,
  ) {}

  static async open(file: string, append: boolean): Promise<OutWriter> {
    const stream = createWriteStream(file, { flags: append ? 'a' : 'w' });
    await Promise.race([once(stream, 'open'), once(stream, 'error').then(([err]) => Promise.reject(asFsError('write the output', file, err)))]);
    return new OutWriter(file, stream);
  }

  async write(text: string): Promise<void> {
    if (text === '') return;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.stream.end((err?: Error | null) => (err ? reject(asFsError('write the output', this.file, err)) : resolve())),
    );
  }
}
