// test-runner: waits (timeouts and stalled scorers: mostly time on the clock, little CPU)
import type { ServerResponse } from 'node:http';
import t from 'tap';
import { ModelError } from '../../src/core/errors.js';
import { referenceModel } from '../support/helpers.js';
import { answerGet, hostile, json } from '../support/hostile.js';
import { ask, served } from '../support/served.js';

// Bounded time and memory for every served adapter, against servers that trickle, stall or
// never stop sending. Timeouts here are small and configured; the tests assert outcomes (which
// error, how many attempts), never how long something took.

/** Each served adapter: its spec's options and the body a valid one-item answer has. */
const adapters: { name: string; spec: (url: string) => string; answer: (v: number) => unknown }[] = [
  { name: 'vllm', spec: (u) => `vllm:${u}?model=m`, answer: (v) => ({ data: [{ index: 0, data: [v] }] }) },
  { name: 'sglang', spec: (u) => `sglang:${u}?model=m`, answer: (v) => [{ embedding: [v] }] },
  { name: 'tei', spec: (u) => `tei:${u}?model=m`, answer: (v) => [[{ score: v, label: 'LABEL_0' }]] },
  {
    name: 'kserve',
    spec: (u) => `kserve:${u}?model=m&tokenizer=${referenceModel('mini-llama')}`,
    answer: (v) => ({ outputs: [{ name: 'logits', shape: [1, 1], data: [v] }] }),
  },
  { name: 'openai-judge', spec: (u) => `openai-judge:${u}?model=m`, answer: (v) => ({ choices: [{ message: { content: `Rating: ${v}` } }] }) },
];

const fast = 'backoffMs=1&cooldownMs=1';

for (const a of adapters) {
  t.test(`${a.name}: a body trickling a byte at a time is cut off by timeoutMs, retried, then exit 3 naming the endpoint`, async (t) => {
    const body = JSON.stringify(a.answer(7));
    const s = await hostile(t, (req, res) => {
      if (answerGet(req, res)) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      s.trickle(res, body, 25);
    });
    const m = await served(t, `${a.spec(s.url)}&retries=2&timeoutMs=300&${fast}`);
    const err = await m.score!([ask('abc')]).catch((e: unknown) => e);
    t.type(err, ModelError, 'exit 3');
    t.match((err as Error).message, s.url, 'names the endpoint');
    t.match((err as Error).message, /failed after 2 attempts.*timeout: no complete answer within 300 ms \(timeoutMs\)/);
    t.equal(s.posts().length, 2, 'a timeout is retried like any other');
  });

  t.test(`${a.name}: a body that stops half way fails after idleTimeoutMs, though timeoutMs is long`, async (t) => {
    const body = JSON.stringify(a.answer(7));
    const s = await hostile(t, (req, res) => {
      if (answerGet(req, res)) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(body.slice(0, 5));
    });
    const m = await served(t, `${a.spec(s.url)}&retries=2&timeoutMs=600000&idleTimeoutMs=100&${fast}`);
    const err = await m.score!([ask('abc')]).catch((e: unknown) => e);
    t.type(err, ModelError);
    t.match((err as Error).message, /failed after 2 attempts.*the response stalled for 100 ms \(idleTimeoutMs\)/);
    t.equal(s.posts().length, 2);
  });

  t.test(`${a.name}: an endless body stops being read at maxResponseMB, not retried, exit 3 saying how to raise it`, async (t) => {
    let written = 0;
    let hungUp = (): void => {};
    const closed = new Promise<void>((r) => (hungUp = r));
    const s = await hostile(t, (req, res) => {
      if (answerGet(req, res)) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('close', () => hungUp());
      const chunk = Buffer.alloc(64 * 1024, '[');
      const pump = (): void => {
        // 256 MB unless the client hangs up; the drain wait means bytes are sent only as fast as they are read.
        while (!res.destroyed && written < 256 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
    });
    const m = await served(t, `${a.spec(s.url)}&retries=3&maxResponseMB=1&${fast}`);
    const err = await m.score!([ask('abc')]).catch((e: unknown) => e);
    t.type(err, ModelError);
    t.match((err as Error).message, s.url);
    t.match((err as Error).message, /larger than the limit of 1 MB .*raise the limit with \?maxResponseMB=N/);
    t.equal(s.posts().length, 1, 'an oversized answer is not asked for again');
    // The server sees the hang-up when the event loop gets to its socket: wait for the event, with a
    // generous bound, not for a set time (50 ms was too short on a loaded machine).
    const seen = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 30_000).unref())]);
    t.ok(seen, 'the client hung up');
    t.ok(written < 64 * 1024 * 1024, `reading stopped near the limit (${written} bytes sent of 256 MB)`);
  });
}

