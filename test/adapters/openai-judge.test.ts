import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { Test } from 'tap';
import { ModelError, UsageError } from '../../src/core/errors.js';
import { pairwisePrompt, parseRating, parseVerdict, pointwisePrompt } from '../../src/adapters/judge-prompts.js';
import { type FakeOpenAIOptions, startFakeOpenAI } from '../support/fake-openai.js';
import { filesUnder, tmp, writeJsonl } from '../support/helpers.js';
import { ask, quick, served } from '../support/served.js';
import { cliPromise, makePairs } from '../cli/fixtures/cli.js';

// openai-judge against a loopback OpenAI-compatible fake: parsing, both orders, flips, the key.

const KEY = 'sk-planted-secret-123';
process.env.RG_TEST_KEY = KEY;

async function fakeAI(t: Test, o: FakeOpenAIOptions = {}) {
  const f = await startFakeOpenAI(o);
  t.teardown(() => f.close());
  return f;
}
const pair = (a: string, b: string) => ({ messages: [{ role: 'user' as const, content: 'Q?' }], a, b });

t.test('parsers: the last Rating: N in 1–10; the last [[A]]/[[B]]', async (t) => {
  t.equal(parseRating('Rating: 3 ... on reflection Rating: 7.5'), 7.5);
  t.equal(parseRating('Rating: 11'), undefined);
  t.equal(parseRating('no verdict'), undefined);
  t.equal(parseVerdict('[[B]] hmm, no: [[A]]'), 'A');
  t.equal(parseVerdict('A is better'), undefined);
  t.match(pointwisePrompt([{ role: 'user', content: 'hi' }], 'yo')[1]!.content, /Rate the response from 1 to 10.*`Rating: N`/s);
  t.match(pairwisePrompt([{ role: 'user', content: 'hi' }], 'x', 'y')[1]!.content, /answer with `\[\[A\]\]` or `\[\[B\]\]`\.$/);
});

t.test('pointwise: ratings parsed, a failure counted and scored 5.5; model discovered; bearer key sent', async (t) => {
  const f = await fakeAI(t, { reply: (u, n) => (n === 1 ? 'I cannot decide.' : `Rating: ${u.includes('[Response]\nlong') ? 9 : 2}`) });
  const m = await served(t, `openai-judge:${f.url}?keyEnv=RG_TEST_KEY&maxTokens=64`);
  // Sent one at a time so the n-th request is known.
  t.same(await m.score!([ask('long one')]), [9]);
  t.same(await m.score!([ask('short')]), [5.5], 'unparsed → midpoint');
  t.same(await m.score!([ask('short')]), [2]);
  t.match(m.warnings, [/^1 of 3 ratings could not be parsed.*5\.5/]);
  const chats = f.chats();
  t.equal(chats.length, 3);
  t.ok(
    chats.every((c) => c.authorization === `Bearer ${KEY}`),
    'Authorization: Bearer <key from the env var>',
  );
  t.equal(chats[0]!.body!.model, 'fake/judge-8b', 'the name came from GET /v1/models');
  t.equal(chats[0]!.body!.temperature, 0);
  t.equal(chats[0]!.body!.max_tokens, 64);
  t.notOk(m.fingerprint.includes(KEY));
});

t.test("explain: the drill-down note is the judge's parsed rating and the end of its reply, the key redacted", async (t) => {
  const f = await fakeAI(t, { reply: (u) => (u.includes('[Response]\nbad') ? `no verdict, and my key is ${KEY}` : `${'x'.repeat(700)} so, Rating: 8`) });
  const m = await served(t, `openai-judge:${f.url}?keyEnv=RG_TEST_KEY`);
  const [good, bad] = await m.explain!([ask('good'), ask('bad')]);
  t.match(good, /^judge: Rating: 8; reply: …x+ so, Rating: 8$/);
  t.equal(good!.length, 'judge: Rating: 8; reply: …'.length + 600, 'the last 600 characters of a long reply');
  t.equal(bad, 'judge: no "Rating: N" (scored 5.5); reply: no verdict, and my key is [REDACTED]');
  t.same(m.warnings, [], 'explaining does not count as rating');
});

t.test('pairwise: both orders asked; agreement → 1/0, flip → 0.5 counted, unparsed → 0.5 counted', async (t) => {
  const f = await fakeAI(t);
  const m = await served(t, `openai-judge:${f.url}?model=m&mode=pairwise`);
  t.equal(m.score, undefined, 'pairwise mode compares only');
  t.same(await m.compare!([pair('longer answer', 'short'), pair('s', 'much longer')]), [1, 0]);
  const users = f.chats().map((c) => c.body!.messages!.at(-1)!.content);
  t.equal(users.length, 4, 'two requests per pair');
  t.ok(
    users.some((u) => /\[Response A\]\nlonger answer\n.*\[Response B\]\nshort\n/s.test(u)),
    'a first',
  );
  t.ok(
    users.some((u) => /\[Response A\]\nshort\n.*\[Response B\]\nlonger answer\n/s.test(u)),
    'then b first',
  );
  t.same(m.warnings, []);

  const always = await fakeAI(t, { reply: () => 'The first one. [[A]]' });
  const biased = await served(t, `openai-judge:${always.url}?model=m&mode=pairwise`);
  t.same(await biased.compare!([pair('x', 'y'), pair('p', 'q')]), [0.5, 0.5], 'verdict flips with order → tie');
  t.match(biased.warnings, [/^2 of 2 pairs flipped with order \(position bias\)/]);

  const mute = await fakeAI(t, { reply: (_u, n) => (n === 0 ? 'dunno' : '[[A]]') });
  const m2 = await served(t, `openai-judge:${mute.url}?model=m&mode=pairwise&inFlight=1`);
  t.same(await m2.compare!([pair('x', 'y')]), [0.5]);
  t.match(m2.warnings, [/^1 of 1 pair verdicts could not be parsed/]);
});

