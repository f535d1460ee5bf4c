import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve, sep } from 'node:path';
import { fingerprintOf, sha256 } from '../core/canonical.js';
import { ModelError, UsageError } from '../core/errors.js';
import type { AdapterContext, ModelSpec, RawScore, RewardModel, ScoreRequest } from '../core/types.js';

/**
 * `command:PATH`: any program that scores over JSON Lines (docs/command-adapter.md).
 *
 * Protocol. The program is started once, on the first request that is not in the cache, and
 * kept until the run ends (its stdin is then closed; it is killed if it has not exited 5 s
 * later). For every request it reads one line on stdin,
 *
 *   {"messages": [{"role": "user", "content": "..."}, ...], "response": "...",
 *    "context": {"rubric"?, "profile"?, "reference"?, "steps"?: [...]}, "key": {"item", "candidate"}}
 *
 * (`context` and `key` only when the request has them), and writes one line on stdout,
 * `{"score": number}` or, for a process reward model, `{"scores": [number, ...]}`, in the
 * order the requests came. Blank lines on stdout are skipped; stderr is kept (its tail goes
 * into error messages), not shown. Requests are written as soon as the runner sends them, so
 * concurrent batches are pipelined through the one process; answers are matched to requests
 * by order alone, which is why writes are whole batches and never interleave.
 *
 * PATH is resolved against the spec's folder (a config file's, else the working directory);
 * a bare name that is no file there is looked up on $PATH (`command:python3?args=score.py`).
 * The fingerprint holds the sha256 of the program file, the args, the content of every arg
 * that names a file, and `version`: a scorer whose scores depend on anything else (model
 * weights it loads, a config) must be given a new `?version=` when that changes, or the
 * score cache will serve the old scores.
 */
export const description = 'any program reading score requests as JSON lines on stdin and writing {"score": n} lines on stdout';

export const options = {
  args: 'arguments for the program, split at spaces; quote with \'...\' or "..." (backslash escapes), e.g. args=score.py --model "my rm"',
  cwd: 'working directory of the program (default: the spec\'s folder); relative to that folder',
  timeoutMs: 'the longest the program may go without answering while requests wait, its start-up included (default 600000; 0 = no limit); then it is killed',
  version: 'any text, part of the fingerprint: change it when the scorer changes in ways its files do not show (weights it loads)',
};

const DEFAULT_BATCH = 32;
const DEFAULT_TIMEOUT_MS = 600_000;
const STDERR_BYTES = 2048;
const STDERR_LINES = 20;
const SHOWN_LINE = 200;
const EXIT_GRACE_MS = 5000;

/** Shell-like splitting, so an argument can hold spaces without a shell being involved. */
export function splitArgs(text: string, source: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inArg = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length) cur += text[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inArg = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inArg = true;
    } else if (/\s/.test(c)) {
      if (inArg) out.push(cur);
      cur = '';
      inArg = false;
    } else {
      cur += c;
      inArg = true;
    }
  }
  if (quote) throw new UsageError(`model "${source}": option args has an unclosed ${quote} quote`);
  if (inArg) out.push(cur);
  return out;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const p = join(dir, name);
    if (isFile(p) && isExecutable(p)) return p;
  }
  return undefined;
}

/** The program to start and what identifies it: a file's content, or a $PATH name. */
function locateProgram(spec: ModelSpec, cwd: string): { program: string; identity: Record<string, string> } {
  const target = spec.target;
  if (target === '') throw new UsageError(`model "${spec.source}": command: needs a program, e.g. "command:./score.py" or "command:python3?args=score.py"`);
  const file = resolve(cwd, target);
  if (isFile(file)) {
    if (!isExecutable(file)) {
      throw new UsageError(`model "${spec.source}": ${file} is not executable: make it so (chmod +x, with a #! line) or run it through its interpreter, e.g. "command:python3?args=${target}"`);
    }
    return { program: file, identity: { sha256: sha256(readFileSync(file)) } };
  }
  const bare = !target.includes('/') && !target.includes(sep) && !isAbsolute(target);
  if (bare && onPath(target)) return { program: target, identity: { name: target } };
  throw new UsageError(`model "${spec.source}": no program ${bare ? `"${target}" in ${cwd} or on $PATH` : `file ${file}`}`);
}

