import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The part of every loopback engine fake that is not protocol: the HTTP server, scripted faults
 * (status codes, stalls, resets, a replica going down), delays, readiness and the request log.
 * What an engine reads and answers lives in its own module (vllm.ts, sglang.ts, tei.ts, kserve.ts, openai-logprobs.ts).
 */
export type Kind = 'vllm' | 'sglang' | 'tei' | 'kserve' | 'openai-logprobs';
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

/** A reply an engine gives outside scoring (health, discovery, a refusal). */
export interface Reply {
  status: number;
  /** undefined: an empty body (vLLM's /health answers 200 with nothing). */
  body?: unknown;
}

/** One engine's wire protocol, as the adapter in src/adapters/<engine>.ts expects it. */
export interface Engine {
  /** Routes that answer 200 when ready, 503 before, and how a ready one answers. */
  health(model: string): { paths: string[]; ok: Reply };
  /** Other GET routes (model discovery); undefined: 404. */
  get(path: string, model: string, o: FakeOptions): Reply | undefined;
  /** POST routes that are not scoring (Triton's repository index); undefined: try scoring. */
  post?(path: string, model: string, o: FakeOptions): Reply | undefined;
  /** The inputs of a scoring request (texts or unmasked id rows); undefined for an unknown route. */
  items(path: string, body: Record<string, unknown>, model: string): unknown[] | undefined;
  /** Requests name the served model, and a wrong name is the engine's 404 (OpenAI-style servers). */
  namesModel: boolean;
  /** A scoring request the engine refuses before scoring (TEI's 413 for an oversized batch). */
  refuse?(xs: unknown[], o: FakeOptions): { status: number; message: string } | undefined;
  /** The 200 answer; throwing makes it a 400 with the message. */
  answer(path: string, body: Record<string, unknown>, xs: unknown[], model: string): unknown;
  /** The engine's error body for a status. */
  error(status: number, message: string): unknown;
}

export const codePoints = (s: string): number => [...s].length;

/** The fake reward of an input: a text's code points, an id row's (unmasked) length. Tests compute it independently the same way. */
export const rewardOf = (x: unknown): number => (typeof x === 'string' ? codePoints(x) : (x as number[]).length);

const key = (x: unknown): string => (typeof x === 'string' ? x : JSON.stringify(x));

export async function startEngine(engine: Engine, o: FakeOptions) {
  const model = o.model ?? 'fake/rm-7b';
  const log: LogEntry[] = [];
  const sockets = new Set<Socket>();
  const stalled = new Set<ServerResponse>();
  const state = { ready: o.ready ?? true, n: 0, down: false };

  const send = (res: ServerResponse, r: Reply, headers: Record<string, string> = {}) => {
    if (r.body === undefined) return res.writeHead(r.status, headers).end();
    res.writeHead(r.status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(r.body));
  };
  const fail = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    send(res, { status, body: engine.error(status, message) }, headers);

  function answered(): Map<string, number> {
    const m = new Map<string, number>();
    for (const e of log) if (e.status === 200) for (const i of e.items) m.set(i, (m.get(i) ?? 0) + 1);
    return m;
  }

  function handleGet(res: ServerResponse, path: string) {
    const health = engine.health(model);
    if (health.paths.includes(path)) return state.ready ? send(res, health.ok) : fail(res, 503, 'not ready');
    // For the bench, whose server runs in another process.
    if (path === '/__stats') {
      const a = answered();
      return send(res, { status: 200, body: { requests: log.length, answered: a.size, answeredTwice: [...a.values()].filter((c) => c > 1).length } });
    }
    if (path === '/__reset') return ((log.length = 0), send(res, { status: 200, body: {} }));
    const r = engine.get(path, model, o);
    return r ? send(res, r) : fail(res, 404, `no route ${path}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const path = req.url ?? '/';
    if (req.method === 'GET') return handleGet(res, path);
    const other = engine.post?.(path, model, o);
    if (other) return send(res, other);
    const b = JSON.parse(raw) as Record<string, unknown>;
    const xs = engine.items(path, b, model);
    if (!xs) return fail(res, 404, `no route ${path}`);
    if (engine.namesModel && b.model !== model) return fail(res, 404, `The model \`${String(b.model)}\` does not exist.`);
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
    const refused = engine.refuse?.(xs, o);
    if (refused) {
      entry.status = refused.status;
      return fail(res, refused.status, refused.message);
    }
    if (fault !== 'ok') {
      entry.status = fault;
      const headers: Record<string, string> = fault === 429 && o.retryAfter !== undefined ? { 'retry-after': o.retryAfter } : {};
      return fail(res, fault, fault === 422 ? 'Input validation error: inputs must have less than 512 tokens' : `fault ${fault}`, headers);
    }
    try {
      send(res, { status: 200, body: engine.answer(path, b, xs, model) });
    } catch (err) {
      entry.status = 400;
      fail(res, 400, (err as Error).message);
    }
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

export type Fake = Awaited<ReturnType<typeof startEngine>>;
