/**
 * The served-model FAULT benchmark: 100,000 score requests against a fake vLLM (in a child
 * process, so it does not share the client's event loop) that answers 503 to 5% of requests,
 * stalls 1% past the client's timeout and answers the rest after 1–5 ms. Measures, in one run,
 * what that server delivers to a bare undici client at the same concurrency (successes per
 * second, no retries) and what the harness's client delivers with its retries, in alternating
 * rounds after a warm-up (the verdict is the median ratio); checks every item comes back exactly
 * once and the peak RSS.
 *
 *   npx tsx scripts/bench-served.ts [--n 100000] [--rounds 3] [--batch 8] [--concurrency 32] [--timeout 250]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { Pool } from 'undici';
import { createModel } from '../src/run/models.js';
import { parseModelSpec } from '../src/core/model-spec.js';

const { values } = parseArgs({
  options: {
    server: { type: 'boolean' },
    n: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '32' },
    timeout: { type: 'string', default: '250' },
    rounds: { type: 'string', default: '3' },
  },
});

if (values.server) {
  const { startFake } = await import('../test/support/fake-served.js');
  const f = await startFake({
    kind: 'vllm',
    fault: () => {
      const u = Math.random();
      return u < 0.05 ? 503 : u < 0.06 ? 'stall' : 'ok';
    },
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
  const rounds = Number(values.rounds);

  /** The server's own capacity with this fault profile: a bare client, same concurrency and timeout, successes per second. */
  const bare = async (items: number) => {
    const requests = Math.ceil(items / batch);
    const pool = new Pool(url, { connections: conc });
    let ok = 0;
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: conc }, async () => {
        while (next < requests) {
          const b = next++;
          const input = Array.from({ length: batch }, (_, j) => text('base', b * batch + j));
          try {
            const r = await pool.request({
              path: '/pooling',
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ model: 'fake/rm-7b', input, task: 'classify', use_activation: false }),
              headersTimeout: timeout,
              bodyTimeout: timeout,
            });
            const body = await r.body.text();
            if (r.statusCode === 200) ok += (JSON.parse(body) as { data: unknown[] }).data.length;
          } catch {
            /* a stall: counted as nothing served */
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    await pool.close();
    await get('/__reset');
    return { rate: ok / seconds, ok, seconds };
  };

  // The harness's client: retries until every item is scored; requests in flight bounded per endpoint.
  const loaded = await createModel(parseModelSpec(`vllm:${url}?model=fake/rm-7b&retries=10&backoffMs=2&timeoutMs=${timeout}&inFlight=${conc}`), {
    seed: 0,
    cwd: process.cwd(),
  });
  const model = loaded.model;
  const harness = async (items: number, round: number) => {
    const requests = Math.ceil(items / batch);
    const results = new Map<string, number>();
    let duplicates = 0;
    let wrong = 0;
    const limit = pLimit(conc * 2);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: requests }, (_, b) =>
        limit(async () => {
          const responses = Array.from({ length: Math.min(batch, items - b * batch) }, (_, j) => `item ${round}-${b * batch + j}`);
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
    const server = await get('/__stats');
    await get('/__reset');
    return {
      rate: items / seconds,
      seconds,
      once: results.size === items && duplicates === 0 && wrong === 0 && server.answeredTwice === 0,
      requests: server.requests,
    };
  };

  // Warm both paths up (JIT, connections), then alternate them so drift in the machine's load
  // hits both alike; the verdict is the median of the per-round ratios.
  await bare(Math.min(n, 5000));
  await harness(Math.min(n, 5000), -1);
  const table: { bare: Awaited<ReturnType<typeof bare>>; harness: Awaited<ReturnType<typeof harness>> }[] = [];
  for (let r = 0; r < rounds; r++) {
    const b = await bare(n);
    const h = await harness(n, r);
    table.push({ bare: b, harness: h });
    console.log(
      `round ${r + 1}: bare ${Math.round(b.rate)} items ok/s (${b.ok} of ${n} in ${b.seconds.toFixed(2)} s) · harness ${Math.round(h.rate)} items/s (${h.seconds.toFixed(2)} s, ${h.requests} requests incl. retries) · ratio ${(h.rate / b.rate).toFixed(3)}${h.once ? '' : ' · NOT scored exactly once'}`,
    );
  }
  const ratios = table.map((x) => x.harness.rate / x.bare.rate).sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)]!;
  const once = table.every((x) => x.harness.once);
  await model.dispose?.();
  child.kill();
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const lines = {
    'items per round': n,
    rounds,
    batch,
    concurrency: conc,
    timeoutMs: timeout,
    'harness / bare, per round': ratios.map((r) => r.toFixed(3)).join(' '),
    'harness / bare, median': median.toFixed(3),
    'scored exactly once, every round': once,
    'peak RSS MB': Math.round(rssMb),
  };
  for (const [k, v] of Object.entries(lines)) console.log(`${k.padEnd(40)} ${v}`);
  const pass = once && rssMb < 400 && median >= 0.9;
  console.log(pass ? 'PASS' : 'FAIL');
  process.exitCode = pass ? 0 : 1;
}