t.test('fingerprint: model, mode, temperature, maxTokens; not the URL or key', async (t) => {
  const a = await fakeAI(t);
  const b = await fakeAI(t);
  const fp = async (spec: string) => (await served(t, spec)).fingerprint;
  const base = await fp(`openai-judge:${a.url}?model=m`);
  t.equal(await fp(`openai-judge:${b.url}?model=m&keyEnv=RG_TEST_KEY`), base);
  t.not(await fp(`openai-judge:${a.url}?model=m2`), base);
  t.not(await fp(`openai-judge:${a.url}?model=m&mode=pairwise`), base);
  t.not(await fp(`openai-judge:${a.url}?model=m&temperature=0.7`), base);
  t.not(await fp(`openai-judge:${a.url}?model=m&maxTokens=10`), base);
});

t.test('429 then success: retried by the shared client', async (t) => {
  const f = await fakeAI(t, { fault: (n) => (n === 0 ? 429 : 'ok'), retryAfter: '0' });
  const m = await served(t, `openai-judge:${f.url}?model=m&${quick}`);
  t.same(await m.score!([ask('abc')]), [3]);
  t.same(
    f.chats().map((c) => c.status),
    [429, 200],
  );
});

t.test('401 whose body echoes the key: ModelError without the key; unset keyEnv is a usage error', async (t) => {
  const f = await fakeAI(t, { fault: () => 401 });
  const m = await served(t, `openai-judge:${f.url}?model=m&keyEnv=RG_TEST_KEY&${quick}`);
  const err = await m.score!([ask('abc')]).catch((e: unknown) => e);
  t.type(err, ModelError);
  t.match((err as Error).message, /401.*\[REDACTED\]/);
  t.notOk((err as Error).message.includes(KEY));
  const unset = await served(t, `openai-judge:${f.url}?model=m&keyEnv=RG_NOT_SET_XYZ`).catch((e: unknown) => e);
  t.type(unset, UsageError);
});

t.test('CLI: the planted key appears in no output file, stdout or stderr; 401 → exit 3 without the key', async (t) => {
  const dir = tmp(t);
  const data = writeJsonl(dir, 'pairs.jsonl', makePairs(6, 3));
  const f = await fakeAI(t, { requireKey: KEY });
  const env = { RG_TEST_KEY: KEY };
  const spec = `openai-judge:${f.url}?model=m&keyEnv=RG_TEST_KEY&mode=pairwise`;
  const out = join(dir, 'out');
  const r = await cliPromise(['run', '--suite', 'pairwise', '--data', data, '--model', spec, '--out', out, '--cache-dir', join(dir, 'cache')], { env });
  t.equal(r.code, 0, r.stderr);
  t.ok(f.chats().length >= 12, 'both orders for every pair');
  t.ok(f.chats().every((c) => c.authorization === `Bearer ${KEY}`));
  const files = [...filesUnder(out), ...filesUnder(join(dir, 'cache'))];
  t.ok(
    files.some((p) => p.endsWith('run.json')),
    'run.json written',
  );
  for (const p of files) t.notOk(readFileSync(p).includes(KEY), `no key in ${p}`);
  t.notOk(r.stdout.includes(KEY), 'not in stdout');
  t.notOk(r.stderr.includes(KEY), 'not in stderr');

  const g = await fakeAI(t, { requireKey: 'sk-the-right-one' });
  const bad = await cliPromise(
    [
      'run',
      '--suite',
      'pairwise',
      '--data',
      data,
      '--model',
      `openai-judge:${g.url}?model=m&keyEnv=RG_TEST_KEY&mode=pairwise`,
      '--out',
      join(dir, 'bad'),
      '--cache-dir',
      join(dir, 'cache2'),
    ],
    { env },
  );
  t.equal(bad.code, 3, bad.stderr);
  t.match(bad.stderr, /401/);
  t.notOk(bad.stderr.includes(KEY) || bad.stdout.includes(KEY), 'the 401 message does not carry the key');
  for (const p of filesUnder(dir).filter((p) => p.includes('/bad') || p.includes('/cache2'))) t.notOk(readFileSync(p).includes(KEY), `no key in ${p}`);
});
