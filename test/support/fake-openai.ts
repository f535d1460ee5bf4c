import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A loopback stand-in for an OpenAI-compatible server: GET /v1/models and
 * POST /v1/chat/completions. By default a judge that rates a response by its length (capped at
 * 10) and prefers the longer of two responses, so tests know every answer. Replies, faults and
 * a required API key are scripted; every request is logged with its Authorization header.
 */
export interface FakeOpenAIOptions {
  model?: string;
  /** The reply text for the n-th chat request (n from 0), given the user prompt. */
  reply?: (user: string, n: number) => string;
  /** Per chat request: a status to answer instead (default 'ok'). */
  fault?: (n: number) => 'ok' | 429 | 500 | 401;
  retryAfter?: string;
  /** When set, requests without `Authorization: Bearer <key>` get 401 (whose body echoes the header, as some proxies do). */
  requireKey?: string;
}

export interface OpenAILogEntry {
  path: string;
  authorization: string | undefined;
  body: { model?: string; messages?: { role: string; content: string }[]; temperature?: number; max_tokens?: number } | undefined;
  status: number;
}

const between = (s: string, a: string, b: string): string => {
  const i = s.indexOf(a);
  const j = s.indexOf(b, i + a.length);
  return i < 0 || j < 0 ? '' : s.slice(i + a.length, j).replace(/^\n|\n$/g, '');
};

/** The default judge's answers: rating = min(10, max(1, code points)); pairwise: the longer wins (A on ties). */
export function defaultReply(user: string): string {
  if (user.includes('[Response A]')) {
    const a = [...between(user, '[Response A]', '[End of response A]')].length;
    const b = [...between(user, '[Response B]', '[End of response B]')].length;
    return `Comparing lengths. [[${a >= b ? 'A' : 'B'}]]`;
  }
  const n = [...between(user, '[Response]', '[End of response]')].length;
  return `Reasoning... Rating: ${Math.min(10, Math.max(1, n))}`;
}

export async function startFakeOpenAI(o: FakeOpenAIOptions = {}) {
  const model = o.model ?? 'fake/judge-8b';
  const log: OpenAILogEntry[] = [];
  const sockets = new Set<Socket>();
  const state = { n: 0 };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const authorization = req.headers.authorization;
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text === '' ? undefined : (JSON.parse(text) as OpenAILogEntry['body']);
      const entry: OpenAILogEntry = { path, authorization, body, status: 200 };
      log.push(entry);
      const fail = (status: number, message: string, headers: Record<string, string> = {}) => {
        entry.status = status;
        send(res, status, { error: { message, type: 'error', code: status } }, headers);
      };
      if (o.requireKey !== undefined && authorization !== `Bearer ${o.requireKey}`) {
        return fail(401, `Incorrect API key provided: ${authorization ?? '(none)'}`);
      }
      if (req.method === 'GET' && path === '/v1/models') return send(res, 200, { object: 'list', data: [{ id: model, object: 'model' }] });
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        const n = state.n++;
        const fault = o.fault?.(n) ?? 'ok';
        if (fault === 401) return fail(401, `Incorrect API key provided: ${authorization ?? '(none)'}`);
        if (fault !== 'ok') return fail(fault, 'Rate limit reached', fault === 429 && o.retryAfter !== undefined ? { 'retry-after': o.retryAfter } : {});
        const user = body?.messages?.filter((m) => m.role === 'user').at(-1)?.content ?? '';
        const content = (o.reply ?? defaultReply)(user, n);
        return send(res, 200, {
          id: `chatcmpl-${n}`,
          object: 'chat.completion',
          created: 0,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
        });
      }
      fail(404, `no route ${req.method} ${path}`);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    model,
    log,
    chats: () => log.filter((e) => e.path === '/v1/chat/completions'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
