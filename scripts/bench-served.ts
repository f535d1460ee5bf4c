/**
 * The served-model FAULT benchmark: 100,000 score requests against a fake vLLM (in a child
 * process, so it does not share the client's event loop) that answers 503 to 5% of requests,
 * stalls 1% past the client's timeout and answers the rest after 1–5 ms. Measures, in one run,
 * what that server delivers to a bare undici client at the same concurrency (successes per
 * second, no retries) and what the harness's client delivers with its retries; checks every item
 * comes back exactly once and the peak RSS.
 *
 *   npx tsx scripts/bench-served.ts [--n 100000] [--batch 8] [--concurrency 32] [--timeout 250]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { Pool } from 'undici';
import { createModel } from '../src/core/models.js';
import { parseModelSpec } from '../src/core/model-spec.js';

const { values } = parseArgs({ options: { server: { type: 'boolean' }, n: { type: 'string', default: '100000' }, batch: { type: 'string', default: '8' }, concurrency: { type: 'string', default: '32' }, timeout: { type: 'string', default: '250' } } });

if (values.server) {
  const { startFake } = await import('../test/support/fake-served.js');
  const f = await startFake({
    kind: 'vllm',
    fault: () => { const u = Math.random(); return u < 0.05 ? 503 : u < 0.06 ? 'stall' : 'ok'; },
    delayMs: () => 1 + Math.floor(Math.random() * 5),
  });
  process.stdout.write(`${f.url}\n`);
} else {
  const n = Number(values.n);
  const batch = Number(values.batch);
  const conc = Number(values.concurrency);
  const timeout = Number(values.timeout);
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--server'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
  const get = async (path: string) => (await fetch(url + path)).json() as Promise<{ requests: number; answered: number; answeredTwice: number }>;
  const text = (prefix: string, i: number) => `Q?\n\n${prefix} ${i}`;
  const requests = Math.ceil(n / batch);

  // 1. The server's own capacity with this fault profile: a bare client, same concurrency and timeout.
  const pool = new Pool(url, { connections: conc });
  let ok = 0;
  let next = 0;
  let t0 = performance.now();
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (next < requests) {
        const b = next++;
        const input = Array.from({ length: batch }, (_, j) => text('base', b * batch + j));
        try {
          const r = await pool.request({ path: '/pooling', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'fake/rm-7b', input, task: 'classify', use_activation: false }), headersTimeout: timeout, bodyTimeout: timeout });
          const body = await r.body.text();
          if (r.statusCode === 200) ok += (JSON.parse(body) as { data: unknown[] }).data.length;
        } catch {
          /* a stall: counted as nothing served */
        }
      }
    }),
  );
  const baseSeconds = (performance.now() - t0) / 1000;
  const baseRate = ok / baseSeconds;
  await pool.close();
  await get('/__reset');

  // 2. The harness's client: retries until every item is scored; requests in flight bounded per endpoint.
  const loaded = await createModel(parseModelSpec(`vllm:${url}?model=fake/rm-7b&retries=10&backoffMs=2&timeoutMs=${timeout}&inFlight=${conc}`), { seed: 0, cwd: process.cwd() });
  const model = loaded.model;
  const results = new Map<string, number>();
  let duplicates = 0;
  let wrong = 0;
  const limit = pLimit(conc * 2);
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: requests }, (_, b) =>
      limit(async () => {
        const responses = Array.from({ length: Math.min(batch, n - b * batch) }, (_, j) => `item ${b * batch + j}`);
        const out = await model.score!(responses.map((response) => ({ messages: [{ role: 'user' as const, content: 'Q?' }], response })));
        responses.forEach((r, j) => {
          if (results.has(r)) duplicates++;
          if (out[j] !== [...`Q?\n\n${r}`].length) wrong++;
          results.set(r, out[j] as number);
        });
      }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  const rate = n / seconds;
  const server = await get('/__stats');
  await model.dispose?.();
  child.kill();
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const lines = {
    items: n,
    batch,
    concurrency: conc,
    timeoutMs: timeout,
    'bare client (no retries): items ok/s': Math.round(baseRate),
    'bare client: items served': `${ok} of ${requests * batch} in ${baseSeconds.toFixed(2)} s`,
    'harness: items/s': Math.round(rate),
    'harness: seconds': seconds.toFixed(2),
    'harness / bare': (rate / baseRate).toFixed(3),
    'scored exactly once': results.size === n && duplicates === 0 && wrong === 0,
    'server requests (incl. retries)': server.requests,
    'server: items answered twice': server.answeredTwice,
    'peak RSS MB': Math.round(rssMb),
  };
  for (const [k, v] of Object.entries(lines)) console.log(`${k.padEnd(40)} ${v}`);
  const pass = results.size === n && duplicates === 0 && wrong === 0 && rssMb < 400 && rate >= 0.9 * baseRate;
  console.log(pass ? 'PASS' : 'FAIL');
  process.exitCode = pass ? 0 : 1;
}