const truncate = (s: string, n = SHOWN_LINE): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} characters)` : s);

function describe(r: ScoreRequest): string {
  if (r.key) return `item "${r.key.item}" candidate "${r.key.candidate}"`;
  return `the request with response ${JSON.stringify(truncate(r.response, 60))}`;
}

/** One request line. U+2028/9 are escaped because some line readers (Python's splitlines) break on them. */
function requestLine(r: ScoreRequest): string {
  const body: Record<string, unknown> = { messages: r.messages, response: r.response };
  if (r.context !== undefined) body.context = r.context;
  if (r.key !== undefined) body.key = r.key;
  return JSON.stringify(body).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') + '\n';
}

/** The score a stdout line gives, or why it is not an answer. */
function parseAnswer(line: string): RawScore | string {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'is not JSON';
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'is not a JSON object';
  const o = v as Record<string, unknown>;
  if ('score' in o) {
    if (typeof o.score !== 'number' || !Number.isFinite(o.score)) return '"score" is not a finite number';
    return o.score;
  }
  if ('scores' in o) {
    const s = o.scores;
    if (!Array.isArray(s) || s.length === 0 || !s.every((x) => typeof x === 'number' && Number.isFinite(x))) return '"scores" is not a non-empty array of finite numbers';
    return s as number[];
  }
  return 'has no "score" (or "scores")';
}

interface Pending {
  request: ScoreRequest;
  resolve: (v: RawScore) => void;
  reject: (e: Error) => void;
}

/** The one scorer process: requests go in order, answers are matched to them in order. */
class Scorer {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly queue: Pending[] = [];
  private stdoutBuf = '';
  private stderrTail = '';
  private failure: ModelError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private exited: Promise<void> | undefined;
  private disposing = false;
  starts = 0;

  constructor(
    private readonly name: string,
    private readonly program: string,
    private readonly args: string[],
    private readonly cwd: string,
    private readonly timeoutMs: number,
  ) {}

  score(batch: ScoreRequest[]): Promise<RawScore[]> {
    if (this.failure) return Promise.reject(this.failure);
    const child = this.child ?? this.start();
    const answers = batch.map((request) => new Promise<RawScore>((res, rej) => this.queue.push({ request, resolve: res, reject: rej })));
    // One write per batch: Node keeps writes in order, so concurrent batches cannot interleave.
    child.stdin.write(batch.map(requestLine).join(''));
    this.setRef(true);
    if (!this.timer) this.arm();
    return Promise.all(answers);
  }

  private start(): ChildProcessWithoutNullStreams {
    this.starts++;
    const child = spawn(this.program, this.args, { cwd: this.cwd, env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout.setEncoding('utf8').on('data', (d: string) => this.onStdout(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-4 * STDERR_BYTES);
    });
    // EPIPE when the program has died: the exit handler reports it with its stderr.
    child.stdin.on('error', () => {});
    child.stdout.on('end', () => {
      // Give a dying program a moment to exit, so the error can show its exit code.
      if (this.queue.length > 0) setTimeout(() => {
        if (this.queue.length === 0 || child.exitCode !== null || child.signalCode !== null) return;
        this.fail(`closed its stdout with ${this.queue.length} requests unanswered`, true);
        this.kill();
      }, 1000).unref();
    });
    this.exited = new Promise((res) => {
      child.on('error', (err) => {
        this.fail(`could not be started: ${err.message}`, true);
        res();
      });
      child.on('close', (code, signal) => {
        this.clearTimer();
        if (!this.disposing || this.queue.length > 0) {
          this.fail(`${signal ? `was killed by ${signal}` : `exited with code ${code}`}${this.queue.length > 0 ? ` with ${this.queue.length} requests unanswered` : ''}`, true);
        }
        res();
      });
    });
    return child;
  }

  private onStdout(data: string): void {
    this.stdoutBuf += data;
    let nl: number;
    while ((nl = this.stdoutBuf.indexOf('\n')) >= 0) {
      const line = this.stdoutBuf.slice(0, nl).replace(/\r$/, '');
      this.stdoutBuf = this.stdoutBuf.slice(nl + 1);
      if (line.trim() === '') continue;
      const p = this.queue.shift();
      if (!p) {
        this.fail(`wrote a line when no request was waiting (${JSON.stringify(truncate(line))}); it must write exactly one line per request`, false);
        this.kill();
        return;
      }
      const answer = parseAnswer(line);
      if (typeof answer === 'string') p.reject(new ModelError(`command "${this.name}": the answer for ${describe(p.request)} ${answer}: ${JSON.stringify(truncate(line))}; expected {"score": number}`));
      else p.resolve(answer);
      this.clearTimer();
      if (this.queue.length > 0) this.arm();
      else this.setRef(false);
    }
  }

  private arm(): void {
    if (this.timeoutMs <= 0) return;
    this.timer = setTimeout(() => {
      const p = this.queue[0];
      this.fail(`gave no answer within timeoutMs=${this.timeoutMs} for ${p ? describe(p.request) : 'a request'}; it was killed`, false);
      this.kill();
    }, this.timeoutMs);
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
    let s = this.stderrTail;
    if (s.length > STDERR_BYTES) s = s.slice(-STDERR_BYTES);
    const lines = s.replace(/\s+$/, '').split('\n');
    const kept = lines.slice(-STDERR_LINES).join('\n');
    return kept === '' ? ' (its stderr was empty)' : `; the end of its stderr:\n${kept}`;
  }

  /** Every waiting request and every later call fails with the same error. */
  private fail(what: string, withTail: boolean): void {
    if (!this.failure) this.failure = new ModelError(`command "${this.name}" ${what}${withTail ? this.tail() : ''}`);
    this.clearTimer();
    for (const p of this.queue.splice(0)) p.reject(this.failure);
  }

  private kill(): void {
    this.child?.kill('SIGKILL');
  }

  async dispose(): Promise<void> {
    const c = this.child;
    if (!c || !this.exited) return;
    this.disposing = true;
    this.clearTimer();
    c.stdin.end();
    this.setRef(true);
    const grace = setTimeout(() => c.kill('SIGKILL'), EXIT_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
  }
}

function parseTimeout(spec: ModelSpec): number {
  const text = spec.options.timeoutMs;
  if (text === undefined) return DEFAULT_TIMEOUT_MS;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < 0) throw new UsageError(`model "${spec.source}": timeoutMs must be a number of milliseconds ≥ 0, got "${text}"`);
  return v;
}

export async function create(spec: ModelSpec, ctx: AdapterContext): Promise<RewardModel> {
  const cwd = spec.options.cwd === undefined ? ctx.cwd : resolve(ctx.cwd, spec.options.cwd);
  if (!statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`model "${spec.source}": cwd ${cwd} is not a folder`);
  const { program, identity } = locateProgram(spec, ctx.cwd);
  const args = splitArgs(spec.options.args ?? '', spec.source);
  const timeoutMs = parseTimeout(spec);
  // A script given as an argument to its interpreter is the scorer too: hash it like PATH.
  const argFiles = args.map((a) => {
    const p = resolve(cwd, a);
    return isFile(p) ? sha256(readFileSync(p)) : null;
  });
  const id = spec.id ?? 'command';
  const scorer = new Scorer(id, program, args, cwd, timeoutMs);
  return {
    id,
    spec: spec.source,
    fingerprint: fingerprintOf('command', identity, { args, argFiles, version: spec.options.version ?? null }),
    batchSize: DEFAULT_BATCH,
    score: (batch) => scorer.score(batch),
    dispose: () => scorer.dispose(),
  };
}
