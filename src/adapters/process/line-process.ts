import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ModelError } from '../../core/errors.js';
import { groupSpawnOptions, killGroup, watchGroup } from './group.js';

/**
 * A long-lived child process that answers in lines on stdout: started on first use, kept for the
 * run, killed when it goes `timeoutMs` without an answer while work waits, and given 5 s to exit
 * once its stdin closes. It runs in a process group of its own, which is killed whole on a
 * timeout, at dispose (so a grandchild holding stdout open cannot keep the CLI alive) and, by a
 * reaper, when the CLI dies. What each line means (and how answers find their requests) is the
 * subclass's business. stderr is kept, not shown: its tail goes into error messages.
 */

export interface LineProcessOptions {
  /** How errors name the process, e.g. `command "my-rm"`. */
  name: string;
  program: string;
  args: readonly string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The longest the process may go without answering while work waits, start-up included (0 = no limit). */
  timeoutMs: number;
}

const STDERR_KEEP = 8192;
const STDERR_BYTES = 2048;
const STDERR_LINES = 20;
const EXIT_GRACE_MS = 5000;
/** How long after the scorer exits its pipes may stay open (a grandchild holding them). */
const STDIO_GRACE_MS = 500;
const SHOWN = 200;

export const clip = (s: string, n = SHOWN): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s);

export abstract class LineProcess {
  private child: ChildProcessWithoutNullStreams | undefined;
  private retireReaper: () => void = () => {};
  /** The current line's pieces: joined once its newline comes, so a 20 MB line costs linear time. */
  private partial: string[] = [];
  private stderrTail = '';
  protected failure: ModelError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private exited: Promise<void> | undefined;
  private disposing = false;
  /** How many times the process was started (0 for a run answered from the cache). */
  starts = 0;

  constructor(protected readonly o: LineProcessOptions) {}

  /** Requests or frames written and not answered yet. */
  protected abstract waiting(): number;
  /** One non-blank stdout line. */
  protected abstract onLine(line: string): void;
  /** Reject everything waiting with `err`. */
  protected abstract rejectAll(err: ModelError): void;
  /** What the timeout message says is late. */
  protected lateOne(): string {
    return 'an answer';
  }

  /** Write text to stdin (starting the process if needed) and wait for answers. */
  protected write(text: string): void {
    const child = this.child ?? this.start();
    child.stdin.write(text);
    this.setRef(true);
    if (!this.timer) this.arm();
  }

  private start(): ChildProcessWithoutNullStreams {
    this.starts++;
    const child = spawn(this.o.program, [...this.o.args], {
      cwd: this.o.cwd,
      env: this.o.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...groupSpawnOptions,
    });
    this.child = child;
    this.retireReaper = watchGroup(child);
    child.stdout.setEncoding('utf8').on('data', (d: string) => this.onStdout(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-STDERR_KEEP);
    });
    // EPIPE when the program has died: the close handler reports it with its stderr.
    child.stdin.on('error', () => {});
    child.stdout.on('end', () => {
      // Give a dying program a moment to exit, so the error can show its exit code.
      if (this.waiting() > 0)
        setTimeout(() => {
          if (this.waiting() === 0 || child.exitCode !== null || child.signalCode !== null) return;
          this.fail(`closed its stdout with ${this.waiting()} requests unanswered`, true);
          this.kill();
        }, 1000).unref();
    });
    this.exited = new Promise((res) => {
      child.on('error', (err) => {
        this.fail(`could not be started: ${err.message}`, true);
        res();
      });
      // Finish on 'close' (every answer read), or soon after 'exit' when a grandchild still holds
      // stdout open, which would otherwise keep the CLI alive after scoring ends.
      let finished = false;
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (finished) return;
        finished = true;
        this.clearTimer();
        const n = this.waiting();
        if (!this.disposing || n > 0)
          this.fail(`${signal ? `was killed by ${signal}` : `exited with code ${code}`}${n > 0 ? ` with ${n} requests unanswered` : ''}`, true);
        killGroup(child);
        this.retireReaper();
        child.stdout.destroy();
        child.stderr.destroy();
        res();
      };
      child.on('close', finish);
      child.on('exit', (code, signal) => setTimeout(() => finish(code, signal), STDIO_GRACE_MS).unref());
    });
    return child;
  }

  private onStdout(data: string): void {
    let from = 0;
    let nl: number;
    while (this.failure === undefined && (nl = data.indexOf('\n', from)) >= 0) {
      this.partial.push(data.slice(from, nl));
      from = nl + 1;
      const line = this.partial.join('').replace(/\r$/, '');
      this.partial = [];
      if (line.trim() === '') continue;
      this.onLine(line);
      this.clearTimer();
      if (this.waiting() > 0) this.arm();
      else this.setRef(false);
    }
    if (from < data.length) this.partial.push(data.slice(from));
  }

  private arm(): void {
    if (this.o.timeoutMs <= 0) return;
    this.timer = setTimeout(() => {
      this.fail(`gave no answer within timeoutMs=${this.o.timeoutMs} for ${this.lateOne()}; it was killed`, false);
      this.kill();
    }, this.o.timeoutMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Idle, the process must not keep the CLI alive; busy, it must. */
  private setRef(on: boolean): void {
    const c = this.child;
    if (!c) return;
    for (const h of [c, c.stdin, c.stdout, c.stderr] as unknown as { ref?: () => void; unref?: () => void }[]) (on ? h.ref : h.unref)?.call(h);
  }

  private tail(): string {
    const lines = this.stderrTail.slice(-STDERR_BYTES).replace(/\s+$/, '').split('\n');
    const kept = lines.slice(-STDERR_LINES).join('\n');
    return kept === '' ? ' (its stderr was empty)' : `; the end of its stderr:\n${kept}`;
  }

  /** Every waiting request and every later call fails with the same error. */
  protected fail(what: string, withTail: boolean): void {
    if (!this.failure) this.failure = new ModelError(`${this.o.name} ${what}${withTail ? this.tail() : ''}`);
    this.clearTimer();
    this.rejectAll(this.failure);
  }

  protected kill(): void {
    if (this.child) killGroup(this.child);
  }

  async dispose(): Promise<void> {
    const c = this.child;
    if (!c || !this.exited) return;
    this.disposing = true;
    this.clearTimer();
    c.stdin.end();
    this.setRef(true);
    const grace = setTimeout(() => killGroup(c), EXIT_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
  }
}
