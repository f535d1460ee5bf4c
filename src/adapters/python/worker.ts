import { ModelError, UsageError } from '../../core/errors.js';
import type { LogprobRequest, ScoreRequest, TokenFacts } from '../../core/types.js';
import { type Answer, FramedProcess } from '../process/framed.js';
import { findPython, pythonEnv } from './interpreter.js';

/**
 * The `hf:` adapter's end of the worker protocol (python/rewardgauge_hf/worker.py): one frame per
 * batch, answers by id. The worker is started on the first frame, so a run answered from the
 * score cache never starts Python (nor needs one).
 */

export interface WorkerInfo {
  device: string;
  deviceName: string | null;
  dtype: string;
  torch: string;
  transformers: string;
  form: 'template' | 'pair';
  maxLength: number;
  numLabels: number;
  padTokenId: number | null;
  modelType: string;
  expectedEnd: string[];
}

export interface WorkerScores {
  scores: number[];
  facts: TokenFacts[];
  seconds: number;
  tokens: number;
  padded: number;
}

/** [tokens, truncated, doubled BOS, missing end (-1: none expected), response cut] as the worker packs them. */
export function unpackFacts(v: unknown): TokenFacts {
  const f = v as number[];
  return { tokens: f[0]!, truncated: f[1] === 1, duplicatedBos: f[2] === 1, missingEnd: f[3] === -1 ? undefined : f[3] === 1, responseCut: f[4] === 1 };
}

const describe = (r: ScoreRequest | undefined): string =>
  r?.key ? `item "${r.key.item}" candidate "${r.key.candidate}"` : r ? `the request with response ${JSON.stringify(r.response.slice(0, 60))}` : 'a request';

export interface WorkerOptions {
  /** For messages: `hf worker for ./my-rm`. */
  name: string;
  python: string | undefined;
  cwd: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

export class HfWorker {
  private process: FramedProcess | undefined;

  constructor(private readonly o: WorkerOptions) {}

  private proc(): FramedProcess {
    if (!this.process) {
      const env = this.o.env ?? process.env;
      const python = findPython(this.o.python, this.o.cwd, env);
      this.process = new FramedProcess({
        name: this.o.name,
        program: python.program,
        args: ['-m', 'rewardgauge_hf', 'worker'],
        cwd: this.o.cwd,
        env: pythonEnv(env),
        timeoutMs: this.o.timeoutMs,
      });
    }
    return this.process;
  }

  /** Send a frame; an error answer becomes a usage error (exit 2) or a model error (exit 3) naming the request. */
  private async ask(frame: Record<string, unknown>, requests: readonly ScoreRequest[] = []): Promise<Answer> {
    const a = await this.proc().request(frame);
    if (typeof a.error !== 'string') return a;
    const where = typeof a.index === 'number' ? ` (${describe(requests[a.index])})` : '';
    const message = `${this.o.name}: ${a.error}${where}`;
    throw a.kind === 'usage' || a.kind === 'missing' ? new UsageError(message) : new ModelError(message);
  }

  async resolve(repo: string, revision: string): Promise<string> {
    return String((await this.ask({ op: 'resolve', model: repo, revision })).dir);
  }

  async init(dir: string, options: Record<string, unknown>): Promise<WorkerInfo> {
    return (await this.ask({ op: 'init', model: dir, options })).info as WorkerInfo;
  }

  async score(requests: readonly ScoreRequest[]): Promise<WorkerScores> {
    const a = await this.ask({ op: 'score', requests: requests.map(body) }, requests);
    if (!Array.isArray(a.scores) || a.scores.length !== requests.length)
      throw new ModelError(`${this.o.name} answered ${requests.length} requests with ${Array.isArray(a.scores) ? a.scores.length : 'no'} scores`);
    return {
      scores: a.scores as number[],
      facts: (a.facts as unknown[]).map(unpackFacts),
      seconds: Number(a.seconds),
      tokens: Number(a.tokens),
      padded: Number(a.padded),
    };
  }

  async tokenize(requests: readonly ScoreRequest[]): Promise<TokenFacts[]> {
    return ((await this.ask({ op: 'tokenize', requests: requests.map(body) }, requests)).facts as unknown[]).map(unpackFacts);
  }

  /** Causal LMs: RewardBench's DPO tokenization of each request (python/rewardgauge_hf/causal.py). */
  async encode(requests: readonly ScoreRequest[]): Promise<LogprobRequest[]> {
    const a = await this.ask(
      { op: 'encode', requests: requests.map((r) => ({ ...body(r), ...(r.context?.steps && { context: { steps: r.context.steps } }) })) },
      requests,
    );
    if (!Array.isArray(a.rows) || a.rows.length !== requests.length)
      throw new ModelError(`${this.o.name} answered ${requests.length} requests with no token rows`);
    return a.rows as LogprobRequest[];
  }

  /** Causal LMs: log p(ids[t] | ids[<t]) from each row's responseStart on. */
  async logprobs(rows: readonly LogprobRequest[]): Promise<Omit<WorkerScores, 'scores' | 'facts'> & { logprobs: number[][] }> {
    const a = await this.ask({ op: 'logprobs', rows: rows.map((r) => ({ ids: r.ids, responseStart: r.responseStart })) });
    if (!Array.isArray(a.logprobs) || a.logprobs.length !== rows.length)
      throw new ModelError(`${this.o.name} answered ${rows.length} rows with no log-probabilities`);
    return { logprobs: a.logprobs as number[][], seconds: Number(a.seconds), tokens: Number(a.tokens), padded: Number(a.padded) };
  }

  get started(): number {
    return this.process?.starts ?? 0;
  }

  async dispose(): Promise<void> {
    await this.process?.dispose();
  }
}

const body = (r: ScoreRequest) => ({ messages: r.messages, response: r.response });
