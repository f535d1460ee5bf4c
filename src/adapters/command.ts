import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { fingerprintOf, sha256 } from '../core/canonical.js';
import { ModelError, UsageError } from '../core/errors.js';
import { defineAdapter, opt } from '../core/define-adapter.js';
import type { ModelSpec, RawScore, ScoreRequest } from '../core/types.js';
import { FramedProcess } from './process/framed.js';
import { clip } from './process/line-process.js';
import { isExecutable, isFile, onPath } from './process/program.js';

const DEFAULT_BATCH = 32;

/** Shell-like splitting, so an argument can hold spaces without a shell being involved. */
export function splitArgs(text: string): string[] {
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
  if (quote) throw new UsageError(`option args has an unclosed ${quote} quote`);
  if (inArg) out.push(cur);
  return out;
}

/** The program to start and what identifies it: a file's content, or a $PATH name. */
function locateProgram(spec: ModelSpec, cwd: string): { program: string; identity: Record<string, string> } {
  const target = spec.target;
  if (target === '') throw new UsageError(`model "${spec.source}": command: needs a program, e.g. "command:./score.py" or "command:python3?args=score.py"`);
  const file = resolve(cwd, target);
  if (isFile(file)) {
    if (!isExecutable(file)) {
      throw new UsageError(
        `model "${spec.source}": ${file} is not executable: make it so (chmod +x, with a #! line) or run it through its interpreter, e.g. "command:python3?args=${target}"`,
      );
    }
    return { program: file, identity: { sha256: sha256(readFileSync(file)) } };
  }
  const bare = !target.includes('/') && !target.includes(sep) && !isAbsolute(target);
  if (bare && onPath(target)) return { program: target, identity: { name: target } };
  throw new UsageError(`model "${spec.source}": no program ${bare ? `"${target}" in ${cwd} or on $PATH` : `file ${file}`}`);
}

function describe(r: ScoreRequest): string {
  if (r.key) return `item "${r.key.item}" candidate "${r.key.candidate}"`;
  return `the request with response ${JSON.stringify(clip(r.response, 60))}`;
}

/** A request as the protocol sends it: `context` and `key` only when present. */
function requestBody(r: ScoreRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { messages: r.messages, response: r.response };
  if (r.context !== undefined) body.context = r.context;
  if (r.key !== undefined) body.key = r.key;
  return body;
}

/** A score or step scores, or why the value is not one. */
function checkScore(v: unknown, what: string): RawScore | string {
  if (typeof v === 'number') return Number.isFinite(v) ? v : `${what} is not a finite number`;
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
    return `${what} is not a finite number or a non-empty array of them`;
  return v as number[];
}

/**
 * The per-line protocol: a line per request carrying an `id`, a line per answer echoing it. Answers
 * are matched by id, so a stray or repeated line stops the scorer (exit 3) instead of shifting
 * answers onto other requests, and a batch with any bad answer is not cached at all.
 */
class LineScorer {
  constructor(
    private readonly name: string,
    private readonly process: FramedProcess,
  ) {}

  async score(batch: ScoreRequest[]): Promise<RawScore[]> {
    const answers = await Promise.all(this.process.requestMany(batch.map(requestBody)));
    return answers.map((a, k) => {
      const v = 'score' in a ? checkScore(a.score, '"score"') : 'scores' in a ? checkScore(a.scores, '"scores"') : 'has no "score" (or "scores")';
      if (typeof v === 'string')
        throw new ModelError(
          `${this.name}: the answer for ${describe(batch[k]!)} ${v.startsWith('"') ? `says ${v}` : v}: ${JSON.stringify(clip(JSON.stringify(a)))}; expected {"id": ${String(a.id)}, "score": number}`,
        );
      return v;
    });
  }

  dispose(): Promise<void> {
    return this.process.dispose();
  }
}

/**
 * `frame=batch`: one line per batch, `{"id": n, "requests": [...]}`, answered by one line
 * `{"id": n, "results": [number | number[], ...]}`, so a GPU scorer sees whole batches without
 * non-blocking reads of its own, and answers are matched by id.
 */
class BatchScorer {
  constructor(
    private readonly name: string,
    private readonly process: FramedProcess,
  ) {}

  async score(batch: ScoreRequest[]): Promise<RawScore[]> {
    const answer = await this.process.request({ requests: batch.map(requestBody) });
    const results = answer.results;
    if (!Array.isArray(results) || results.length !== batch.length) {
      throw new ModelError(
        `${this.name} answered a batch of ${batch.length} with ${Array.isArray(results) ? `${results.length} results` : 'no "results" array'}: ${JSON.stringify(clip(JSON.stringify(answer)))}`,
      );
    }
    return results.map((r, k) => {
      const v = checkScore(r, `result ${k} (${describe(batch[k]!)})`);
      if (typeof v === 'string') throw new ModelError(`${this.name}: ${v}: ${JSON.stringify(clip(JSON.stringify(r) ?? String(r)))}`);
      return v;
    });
  }

