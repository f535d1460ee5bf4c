import type { ModelError } from '../../core/errors.js';
import { clip, LineProcess, type LineProcessOptions } from './line-process.js';

/**
 * A child process spoken to in framed JSON lines: each frame written is one line carrying an
 * `id`, and each answer is one line `{"id": same, ...}`. Answers are matched by id, never by
 * order, so a stray line (a library's banner on stdout) or a repeated answer stops the process
 * with a clear error instead of shifting every later answer onto its neighbour. Used by the
 * `hf:` worker and by `command:` with `frame=batch`.
 */

export type Answer = Record<string, unknown>;

export class FramedProcess extends LineProcess {
  private readonly pending = new Map<number, { frame: Record<string, unknown>; resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(
    o: LineProcessOptions,
    /** Names a frame in the timeout message (e.g. the item it scores). */
    private readonly describe: (frame: Record<string, unknown>) => string = () => 'a frame',
  ) {
    super(o);
  }

  /** Send one frame (an `id` is added) and wait for its answer. */
  request(frame: Record<string, unknown>): Promise<Answer> {
    return this.requestMany([frame])[0]!;
  }

  /** Send frames in one write (so concurrent callers' lines never interleave); one answer promise each. */
  requestMany(frames: readonly Record<string, unknown>[]): Promise<Answer>[] {
    if (this.failure) return frames.map(() => Promise.reject(this.failure!));
    const lines: string[] = [];
    const answers = frames.map((frame) => {
      const id = this.nextId++;
      // U+2028/9 are escaped because some line readers (Python's splitlines) break on them.
      lines.push(
        `${JSON.stringify({ id, ...frame })
          .replace(/\u2028/g, '\\u2028')
          .replace(/\u2029/g, '\\u2029')}\n`,
      );
      return new Promise<Answer>((resolve, reject) => this.pending.set(id, { frame, resolve, reject }));
    });
    this.write(lines.join(''));
    return answers;
  }

  protected waiting(): number {
    return this.pending.size;
  }

  protected override lateOne(): string {
    const first = this.pending.values().next();
    return first.done ? 'a frame' : this.describe(first.value.frame);
  }

  protected rejectAll(err: ModelError): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  protected onLine(line: string): void {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      v = undefined;
    }
    const id = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Answer).id : undefined;
    const waiting = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (!waiting) {
      const why =
        v === undefined
          ? 'a line that is not JSON'
          : typeof id !== 'number'
            ? 'a line without a numeric "id"'
            : `an answer to frame ${id}, which is not waiting`;
      this.fail(`wrote ${why} (${JSON.stringify(clip(line))}); every stdout line must answer one waiting request by its "id" (write logs to stderr)`, true);
      this.kill();
      return;
    }
    this.pending.delete(id as number);
    waiting.resolve(v as Answer);
  }
}
