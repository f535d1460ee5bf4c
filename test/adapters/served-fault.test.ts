// test-runner: waits (timeouts and stalled scorers: mostly time on the clock, little CPU)
import t from 'tap';
import pLimit from 'p-limit';
import { ask, fake, served } from '../support/served.js';

// The FAULT test at 5,000 requests (scripts/bench-served.ts runs 100,000 with timings): 5% 503,
// 1% stalled past the timeout, the rest after 1–5 ms. Every item must come back exactly once.
// timeoutMs is 5 s, a thousand times the answer's delay: at 1 s, a clean answer on a loaded CI
// machine (load 17 on 2 cores) once came after the timeout and was rightly sent again, which
// the "none twice" check counts against the client. Stalls cost 5 s each, in parallel.

t.test('5,000 requests through 503s and stalls: each scored once, none twice', async (t) => {
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const f = await fake(t, {
    kind: 'vllm',
    fault: () => {
      const u = rand();
      return u < 0.05 ? 503 : u < 0.06 ? 'stall' : 'ok';
    },
    delayMs: () => 1 + Math.floor(rand() * 5),
  });
  const m = await served(t, `vllm:${f.url}?model=fake/rm-7b&retries=8&backoffMs=2&timeoutMs=5000&inFlight=32`);
  const n = 5000;
  const size = 8;
  const limit = pLimit(64);
  const results = new Map<string, number>();
  let duplicates = 0;
  await Promise.all(
    Array.from({ length: n / size }, (_, b) =>
      limit(async () => {
        const reqs = Array.from({ length: size }, (_, j) => ask(`item ${b * size + j}`));
        const out = await m.score!(reqs);
        reqs.forEach((r, j) => {
          if (results.has(r.response)) duplicates++;
          results.set(r.response, out[j] as number);
        });
      }),
    ),
  );
  t.equal(results.size, n, 'every item scored');
  t.equal(duplicates, 0, 'no duplicates in the results');
  const wrong = [...results].filter(([k, v]) => v !== `Q?\n\n${k}`.length);
  t.equal(wrong.length, 0, 'each score is the one the server computed for that item');
  const answered = f.answered();
  t.equal(answered.size, n, 'the server answered every item');
  t.ok(
    [...answered.values()].every((c) => c === 1),
    'and none of them twice: only requests that failed or timed out are sent again',
  );
  t.ok(f.log.some((e) => e.status === 'stall') && f.log.some((e) => e.status === 503), 'faults happened');
});