  dispose(): Promise<void> {
    return this.process.dispose();
  }
}

/**
 * `command:PATH`: any program that scores over JSON Lines (docs/command-adapter.md).
 *
 * Protocol. The program is started once, on the first request that is not in the cache, and
 * kept until the run ends (its stdin is then closed; it is killed, with its process group, if it
 * has not exited 5 s later). For every request it reads one line on stdin,
 *
 *   {"id": 7, "messages": [{"role": "user", "content": "..."}, ...], "response": "...",
 *    "context": {"rubric"?, "profile"?, "reference"?, "steps"?: [...]}, "key": {"item", "candidate"}}
 *
 * (`context` and `key` only when the request has them), and writes one line on stdout echoing
 * the id, `{"id": 7, "score": number}` or, for a process reward model, `{"id": 7, "scores": [...]}`,
 * in any order. Answers are matched by id: a line that answers no waiting request (a banner, a
 * repeated answer) stops the scorer with exit 3, and a batch is cached only when every answer
 * in it is valid. With `frame=batch` a whole batch is one line (see BatchScorer). Blank lines
 * on stdout are skipped; stderr is kept (its tail goes into error messages), not shown.
 *
 * PATH is resolved against the spec's folder (a config file's, else the working directory);
 * a bare name that is no file there is looked up on $PATH (`command:python3?args=score.py`).
 * The fingerprint holds the sha256 of the program file, the args, the content of every arg
 * that names a file, and `version`: a scorer whose scores depend on anything else (model
 * weights it loads, a config) must be given a new `?version=` when that changes, or the
 * score cache will serve the old scores.
 */
export default defineAdapter({
  id: 'command',
  description: 'any program reading score requests as JSON lines on stdin and writing {"id", "score"} lines on stdout',
  options: {
    args: opt.custom({
      kind: 'arguments',
      default: [],
      description: 'arguments for the program, split at spaces; quote with \'...\' or "..." (backslash escapes), e.g. args=score.py --model "my rm"',
      parse: (text) => splitArgs(text),
    }),
    cwd: opt.custom({
      kind: 'folder',
      description: "working directory of the program (default: the spec's folder); relative to that folder",
      parse(text, _name, scope) {
        const dir = resolve(scope.cwd, text);
        if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`cwd ${dir} is not a folder`);
        return dir;
      },
    }),
    timeoutMs: opt.custom({
      kind: 'number ≥ 0',
      default: 600_000,
      description:
        'the longest the program may go without answering while requests wait, its start-up included (default 600000; 0 = no limit); then it is killed',
      parse(text, name) {
        const v = Number(text);
        if (text.trim() === '' || !Number.isFinite(v) || v < 0) throw new UsageError(`${name} must be a number of milliseconds ≥ 0, got "${text}"`);
        return v;
      },
    }),
    version: opt.string({
      description: 'any text, part of the fingerprint: change it when the scorer changes in ways its files do not show (weights it loads)',
    }),
    frame: opt.enum(['line', 'batch'], {
      listed: true,
      default: 'line',
      description:
        'line (default: one request per line, answers in order) or batch (one {"id", "requests"} line per batch, answered by {"id", "results"}; see docs/command-adapter.md)',
    }),
  },
  async create(spec, opts, ctx) {
    const cwd = opts.cwd ?? ctx.cwd;
    const { program, identity } = locateProgram(spec, ctx.cwd);
    const { args, timeoutMs, frame } = opts;
    // A script given as an argument to its interpreter is the scorer too: hash it like PATH.
    const argFiles = args.map((a) => {
      const p = resolve(cwd, a);
      return isFile(p) ? sha256(readFileSync(p)) : null;
    });
    const id = spec.id ?? 'command';
    const proc = new FramedProcess({ name: `command "${id}"`, program, args, cwd, timeoutMs }, (f) =>
      Array.isArray(f.requests) ? `the batch starting at ${describe(f.requests[0] as ScoreRequest)}` : describe(f as unknown as ScoreRequest),
    );
    const scorer = frame === 'batch' ? new BatchScorer(`command "${id}"`, proc) : new LineScorer(`command "${id}"`, proc);
    return {
      id,
      spec: spec.source,
      fingerprint: fingerprintOf('command', identity, { args, argFiles, version: opts.version ?? null }),
      batchSize: DEFAULT_BATCH,
      score: (batch) => scorer.score(batch),
      dispose: () => scorer.dispose(),
    };
  },
});
