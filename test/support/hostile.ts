import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Test } from 'tap';

/**
 * A loopback server that misbehaves as scripted: each request (method, path, body and its
 * Authorization header logged) goes to `handle`, which may answer normally, trickle, stall, send
 * an endless body or echo secrets. Closed, with every socket destroyed, when the test ends.
 */
export interface HostileRequest {
  method: string;
  path: string;
  body: string;
  authorization: string | undefined;
}

export type Handler = (req: HostileRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export async function hostile(t: Test, handle: Handler) {
  const requests: HostileRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      const req = { method: raw.method ?? 'GET', path: raw.url ?? '/', body: Buffer.concat(chunks).toString('utf8'), authorization: raw.headers.authorization };
      requests.push(req);
      void handle(req, res, raw);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(
    () =>
      new Promise<void>((ok) => {
        for (const x of timers) clearInterval(x);
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  );
  return {
    url,
    port: (server.address() as AddressInfo).port,
    requests,
    /** Requests other than GETs (health, model listing): the scoring attempts. */
    posts: () => requests.filter((r) => r.method === 'POST'),
    /** Send `text` one byte every `everyMs` until it is all out or the client hangs up. */
    trickle(res: ServerResponse, text: string, everyMs: number) {
      let i = 0;
      const timer = setInterval(() => {
        if (res.destroyed || i >= text.length) {
          clearInterval(timer);
          timers.delete(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(text[i++]);
      }, everyMs);
      timers.add(timer);
    },
  };
}

export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** The GET routes a served adapter asks before scoring: health, and the model list (vLLM, SGLang, OpenAI) or /info (TEI). */
export function answerGet(req: HostileRequest, res: ServerResponse, model = 'm'): boolean {
  if (req.method !== 'GET') return false;
  if (req.path === '/v1/models') json(res, 200, { object: 'list', data: [{ id: model, object: 'model' }] });
  else if (req.path === '/info') json(res, 200, { model_id: model });
  else if (req.path === '/health' || req.path.startsWith('/v2/')) json(res, 200, {});
  else json(res, 404, { error: `no route ${req.path}` });
  return true;
}
