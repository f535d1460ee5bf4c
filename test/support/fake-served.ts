import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Loopback stand-ins for vLLM, SGLang, TEI and KServe/Triton, built from their documented request
 * and response shapes (no real server can run here). The reward of a text is its number of
 * Unicode code points, of a token row its number of unmasked tokens, so tests know every
 * answer without asking the code under test. Faults are scripted or drawn per request.
 */
export type Kind = 'vllm' | 'sglang' | 'tei' | 'kserve';
export type Fault = 'ok' | 503 | 429 | 500 | 422 | 424 | 'stall' | 'reset';

export interface FakeOptions {
  kind: Kind;
  model?: string;
  /** Per request: what goes wrong (default: nothing). `n` counts scoring requests from 0. */
  fault?: (n: number) => Fault;
  /** Milliseconds before answering, per request. */
  delayMs?: () => number;
  /** TEI's --max-client-batch-size: larger batches get 413. */
  maxBatch?: number;
  /** KServe: what Triton's POST /v2/repository/index lists (default: the one model, READY); null: no such route. */
  repository?: { name: string; version?: string; state?: string }[] | null;
  retryAfter?: string;
  /** Not ready yet: health routes answer 503. */
  ready?: boolean;
}

export interface LogEntry {
  path: string;
  items: string[];
  status: number | 'stall' | 'reset';
}

export const codePoints = (s: string): number => [...s].length;

/** The per-token logit the fake PRM gives position p: z = (p mod 5) − 2, row [0, z]. */
export const fakeStepLogit = (p: number): number => (p % 5) - 2;

const key = (x: unknown): string => (typeof x === 'string' ? x : JSON.stringify(x));
const rewardOf = (x: unknown): number => (typeof x === 'string' ? codePoints(x) : (x as number[]).length);

function errorBody(kind: Kind, status: number, message: string): unknown {
  if (kind === 'tei') return { error: message, error_type: status === 413 ? 'Validation' : status === 429 ? 'Overloaded' : status === 424 ? 'Backend' : status === 422 ? 'Tokenizer' : 'Unhealthy' };
  if (kind === 'kserve') return { error: message };
  return { object: 'error', message, type: status === 400 ? 'BadRequestError' : 'InternalServerError', code: status };
}