t.test('a Content-Length over the limit fails before any of the body is read', async (t) => {
  const s = await hostile(t, (req, res) => {
    if (answerGet(req, res)) return;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 ** 9) });
    res.write('{"data": [');
  });
  // Not the idle timeout: the declared size alone is enough.
  const m = await served(t, `vllm:${s.url}?model=m&maxResponseMB=2&idleTimeoutMs=600000&timeoutMs=600000`);
  await t.rejects(m.score!([ask('abc')]), { exitCode: 3, message: /larger than the limit of 2 MB \(Content-Length 1000000000\)/ });
});

t.test('the default limit grows with the batch: 8 MB + 1 MB per input', async (t) => {
  const pad = ' '.repeat(10 * 1024 * 1024);
  const answer = (req: { body: string }, res: ServerResponse): void => {
    const n = (JSON.parse(req.body) as { input: unknown[] }).input.length;
    res.writeHead(200, { 'content-type': 'application/json' });
    // Valid JSON, 10 MB of it whitespace.
    res.end(`{"data": ${JSON.stringify(Array.from({ length: n }, (_, index) => ({ index, data: [index + 0.5] })))}${pad}}`);
  };
  const s = await hostile(t, (req, res) => {
    if (!answerGet(req, res)) answer(req, res);
  });
  const m = await served(t, `vllm:${s.url}?model=m&retries=1`);
  await t.rejects(m.score!([ask('a')]), { exitCode: 3, message: /larger than the limit of 9 MB/ }, 'one input: 9 MB');
  t.same(await m.score!([ask('a'), ask('b'), ask('c')]), [0.5, 1.5, 2.5], 'three inputs: 11 MB is enough');
  const raised = await served(t, `vllm:${s.url}?model=m&retries=1&maxResponseMB=12`);
  t.same(await raised.score!([ask('a')]), [0.5], '?maxResponseMB= raises it');
});

t.test('a trickled first attempt, then a prompt answer: the retry scores', async (t) => {
  let n = 0;
  const s = await hostile(t, (req, res) => {
    if (answerGet(req, res)) return;
    if (n++ === 0) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return s.trickle(res, JSON.stringify({ data: [{ index: 0, data: [1] }] }), 50);
    }
    json(res, 200, { data: [{ index: 0, data: [42] }] });
  });
  // 1 s: the trickled first answer takes 1.7 s, and the second must beat the limit on a loaded machine.
  const m = await served(t, `vllm:${s.url}?model=m&retries=3&timeoutMs=1000&${fast}`);
  t.same(await m.score!([ask('abc')]), [42]);
  t.equal(s.posts().length, 2);
});

t.test('bad limits are usage errors', async (t) => {
  for (const bad of ['maxResponseMB=0', 'maxResponseMB=-1', 'maxResponseMB=', 'maxResponseMB=lots', 'idleTimeoutMs=0', 'idleTimeoutMs=1.5']) {
    const err = await served(t, `vllm:http://127.0.0.1:9?model=m&${bad}`).catch((e: unknown) => e);
    t.match(err, { exitCode: 2, message: new RegExp(bad.split('=')[0]!) }, bad);
  }
});
