import t from 'tap';
import pLimit from 'p-limit';
import { ask, fake, served } from '../support/served.js';

// Several endpoints per model: least-outstanding dispatch, a dead replica taken out, then back.

t.test('one endpoint down: the other serves; it rejoins after its cooldown', async (t) => {
  const a = await fake(t, { kind: 'vllm', delayMs: () => 2 });
  const b = await fake(t, { kind: 'vllm', delayMs: () => 2 });
  const m = await served(t, `vllm:${a.url},${b.url}?retries=5&backoffMs=1&cooldownMs=200&timeoutMs=2000`);
  const run = (from: number, n: number) => {
    const limit = pLimit(8);
    return Promise.all(Array.from({ length: n }, (_, i) => limit(() => m.score!([ask(`r${from + i}`)]))));
  };
  await run(0, 40);
  const before = [a, b].map((f) => f.log.filter((e) => e.status === 200).length);
  t.ok(
    before.every((n) => n >= 10),
    `both replicas serve (${before.join(' / ')})`,
  );

  a.setDown(true);
  const out = await run(100, 60);
  t.same(
    out.map((o) => o[0]),
    Array.from({ length: 60 }, (_, i) => `Q?\n\nr${100 + i}`.length),
    'every request answered',
  );
  const aDown = a.log.length;

  a.setDown(false);
  // Rejoining waits for the 200 ms cooldown; a loaded machine may need longer, so keep sending
  // rounds (bounded generously) and assert on the event, not on how long it took.
  for (let round = 0; a.log.length === aDown && round < 100; round++) {
    await new Promise((r) => setTimeout(r, 100));
    await run(200 + 10 * round, 10);
  }
  t.ok(a.log.length > aDown, 'the recovered replica gets requests again');
});

t.test('least outstanding: a slow replica gets fewer requests', async (t) => {
  const slow = await fake(t, { kind: 'vllm', delayMs: () => 40 });
  const fast = await fake(t, { kind: 'vllm', delayMs: () => 1 });
  const m = await served(t, `vllm:${slow.url},${fast.url}`);
  const limit = pLimit(4);
  await Promise.all(Array.from({ length: 100 }, (_, i) => limit(() => m.score!([ask(`x${i}`)]))));
  t.ok(fast.log.length > 3 * slow.log.length, `fast ${fast.log.length} vs slow ${slow.log.length}`);
});

t.test('every endpoint down: ModelError after the attempts, naming the last error', async (t) => {
  const a = await fake(t, { kind: 'vllm' });
  const b = await fake(t, { kind: 'vllm' });
  const m = await served(t, `vllm:${a.url},${b.url}?retries=3&backoffMs=1&cooldownMs=10`);
  a.setDown(true);
  b.setDown(true);
  await t.rejects(m.score!([ask('x')]), /failed after 3 attempts \(2 endpoints\); last: /);
});