export async function startFake(o: FakeOptions) {
  const model = o.model ?? 'fake/rm-7b';
  const log: LogEntry[] = [];
  const sockets = new Set<Socket>();
  const stalled = new Set<ServerResponse>();
  const state = { ready: o.ready ?? true, n: 0, down: false };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  /** The items of a scoring request, per protocol; undefined for an unknown route. */
  function items(path: string, b: Record<string, unknown>): unknown[] | undefined {
    if (o.kind === 'vllm' && (path === '/pooling' || path === '/classify')) return b.input as unknown[];
    if (o.kind === 'sglang' && path === '/classify') return b.text as unknown[];
    if (o.kind === 'sglang' && path === '/v1/classify') return b.input as unknown[];
    if (o.kind === 'tei' && path === '/predict') return b.inputs as unknown[];
    if (o.kind === 'kserve' && path === `/v2/models/${model}/infer`) {
      const ins = b.inputs as { name: string; shape: number[]; data: number[] }[];
      const ids = ins.find((t) => t.name === 'input_ids')!;
      const mask = ins.find((t) => t.name === 'attention_mask')!;
      const [rows, width] = ids.shape as [number, number];
      return Array.from({ length: rows }, (_, i) => ids.data.slice(i * width, (i + 1) * width).filter((_, k) => mask.data[i * width + k] === 1));
    }
    return undefined;
  }

  function answer(path: string, b: Record<string, unknown>, xs: unknown[]): unknown {
    const r = xs.map(rewardOf);
    if (o.kind === 'vllm' && path === '/pooling') {
      if (b.use_activation !== false) throw new Error('use_activation must be false');
      const data = b.task === 'token_classify' ? xs.map((x) => (x as number[]).map((_, p) => [0, fakeStepLogit(p)])) : r.map((v) => [v]);
      return { id: 'pool-1', object: 'list', created: 0, model, data: data.map((d, index) => ({ index, object: 'pooling', data: d })), usage: { prompt_tokens: 0, total_tokens: 0 } };
    }
    if ((o.kind === 'vllm' && path === '/classify') || (o.kind === 'sglang' && path === '/v1/classify')) {
      return { id: 'c-1', object: 'list', model, data: r.map((v, index) => ({ index, label: 'LABEL_0', probs: [v / 1000], num_classes: 1 })), usage: {} };
    }
    if (o.kind === 'sglang') return r.map((v) => ({ embedding: [v], meta_info: { prompt_tokens: 1 } }));
    if (o.kind === 'tei') return r.map((v) => [{ score: v, label: 'LABEL_0' }]);
    return { model_name: model, outputs: [{ name: 'logits', shape: [r.length, 2], datatype: 'FP32', data: r.flatMap((v) => [v, -v]) }] };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const path = req.url ?? '/';
    if (req.method === 'GET') {
      const health = ['/health', '/v2/health/ready', `/v2/models/${model}/ready`];
      if (health.includes(path)) return state.ready ? (o.kind === 'kserve' ? send(res, 200, {}) : res.writeHead(200).end()) : send(res, 503, errorBody(o.kind, 503, 'not ready'));
      // For the bench, whose server runs in another process.
      if (path === '/__stats') {
        const a = answered();
        return send(res, 200, { requests: log.length, answered: a.size, answeredTwice: [...a.values()].filter((c) => c > 1).length });
      }
      if (path === '/__reset') return (log.length = 0), send(res, 200, {});
      if (path === '/v1/models' && o.kind !== 'tei') return send(res, 200, { object: 'list', data: [{ id: model, object: 'model', owned_by: 'vllm' }] });
      if (path === '/info' && o.kind === 'tei') return send(res, 200, { model_id: model, model_type: { classifier: { id2label: { 0: 'LABEL_0' } } }, max_client_batch_size: o.maxBatch ?? 32 });
      return send(res, 404, errorBody(o.kind, 404, `no route ${path}`));
    }
    // Triton's repository extension (plain KServe has no listing route: `repository: null`).
    if (o.kind === 'kserve' && path === '/v2/repository/index' && o.repository !== null) {
      return send(res, 200, o.repository ?? [{ name: model, version: '1', state: 'READY' }]);
    }
    const b = JSON.parse(raw) as Record<string, unknown>;
    const xs = items(path, b);
    if (!xs) return send(res, 404, errorBody(o.kind, 404, `no route ${path}`));
    if (o.kind !== 'tei' && o.kind !== 'kserve' && b.model !== model) return send(res, 404, errorBody(o.kind, 404, `The model \`${String(b.model)}\` does not exist.`));
    const entry: LogEntry = { path, items: xs.map(key), status: 200 };
    log.push(entry);
    const fault = o.fault?.(state.n++) ?? 'ok';
    const delay = o.delayMs?.() ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (fault === 'stall') {
      entry.status = 'stall';
      stalled.add(res);
      return;
    }
    if (fault === 'reset') {
      entry.status = 'reset';
      return req.socket.destroy();
    }
    if (o.maxBatch !== undefined && xs.length > o.maxBatch) {
      entry.status = 413;
      return send(res, 413, errorBody(o.kind, 413, `batch size ${xs.length} > maximum allowed batch size ${o.maxBatch}`));
    }
    if (fault !== 'ok') {
      entry.status = fault;
      const headers: Record<string, string> = fault === 429 && o.retryAfter !== undefined ? { 'retry-after': o.retryAfter } : {};
      return send(res, fault, errorBody(o.kind, fault, fault === 422 ? 'Input validation error: inputs must have less than 512 tokens' : `fault ${fault}`), headers);
    }
    try {
      send(res, 200, answer(path, b, xs));
    } catch (err) {
      entry.status = 400;
      send(res, 400, errorBody(o.kind, 400, (err as Error).message));
    }
  }

  function answered(): Map<string, number> {
    const m = new Map<string, number>();
    for (const e of log) if (e.status === 200) for (const i of e.items) m.set(i, (m.get(i) ?? 0) + 1);
    return m;
  }

  const server = createServer((req, res) => {
    if (state.down) return req.socket.destroy();
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => void handle(req, res, raw));
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    model,
    log,
    state,
    /** Items sent in requests that were answered 200, with how many times each was. */
    answered,
    /** Down: every connection is dropped at once, as a crashed replica behind a proxy would. */
    setDown(down: boolean) {
      state.down = down;
      if (down) for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      stalled.clear();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type Fake = Awaited<ReturnType<typeof startFake>>;
